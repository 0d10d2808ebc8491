package dev.billwright.benchmarks;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.kafka.KafkaUsage;
import dev.billwright.kafka.MeteringSerdes;
import dev.billwright.kafka.MeteringTopics;
import dev.billwright.kafka.MeteringTopology;
import dev.billwright.kafka.embedded.EmbeddedKafka;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.subscription.Subscription;
import dev.billwright.memory.InMemoryPlanCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end throughput of the billing-kafka topology (a measured harness, not JMH: the unit of
 * work is a whole pipeline): a Kafka node in this JVM, a topic of {@code PARTITIONS} partitions,
 * {@code INSTANCES} application instances with {@code exactly_once_v2}, and {@code EVENTS} usage
 * events (pre-serialized, 200 subscriptions, calls counted per region and bytes summed). The
 * clock runs from the first record produced until every event is committed by the application
 * and the aggregates have been read back by interactive queries; the result is checked against
 * the single-process aggregator. It also prints the CPU time this JVM used in that window (broker,
 * producer and instances together) and events per CPU second, which a loaded machine disturbs far
 * less than the wall-clock rate. Issue target: at least 200,000 events/s on a 2-core machine.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.billwright.benchmarks.KafkaThroughput
 * [EVENTS] [PARTITIONS] [INSTANCES] [THREADS_PER_INSTANCE] [COMMIT_INTERVAL_MS]} (defaults 300000 4 2 1
 * 1000).
 */
public final class KafkaThroughput {
  private KafkaThroughput() {}

  /**
   * Runs the measurement and prints one line of results.
   *
   * @param args optional: events, partitions, instances, threads per instance
   * @throws Exception if the pipeline fails
   */
  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int instances = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    int commitMs = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    Instant nov = Instant.parse("2026-11-01T00:00:00Z");
    Plan plan = PlanJson.read(Json.parse("""
        {"code":"api","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC"},
         "charges":[{"code":"calls","kind":"usage","meter":"calls","timing":"in_arrears",
                     "price":{"model":"per_unit","unit_price":"0.001"}},
                    {"code":"bytes","kind":"usage","meter":"bytes","timing":"in_arrears",
                     "price":{"model":"per_unit","unit_price":"0.000001"}}]}
        """, "plan"), "plan");
    Map<String, Meter> meters = Map.of(
        "calls", Meter.of("calls", "api.call", Aggregation.COUNT, null, Map.of(), List.of("region")),
        "bytes", Meter.of("bytes", "api.call", Aggregation.SUM, "bytes"));
    List<Subscription> subs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      subs.add(Subscription.builder().id("sub_" + i).customerId("cus_" + i).planCode("api").planVersion(1)
          .start(nov).build());
    }
    SubscriptionUsageAggregator aggregator = SubscriptionUsageAggregator.of(subs, InMemoryPlanCatalog.of(List.of(plan)),
        meters, Instant.parse("2026-12-01T00:00:00Z"));
    Random r = new Random(7);
    List<UsageEvent> list = new ArrayList<>(events);
    List<byte[][]> records = new ArrayList<>(events);
    String[] regions = {"ap-south-1", "eu-west-1", "us-east-1"};
    for (int i = 0; i < events; i++) {
      UsageEvent e = UsageEvent.of("e" + i, "cus_" + r.nextInt(200), null, "api.call",
          nov.plusMillis((long) r.nextInt(29 * 86_400) * 1000 + r.nextInt(1000)),
          Map.of("region", regions[r.nextInt(3)], "bytes", Integer.toString(r.nextInt(10_000))));
      list.add(e);
      records.add(new byte[][] {e.id().getBytes(StandardCharsets.UTF_8),
          MeteringSerdes.writeEvent(e)});
    }
    SubscriptionUsage expected = aggregator.aggregate(list);
    Path base = Files.createDirectories(Path.of("target", "kafka-throughput"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(base)) {
      MeteringTopics topics = MeteringTopics.withPrefix("bench");
      kafka.createTopics(partitions, topics.events(), topics.rejected(), topics.late(), topics.aggregated());
      MeteringTopology topology = MeteringTopology.of(aggregator, topics);
      List<KafkaStreams> running = new ArrayList<>();
      String appId = "billwright-bench";
      for (int i = 0; i < instances; i++) {
        Properties p = MeteringTopology.config(appId, kafka.bootstrapServers(),
            Files.createTempDirectory(base, "state-"));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        KafkaStreams s = new KafkaStreams(topology.build(), p);
        s.start();
        running.add(s);
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (running.stream().anyMatch(s -> s.state() != KafkaStreams.State.RUNNING) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
          ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
        for (byte[][] rec : records) {
          producer.send(new ProducerRecord<>(topics.events(), rec[0], rec[1]));
        }
        producer.flush();
      }
      long produced = System.nanoTime();
      try (Admin admin = kafka.admin()) {
        KafkaUsage.awaitCaughtUp(admin, appId, topics.events(), Duration.ofMinutes(30));
      }
      KafkaUsage usage = KafkaUsage.query(running, partitions, Duration.ofMinutes(1));
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      boolean exact = usage.usage().quantities().equals(expected.quantities())
          && usage.usage().eventsBilled() == expected.eventsBilled();
      double secs = (t1 - t0) / 1e9; // elapsed seconds: a timing, never an amount
      double cpuSecs = (cpu1 - cpu0) / 1e9; // CPU seconds of this JVM (broker, producer, instances): a timing
      System.out.printf("KafkaThroughput events=%d partitions=%d instances=%d threads=%d commit=%dms exactly_once_v2: "
          + "%.1f s end to end (produce %.1f s), %.0f events/s, %.1f CPU s (%.0f events per CPU second), "
          + "load average %.1f, aggregates %s the single-process result%n",
          events, partitions, instances, threads, commitMs, secs, (produced - t0) / 1e9, events / secs, cpuSecs,
          events / cpuSecs, os.getSystemLoadAverage(), exact ? "equal" : "DIFFER FROM");
      for (KafkaStreams s : running) {
        s.close(Duration.ofSeconds(30));
      }
      if (!exact) {
        System.exit(1);
      }
    }
  }
}
