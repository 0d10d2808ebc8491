package dev.billwright.kafka;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that runs its task's <em>before-commit hook</em> before its caches are flushed
 * for a commit ({@code flushCache}, the per-commit path) and before it commits ({@code commit}):
 * the metering processor keeps a batch of events in memory and must write it into the stores
 * before Kafka Streams takes the task's input offsets into a transaction. Streams commits every
 * store of a task in {@code StreamTask#prepareCommit}, before it reads the offsets to commit and
 * before the producer flushes; each of the processor's stores is one of these, so the first store
 * committed runs the hook (writing into all of the task's stores, whose caches are then committed
 * in turn) and the others find the batch empty. Reads and writes go straight to the wrapped store.
 *
 * <p>Hooks are keyed by the task's state directory (unique per instance and task), so two
 * instances in one JVM never share one.
 */
final class BeforeCommitStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
    implements KeyValueStore<K, V> {
  /** The hooks of the tasks of one topology: state directory of the task → hook. */
  static final class Hooks {
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();

    void register(java.io.File taskDir, Runnable hook) {
      hooks.put(taskDir.getAbsolutePath(), hook);
    }

    void unregister(java.io.File taskDir, Runnable hook) {
      hooks.remove(taskDir.getAbsolutePath(), hook);
    }

    void run(String key) {
      Runnable h = key == null ? null : hooks.get(key);
      if (h != null) {
        h.run();
      }
    }
  }

  private final KeyValueStore<K, V> inner;
  private final Hooks hooks;
  private String key;

  BeforeCommitStore(KeyValueStore<K, V> inner, Hooks hooks) {
    super(Objects.requireNonNull(inner, "inner"));
    this.inner = inner;
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  /** A builder of these stores around another builder's stores. */
  static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner, Hooks hooks) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
      }

      @Override
      public KeyValueStore<K, V> build() {
        return new BeforeCommitStore<>(inner.build(), hooks);
      }

      @Override
      public Map<String, String> logConfig() {
        return inner.logConfig();
      }

      @Override
      public boolean loggingEnabled() {
        return inner.loggingEnabled();
      }

      @Override
      public String name() {
        return inner.name();
      }
    };
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    this.key = context.stateDir().getAbsolutePath();
    super.init(context, root);
  }

  /** Streams' per-commit path under exactly-once: flush the store caches into the transaction. */
  @Override
  public void flushCache() {
    hooks.run(key);
    super.flushCache();
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    hooks.run(key);
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    hooks.run(key);
    super.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  @SuppressWarnings("deprecation")
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  @Override
  public org.apache.kafka.streams.query.Position getPosition() {
    return inner.getPosition();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    return inner.query(query, bound, config);
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public void put(K k, V v) {
    inner.put(k, v);
  }

  @Override
  public V putIfAbsent(K k, V v) {
    return inner.putIfAbsent(k, v);
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    inner.putAll(entries);
  }

  @Override
  public V delete(K k) {
    return inner.delete(k);
  }

  @Override
  public V get(K k) {
    return inner.get(k);
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return inner.all();
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    return inner.reverseAll();
  }

  @Override
  public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<K, V> prefixScan(
      P prefix, PS serializer) {
    return inner.prefixScan(prefix, serializer);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }
}
