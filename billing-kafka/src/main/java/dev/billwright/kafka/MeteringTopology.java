package dev.billwright.kafka;

import dev.billwright.rating.SubscriptionUsageAggregator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * A Kafka Streams topology that meters usage events with billing-core's own rules: built from
 * the host's {@link SubscriptionUsageAggregator} (subscriptions, catalog, meters, until, binding,
 * invoiced windows, accounts), it reads the events topic and, for each record, in order:
 *
 * <ol>
 *   <li><b>validates</b> it: strict UTF-8, Billwright's event form ({@link MeteringSerdes}), the
 *       record key equal to the event id; a bad record goes to the rejected topic with its
 *       original key and value bytes and the reason (header {@value #REASON_HEADER});</li>
 *   <li><b>deduplicates</b> it by event id in the persistent store {@value #DEDUP_STORE} (id →
 *       content fingerprint, remembered for the dedup retention): an equal copy is dropped and
 *       counted, a copy with other content is a conflict, sent to the rejected topic and
 *       reported;</li>
 *   <li><b>binds</b> it to its subscription and window and <b>aggregates</b> it, by the
 *       aggregator's own code: one {@link SubscriptionUsageAggregator.Run} per task takes the
 *       events, and its {@linkplain SubscriptionUsageAggregator.Run#partials() partials} are merged
 *       into the persistent store {@value #AGGREGATE_STORE}, keyed by (subscription, charge,
 *       period, group), before every commit of the task (the stores run the task's flush before
 *       their caches are committed), at each emit and every 50,000 events;</li>
 *   <li>routes an event of an already-invoiced window to the late topic.</li>
 * </ol>
 *
 * <p>What no subscription claims, ambiguous and unusable events and the counters are kept in the
 * store {@value #REPORT_STORE}. All three stores are RocksDB stores with a changelog topic; with
 * {@link #config} processing is {@code exactly_once_v2}, so a store, its changelog, the output
 * topics and the input offsets move together: after a crash or rebalance every event counts
 * exactly once. The input topic must be keyed by event id (all copies of an id in one
 * partition), which is what makes per-partition dedup exact; partials of different partitions
 * merge exactly ({@link KafkaUsage}).
 *
 * <p>Every {@code emitInterval} (wall clock) each changed partial is also written to the
 * aggregated topic; on a task's start every partial of its partition is written once, so the
 * topic catches up after a crash.
 */
public final class MeteringTopology {
  /**
   * The dedup store: event id → content fingerprint and first-seen stream time (16 bytes), kept
   * for the {@linkplain #withDedupRetention dedup retention}.
   */
  public static final String DEDUP_STORE = "billwright-dedup";
  /** The aggregate store: aggregate key ({@link MeteringSerdes#encodeKey}) → partial. */
  public static final String AGGREGATE_STORE = "billwright-aggregates";
  /** The report store: counters and unclaimed, ambiguous, conflicting, late and unusable events. */
  public static final String REPORT_STORE = "billwright-report";
  /** The header of a rejected record that says why. */
  public static final String REASON_HEADER = "billwright.reason";
  /** The header of a rejected record that names its source topic, partition and offset. */
  public static final String SOURCE_HEADER = "billwright.source";

  static final String SOURCE = "usage-events";
  static final String PROCESSOR = "meter";
  static final String REJECTED_SINK = "rejected";
  static final String LATE_SINK = "late";
  static final String AGGREGATED_SINK = "aggregated";

  /**
   * The default dedup retention: an event id is remembered for 34 days of stream time after it
   * was first seen (a month of billing plus a few days for producers' retries; Metronome's
   * documented window for idempotency keys).
   */
  public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(34);
  /** The default wall-clock interval of the sweep that deletes dedup entries past retention. */
  public static final Duration DEFAULT_DEDUP_SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final SubscriptionUsageAggregator aggregator;
  private final MeteringTopics topics;
  private final Duration emitInterval;
  private final Duration dedupRetention;
  private final Duration sweepInterval;

  private MeteringTopology(SubscriptionUsageAggregator aggregator, MeteringTopics topics, Duration emitInterval,
      Duration dedupRetention, Duration sweepInterval) {
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.emitInterval = positive("emitInterval", emitInterval);
    this.dedupRetention = positive("dedupRetention", dedupRetention);
    this.sweepInterval = positive("dedupSweepInterval", sweepInterval);
    try {
      dedupRetention.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("dedupRetention must be at most " + Long.MAX_VALUE + " ms, got "
          + dedupRetention, e);
    }
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /**
   * A topology for an aggregator and topics, writing the aggregated topic every second.
   *
   * @param aggregator the host's aggregator (its dedup store is replaced by the topology's), not null
   * @param topics the topics, not null
   * @return the topology builder, never null
   */
  public static MeteringTopology of(SubscriptionUsageAggregator aggregator, MeteringTopics topics) {
    return new MeteringTopology(aggregator, topics, Duration.ofSeconds(1), DEFAULT_DEDUP_RETENTION,
        DEFAULT_DEDUP_SWEEP_INTERVAL);
  }

  /**
   * Returns a copy writing the aggregated topic at another interval.
   *
   * @param interval the wall-clock interval, positive, not null
   * @return the copy, never null
   * @throws IllegalArgumentException if the interval is not positive
   */
  public MeteringTopology withEmitInterval(Duration interval) {
    return new MeteringTopology(aggregator, topics, interval, dedupRetention, sweepInterval);
  }

  /**
   * Returns a copy that remembers event ids for another retention. Time is <em>stream time</em>:
   * the largest Kafka record timestamp the task has read (for records produced in order, about
   * when they were produced), so a replay after a crash decides every copy as the first run did.
   * A copy of an id first seen more than {@code retention} before the current stream time is a
   * new event (counted again; not a duplicate or conflict), and its entry is replaced; a copy
   * within the retention is deduplicated as before. A sweep every
   * {@linkplain #withDedupSweepInterval sweep interval} deletes entries past retention (up to
   * 100,000 a sweep, resuming where the last one stopped), which bounds the store and its
   * compacted changelog. {@code Duration.ofMillis(Long.MAX_VALUE)} keeps ids for good.
   *
   * @param retention how long an id is remembered after it was first seen, positive, at most
   *     {@code Long.MAX_VALUE} ms, not null (default {@link #DEFAULT_DEDUP_RETENTION})
   * @return the copy, never null
   * @throws IllegalArgumentException if the retention is not positive or too long
   */
  public MeteringTopology withDedupRetention(Duration retention) {
    return new MeteringTopology(aggregator, topics, emitInterval, retention, sweepInterval);
  }

  /**
   * Returns a copy whose dedup sweep runs at another wall-clock interval.
   *
   * @param interval the interval, positive, not null (default {@link #DEFAULT_DEDUP_SWEEP_INTERVAL})
   * @return the copy, never null
   * @throws IllegalArgumentException if the interval is not positive
   */
  public MeteringTopology withDedupSweepInterval(Duration interval) {
    return new MeteringTopology(aggregator, topics, emitInterval, dedupRetention, interval);
  }

  /**
   * Returns the dedup retention.
   *
   * @return the retention, positive, never null
   */
  public Duration dedupRetention() {
    return dedupRetention;
  }

  /**
   * Returns the topics.
   *
   * @return the topics, never null
   */
  public MeteringTopics topics() {
    return topics;
  }

  /**
   * Builds the topology: a source, the metering processor with its three stores, and sinks to
   * the rejected, late and aggregated topics.
   *
   * @return a new topology, never null
   */
  public Topology build() {
    Topology t = new Topology();
    BeforeCommitStore.Hooks hooks = new BeforeCommitStore.Hooks();
    t.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.events());
    t.addProcessor(PROCESSOR, () -> new MeteringProcessor(aggregator, emitInterval, dedupRetention, sweepInterval,
        hooks), SOURCE);
    // no store cache for dedup: the processor batches new ids itself and writes them in one putAll
    t.addStateStore(BeforeCommitStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUP_STORE),
        Serdes.String(), Serdes.ByteArray()), hooks).withCachingDisabled(), PROCESSOR);
    t.addStateStore(BeforeCommitStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
        AGGREGATE_STORE), Serdes.String(), Serdes.ByteArray()), hooks).withCachingEnabled(), PROCESSOR);
    t.addStateStore(BeforeCommitStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REPORT_STORE),
        Serdes.String(), Serdes.String()), hooks).withCachingEnabled(), PROCESSOR);
    t.addSink(REJECTED_SINK, topics.rejected(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
    t.addSink(LATE_SINK, topics.late(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    t.addSink(AGGREGATED_SINK, topics.aggregated(), new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    return t;
  }

  /**
   * The Streams configuration the topology is meant to run with: {@code exactly_once_v2}, the
   * given application id, bootstrap servers and state directory, one stream thread, a 1,000 ms
   * commit interval [100 ms under exactly-once], a 32 MiB store cache, and throughput settings (the
   * Kafka defaults in brackets): consumer {@code max.poll.records} 10,000 [500],
   * {@code max.partition.fetch.bytes} 4 MiB [1 MiB], {@code fetch.min.bytes} 256 KiB [1 B] and
   * {@code fetch.max.wait.ms} 50 [500]; producer {@code linger.ms} 20 [5], {@code batch.size} 256 KiB [16 KiB] and
   * {@code compression.type} lz4 [none]. The host may add to it or override it (threads, standby
   * replicas, {@code application.server}, a longer commit interval for fewer transactions).
   *
   * @param applicationId the application id (consumer group and prefix of internal topics), not blank
   * @param bootstrapServers the brokers, not blank
   * @param stateDir where the RocksDB stores live, not null
   * @return new properties, never null
   */
  public static Properties config(String applicationId, String bootstrapServers, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // under exactly-once each commit is a transaction (markers on every partition written) and a
    // flush of the task's batch: a second between commits, not Streams' 100 ms default under EOS
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // larger polls and fetches: the processor batches events in memory, so more per poll is cheaper
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 4 * 1024 * 1024);
    // fewer, fuller fetches: wait up to 50 ms for 256 KiB
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 256 * 1024);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
    // changelog and output records go out in large batches; a commit flushes the producer anyway
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    return p;
  }
}
