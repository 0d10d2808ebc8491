package dev.billwright.examples.cli;

import dev.billwright.kafka.KafkaUsage;
import dev.billwright.kafka.MeteringSerdes;
import dev.billwright.kafka.MeteringTopics;
import dev.billwright.kafka.MeteringTopology;
import dev.billwright.kafka.embedded.EmbeddedKafka;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code bill --via-kafka}: the month's usage aggregated on Kafka Streams. A Kafka node starts in
 * this process on loopback ports, the events are produced to a four-partition topic keyed by
 * event id (in the binary event form), two instances of the billing-kafka topology ({@code exactly_once_v2}) aggregate them,
 * and the aggregates are read back by interactive queries for the bill run.
 */
final class KafkaVia implements MonthRun.AggregationVia {
  static final int PARTITIONS = 4;
  private final Path dir;
  private final PrintWriter log;

  KafkaVia(Path dir, PrintWriter log) {
    this.dir = dir;
    this.log = log;
  }

  @Override
  public Pipeline open(SubscriptionUsageAggregator aggregator) {
    return new KafkaPipeline(aggregator);
  }

  private final class KafkaPipeline implements Pipeline {
    final long started = System.nanoTime();
    final EmbeddedKafka kafka;
    final MeteringTopics topics = MeteringTopics.withPrefix("billwright");
    final KafkaStreams a;
    final KafkaStreams b;
    final KafkaProducer<byte[], byte[]> producer;
    long produced;

    KafkaPipeline(SubscriptionUsageAggregator aggregator) {
      kafka = EmbeddedKafka.start(dir);
      try {
        kafka.createTopics(PARTITIONS, topics.events(), topics.rejected(), topics.late(), topics.aggregated());
        MeteringTopology topology = MeteringTopology.of(aggregator, topics);
        Path state = Files.createDirectories(dir.resolve("state"));
        a = start(topology, Files.createTempDirectory(state, "instance-a-"));
        b = start(topology, Files.createTempDirectory(state, "instance-b-"));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
            new ByteArraySerializer(), new ByteArraySerializer());
        log.printf("kafka: node at %s, topic %s (%d partitions), two instances (exactly_once_v2)%n",
            kafka.bootstrapServers(), topics.events(), PARTITIONS);
        log.flush();
      } catch (java.io.IOException e) {
        kafka.close();
        throw new java.io.UncheckedIOException(e);
      }
    }

    KafkaStreams start(MeteringTopology topology, Path stateDir) {
      Properties p = MeteringTopology.config("billwright-bill", kafka.bootstrapServers(), stateDir);
      KafkaStreams s = new KafkaStreams(topology.build(), p);
      s.start();
      return s;
    }

    @Override
    public void accept(UsageEvent event) {
      // the binary event form: no JSON to write here or to parse in the topology
      producer.send(new ProducerRecord<>(topics.events(), event.id().getBytes(StandardCharsets.UTF_8),
          MeteringSerdes.writeEvent(event)));
      produced++;
    }

    @Override
    public SubscriptionUsage finish() {
      try {
        producer.flush();
        long producedAt = System.nanoTime();
        try (Admin admin = kafka.admin()) {
          KafkaUsage.awaitCaughtUp(admin, "billwright-bill", topics.events(), Duration.ofMinutes(10));
        }
        KafkaUsage usage = KafkaUsage.query(List.of(a, b), PARTITIONS, Duration.ofMinutes(1));
        double secs = (System.nanoTime() - started) / 1e9; // a timing, never an amount
        log.printf("kafka: %,d events produced and aggregated in %.1f s (%.0f events/s end to end; the last "
            + "%.1f s after the producer finished)%n", produced, secs, produced / secs,
            (System.nanoTime() - producedAt) / 1e9);
        log.flush();
        return usage.usage();
      } finally {
        producer.close(Duration.ofSeconds(10));
        a.close(Duration.ofSeconds(30));
        b.close(Duration.ofSeconds(30));
        kafka.close();
      }
    }
  }
}
