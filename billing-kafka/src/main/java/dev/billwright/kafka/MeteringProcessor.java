package dev.billwright.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.json.Json;
import dev.billwright.metering.Accumulator;
import dev.billwright.metering.ConflictingDuplicate;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.LateEvent;
import dev.billwright.metering.UnusableEvent;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UnclaimedUsage;
import dev.billwright.rating.UsageKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The processor of {@link MeteringTopology}, one per task (input partition). Not thread-safe: a
 * task is processed by one thread at a time.
 */
final class MeteringProcessor implements Processor<byte[], byte[], Object, Object> {
  static final String COUNTERS = "[\"counters\"]";

  private final SubscriptionUsageAggregator aggregator;
  private final Duration emitInterval;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> dedup;
  private KeyValueStore<String, byte[]> aggregates;
  private KeyValueStore<String, String> report;
  private SubscriptionUsageAggregator.Run template;
  /** Deserialized partials of this task, always equal to the store's (written through on change). */
  private final Map<String, AggregatePartial> cache = new HashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private final Map<UsageKey, Map<Map<String, String>, String>> keys = new HashMap<>();
  private static final int MAX_MEMOIZED_GROUPS = 10_000;
  private Counters counters;
  private int partition;
  private final BeforeCommitStore.Hooks hooks;
  private final Runnable beforeCommit = this::flush;
  private java.io.File taskDir;
  private StoreDedup storeDedup;
  /** The events taken since the last flush, in one run; written to the stores by {@link #flush}. */
  private SubscriptionUsageAggregator.Run batch;
  private int batched;
  /** The batch is written to the stores at least every this many events (bounds its memory). */
  static final int MAX_BATCH = 50_000;

  private final Duration dedupRetention;
  private final Duration sweepInterval;
  /** The dedup sweep resumes after this key (null: from the start). */
  private String sweepFrom;
  /** The most dedup entries one sweep looks at. */
  static final int SWEEP_BUDGET = 100_000;

  MeteringProcessor(SubscriptionUsageAggregator aggregator, Duration emitInterval, Duration dedupRetention,
      Duration sweepInterval, BeforeCommitStore.Hooks hooks) {
    this.aggregator = aggregator;
    this.emitInterval = emitInterval;
    this.dedupRetention = dedupRetention;
    this.sweepInterval = sweepInterval;
    this.hooks = hooks;
  }

  @Override
  public void init(ProcessorContext<Object, Object> ctx) {
    this.context = ctx;
    this.dedup = ctx.getStateStore(MeteringTopology.DEDUP_STORE);
    this.aggregates = ctx.getStateStore(MeteringTopology.AGGREGATE_STORE);
    this.report = ctx.getStateStore(MeteringTopology.REPORT_STORE);
    this.partition = ctx.taskId().partition();
    this.storeDedup = new StoreDedup(dedup, dedupRetention.toMillis());
    this.template = aggregator.withDedup(storeDedup).start();
    this.batch = template.fork();
    this.counters = Counters.read(report.get(COUNTERS));
    try (KeyValueIterator<String, byte[]> all = aggregates.all()) {
      all.forEachRemaining(kv -> dirty.add(kv.key));
    }
    ctx.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
      flush();
      emit();
    });
    ctx.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, now -> sweep());
    this.taskDir = ctx.stateDir();
    hooks.register(taskDir, beforeCommit);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    UsageEvent event;
    try {
      byte[] value = record.value();
      if (value == null) {
        throw new IllegalArgumentException("record value must be an event, got null");
      }
      Header format = record.headers().lastHeader(MeteringSerdes.EVENT_FORMAT_HEADER);
      if (format != null) {
        String f = new String(format.value(), StandardCharsets.UTF_8);
        boolean binary = value.length > 0 && value[0] == MeteringSerdes.EVENT_FORMAT_BINARY;
        if (!f.equals(binary ? "2" : "1")) {
          throw new IllegalArgumentException(MeteringSerdes.EVENT_FORMAT_HEADER + " must be " + (binary ? "2 for a "
              + "binary event" : "1 for a JSON event (2 for a binary one, which starts with the byte 2)") + ", got " + f);
        }
      }
      event = MeteringSerdes.readEvent(value, "record");
      String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
      if (!event.id().equals(key)) {
        throw new IllegalArgumentException("record key must be the event id " + event.id() + " (all copies of an"
            + " id in one partition), got " + key);
      }
    } catch (RuntimeException e) {
      counters.invalid++;
      reject(record, source(), "invalid: " + e.getMessage());
      writeCounters();
      return;
    }
    int lateBefore = batch.lateSoFar().size();
    storeDedup.last = null;
    storeDedup.now = Math.max(context.currentStreamTimeMs(), record.timestamp());
    batch.accept(event);
    batched++;
    // conflicts and late events are rare: their output and report go out with their record
    if (storeDedup.last == DedupOutcome.CONFLICT) {
      String source = source();
      ObjectNode o = Json.object();
      o.put("scope", dev.billwright.metering.DedupScope.GLOBAL.scopeOf(event));
      o.set("event", UsageEventJson.write(event));
      report.put(key("c", event.id(), source), MeteringSerdes.compact(o));
      reject(record, source, "conflict: event id " + event.id() + " was seen before with other content");
    }
    java.util.List<LateEvent> late = batch.lateSoFar();
    for (int i = lateBefore; i < late.size(); i++) {
      LateEvent l = late.get(i);
      byte[] bytes = MeteringSerdes.writeLate(l);
      report.put(key("l", l.event().id()), new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8));
      context.forward(new Record<Object, Object>(l.event().id(), bytes, record.timestamp()), MeteringTopology.LATE_SINK);
    }
    if (batched >= MAX_BATCH) {
      flush();
    }
  }

  /** The record's topic, partition and offset, for reports (built only when one is written). */
  private String source() {
    return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
  }

  /**
   * Deletes dedup entries past the retention (by stream time), looking at up to
   * {@link #SWEEP_BUDGET} entries after where the last sweep stopped, and wrapping around.
   * Lookups already ignore such entries; the sweep only bounds the store's size.
   */
  private void sweep() {
    long now = context.currentStreamTimeMs();
    if (now < 0) {
      return; // no record yet: no stream time
    }
    java.util.List<String> expired = new java.util.ArrayList<>();
    int seen = 0;
    String last = null;
    try (KeyValueIterator<String, byte[]> it = sweepFrom == null ? dedup.all() : dedup.range(sweepFrom, null)) {
      while (it.hasNext() && seen < SWEEP_BUDGET) {
        org.apache.kafka.streams.KeyValue<String, byte[]> kv = it.next();
        seen++;
        if (kv.key.equals(sweepFrom)) {
          continue;
        }
        last = kv.key;
        if (StoreDedup.expired(kv.value, now, storeDedup.retention)) {
          expired.add(kv.key);
        }
      }
      sweepFrom = it.hasNext() ? last : null;
    }
    expired.forEach(dedup::delete);
  }

  /**
   * Writes the batch (the events taken since the last flush) into the stores and starts an
   * empty one: its partials merged into the aggregate store, its counters and unusable,
   * unclaimed and ambiguous events into the report store. Runs before every commit (the stores'
   * before-commit hook), at each emit and every {@link #MAX_BATCH} events.
   */
  private void flush() {
    if (batched == 0) {
      return;
    }
    SubscriptionUsage u = batch.result();
    counters.add(u);
    for (UnusableEvent x : u.unusable()) {
      ObjectNode o = Json.object();
      o.set("event", UsageEventJson.write(x.event()));
      x.meter().ifPresent(m -> o.put("meter", m));
      o.put("reason", x.reason());
      report.put(key("n", x.event().id(), x.meter().orElse("")), MeteringSerdes.compact(o));
    }
    UnclaimedUsage un = u.unclaimed();
    un.counts().forEach((customer, per) -> per.forEach((meter, n) -> addCount(key("u", customer, meter), n)));
    un.paused().forEach((sub, per) -> per.forEach((meter, n) -> addCount(key("p", sub, meter), n)));
    for (UnclaimedUsage.Ambiguous a : un.ambiguous()) {
      ObjectNode o = Json.object();
      o.set("event", UsageEventJson.write(a.event()));
      ArrayNode c = o.putArray("candidates");
      a.candidates().forEach(c::add);
      report.put(key("a", a.event().id()), MeteringSerdes.compact(o));
    }
    deltas(batch.partials(), u.statistics(), this::encodedKey).forEach(this::mergeInto);
    storeDedup.flush();
    writeCounters();
    batch = template.fork();
    batched = 0;
  }

  /** One run's partials and statistics as partials by encoded aggregate key. */
  static Map<String, AggregatePartial> deltas(Map<UsageKey, Map<Map<String, String>, Accumulator>> partials,
      Map<UsageKey, Map<Map<String, String>, EventStatistics>> statistics) {
    return deltas(partials, statistics, MeteringSerdes::encodeKey);
  }

  private static Map<String, AggregatePartial> deltas(Map<UsageKey, Map<Map<String, String>, Accumulator>> partials,
      Map<UsageKey, Map<Map<String, String>, EventStatistics>> statistics,
      java.util.function.BiFunction<UsageKey, Map<String, String>, String> encode) {
    Map<String, AggregatePartial> deltas = new LinkedHashMap<>();
    partials.forEach((k, groups) -> groups.forEach((g, acc) ->
        deltas.put(encode.apply(k, g), new AggregatePartial(Optional.of(acc), Optional.empty()))));
    statistics.forEach((k, groups) -> groups.forEach((g, st) -> deltas.merge(encode.apply(k, g),
        new AggregatePartial(Optional.empty(), Optional.of(st)), (a, b) -> new AggregatePartial(a.accumulator(),
            b.statistics()))));
    return deltas;
  }

  /** The encoded aggregate key, memoized: the key space (subscriptions × charges × periods × groups) is small. */
  private String encodedKey(UsageKey key, Map<String, String> group) {
    Map<Map<String, String>, String> groups = keys.computeIfAbsent(key, k -> new HashMap<>());
    String k = groups.get(group);
    if (k == null) {
      if (groups.size() >= MAX_MEMOIZED_GROUPS) {
        return MeteringSerdes.encodeKey(key, group);
      }
      k = MeteringSerdes.encodeKey(key, group);
      groups.put(Map.copyOf(group), k);
    }
    return k;
  }

  private void mergeInto(String key, AggregatePartial delta) {
    AggregatePartial stored = cache.get(key);
    if (stored == null) {
      byte[] b = aggregates.get(key);
      stored = b == null ? AggregatePartial.EMPTY : MeteringSerdes.readPartial(b, MeteringTopology.AGGREGATE_STORE);
    }
    Optional<Accumulator> acc = stored.accumulator();
    if (delta.accumulator().isPresent()) {
      if (acc.isPresent()) {
        acc.get().merge(delta.accumulator().get());
      } else {
        acc = delta.accumulator();
      }
    }
    Optional<EventStatistics> st = stored.statistics();
    if (delta.statistics().isPresent()) {
      st = Optional.of(st.map(s -> s.merge(delta.statistics().get())).orElse(delta.statistics().get()));
    }
    AggregatePartial merged = new AggregatePartial(acc, st);
    cache.put(key, merged);
    aggregates.put(key, MeteringSerdes.writePartial(merged));
    dirty.add(key);
  }

  private void emit() {
    for (String key : dirty) {
      byte[] b = aggregates.get(key);
      if (b != null) {
        context.forward(new Record<Object, Object>(key + "@" + partition, b, context.currentSystemTimeMs()),
            MeteringTopology.AGGREGATED_SINK);
      }
    }
    dirty.clear();
  }

  private void reject(Record<byte[], byte[]> record, String source, String reason) {
    RecordHeaders h = new RecordHeaders(record.headers().toArray());
    h.add(MeteringTopology.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    h.add(MeteringTopology.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
    context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), h),
        MeteringTopology.REJECTED_SINK);
  }

  private void addCount(String key, long n) {
    String old = report.get(key);
    report.put(key, Long.toString((old == null ? 0 : Long.parseLong(old)) + n));
  }

  private void writeCounters() {
    report.put(COUNTERS, counters.write());
  }

  static String key(String kind, String... parts) {
    ArrayNode a = Json.mapper().createArrayNode();
    a.add(kind);
    for (String p : parts) {
      a.add(p);
    }
    return MeteringSerdes.compact(a);
  }

  @Override
  public void close() {
    // Streams commits (and so flushes) a task before it closes it cleanly; a batch still here is
    // of a dirty close, whose transaction is aborted: dropping it is what exactly-once needs.
    hooks.unregister(taskDir, beforeCommit);
    batch = template.fork();
    batched = 0;
    storeDedup.pending.clear();
    cache.clear();
    dirty.clear();
  }

  /**
   * The dedup SPI over the task's persistent store, batched: ids first seen since the last flush
   * are kept in memory (so a later copy in the batch is found there) and written to the store in
   * one {@code putAll} by {@link #flush} (before every commit, with the rest of the batch). An
   * entry is the 8-byte content fingerprint and the 8-byte stream time (ms) the id was first seen,
   * big-endian; an entry older than the retention is ignored (the id is new again) and replaced.
   */
  static final class StoreDedup implements DeduplicationStore {
    private final KeyValueStore<String, byte[]> store;
    final long retention;
    final Map<String, byte[]> pending = new HashMap<>();
    /** The outcome of the last lookup. */
    DedupOutcome last;
    /** The stream time of the record being processed, ms. */
    long now;

    StoreDedup(KeyValueStore<String, byte[]> store, long retentionMs) {
      this.store = store;
      this.retention = retentionMs;
    }

    @Override
    public DedupOutcome firstSeen(String scope, String eventId, long fingerprint) {
      String key = scope.isEmpty() ? eventId : scope + "\u0000" + eventId;
      byte[] seen = pending.get(key);
      if (seen == null) {
        seen = store.get(key);
      }
      if (seen != null && expired(seen, now, retention)) {
        seen = null; // past retention: forgotten (and replaced below)
      }
      if (seen == null) {
        pending.put(key, entry(fingerprint, now));
        last = DedupOutcome.NEW;
      } else {
        last = fingerprintOf(seen) == fingerprint ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
      }
      return last;
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      java.util.List<org.apache.kafka.streams.KeyValue<String, byte[]>> all = new java.util.ArrayList<>(pending.size());
      pending.forEach((k, v) -> all.add(org.apache.kafka.streams.KeyValue.pair(k, v)));
      store.putAll(all);
      pending.clear();
    }

    static byte[] entry(long fingerprint, long seenAt) {
      return java.nio.ByteBuffer.allocate(16).putLong(fingerprint).putLong(seenAt).array();
    }

    static long fingerprintOf(byte[] entry) {
      return java.nio.ByteBuffer.wrap(entry).getLong(0);
    }

    static boolean expired(byte[] entry, long now, long retention) {
      if (entry.length != 16) {
        throw new IllegalStateException(MeteringTopology.DEDUP_STORE + ": entries are 16 bytes, got " + entry.length);
      }
      long seenAt = java.nio.ByteBuffer.wrap(entry).getLong(8);
      return now - seenAt > retention;
    }
  }

  /** The counters of one partition. */
  static final class Counters {
    long read;
    long billed;
    long duplicates;
    long conflicts;
    long withoutMeter;
    long unclaimed;
    long late;
    long unusableEvents;
    long invalid;

    void add(SubscriptionUsage u) {
      read += u.eventsRead();
      billed += u.eventsBilled();
      duplicates += u.duplicatesDropped();
      conflicts += u.conflicts().size();
      withoutMeter += u.eventsWithoutMeter();
      unclaimed += u.unclaimed().events();
      late += u.lateEvents().size();
      unusableEvents += u.eventsUnusable();
    }

    void merge(Counters o) {
      read += o.read;
      billed += o.billed;
      duplicates += o.duplicates;
      conflicts += o.conflicts;
      withoutMeter += o.withoutMeter;
      unclaimed += o.unclaimed;
      late += o.late;
      unusableEvents += o.unusableEvents;
      invalid += o.invalid;
    }

    /** The counters as {@code 1,read,billed,duplicates,conflicts,without_meter,unclaimed,late,unusable,invalid}. */
    String write() {
      return "1," + read + "," + billed + "," + duplicates + "," + conflicts + "," + withoutMeter + "," + unclaimed
          + "," + late + "," + unusableEvents + "," + invalid;
    }

    static Counters read(String text) {
      Counters c = new Counters();
      if (text == null) {
        return c;
      }
      String[] f = text.split(",");
      if (f.length != 10 || !f[0].equals("1")) {
        throw new IllegalStateException(MeteringTopology.REPORT_STORE + ": counters of format 1 expected, got " + text);
      }
      c.read = Long.parseLong(f[1]);
      c.billed = Long.parseLong(f[2]);
      c.duplicates = Long.parseLong(f[3]);
      c.conflicts = Long.parseLong(f[4]);
      c.withoutMeter = Long.parseLong(f[5]);
      c.unclaimed = Long.parseLong(f[6]);
      c.late = Long.parseLong(f[7]);
      c.unusableEvents = Long.parseLong(f[8]);
      c.invalid = Long.parseLong(f[9]);
      return c;
    }
  }

}
