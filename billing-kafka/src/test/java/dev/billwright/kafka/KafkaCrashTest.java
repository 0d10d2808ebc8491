package dev.billwright.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.kafka.embedded.EmbeddedKafka;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.SubscriptionUsage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * An application instance in a child JVM killed by SIGKILL ({@link Process#destroyForcibly()})
 * while records stream in: no close, no commit, no leave-group, an open transaction left to the
 * broker. The in-process survivor takes over its partitions, then an instance restarted on the
 * killed one's state directory joins; the aggregates equal the single-process aggregator over the
 * same records (duplicates, conflicting copies, invalid records, shuffled order), exactly.
 */
class KafkaCrashTest {
  static final int PARTITIONS = 4;

  @Test
  void anInstanceKilledWithSigkillMidStreamLosesAndDoublesNothing() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target", "kafka-sigkill"))) {
      MeteringTopics topics = MeteringTopics.withPrefix("sigkill");
      kafka.createTopics(PARTITIONS, topics.events(), topics.rejected(), topics.late(), topics.aggregated());
      List<MeteringFixture.Rec> records = MeteringFixture.records(12_000, 99);
      MeteringTopology topology = MeteringTopology.of(MeteringFixture.aggregator(), topics)
          .withEmitInterval(Duration.ofMillis(200));
      Path state = Files.createDirectories(Path.of("target", "kafka-sigkill-state"));
      String appId = "billwright-sigkill-test";
      Path childState = Files.createTempDirectory(state, "child-");

      KafkaStreams a = new KafkaStreams(topology.build(), MeteringChild.config(kafka.bootstrapServers(), appId,
          Files.createTempDirectory(state, "a-")));
      a.start();
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), "-Xmx256m", MeteringChild.class.getName(), kafka.bootstrapServers(),
          appId, childState.toAbsolutePath().toString(), "sigkill").redirectErrorStream(true).start();
      CountDownLatch hostsTasks = new CountDownLatch(1);
      StringBuilder childOut = new StringBuilder();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (childOut) {
              childOut.append(line).append('\n');
            }
            if (line.startsWith("TASKS ") && Long.parseLong(line.substring(6)) > 0) {
              hostsTasks.countDown();
            }
          }
        } catch (java.io.IOException ignored) {
          // the child was killed
        }
      });
      reader.setDaemon(true);
      reader.start();
      KafkaStreams c = null;
      try {
        assertThat(hostsTasks.await(120, TimeUnit.SECONDS)).as("the child hosts tasks: %s", childOut).isTrue();

        // records stream in while the child is killed: batches of 300 every 100 ms
        AtomicLong sent = new AtomicLong();
        Thread producer = new Thread(() -> {
          try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              kafka.bootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG,
              5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
              p.send(new ProducerRecord<>(topics.events(), records.get(i).key(), records.get(i).value()));
              sent.incrementAndGet();
              if (i % 300 == 299) {
                p.flush();
                Thread.sleep(100);
              }
            }
            p.flush();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        producer.start();
        // kill once about a third is out, while the child is processing and inside a transaction
        while (sent.get() < records.size() / 3) {
          Thread.sleep(20);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(sent.get()).as("still streaming when killed").isLessThan(records.size());

        // once the survivor has taken over, the killed instance restarts on its own (dirty) state directory
        while (sent.get() < 2L * records.size() / 3) {
          Thread.sleep(20);
        }
        c = new KafkaStreams(topology.build(), MeteringChild.config(kafka.bootstrapServers(), appId, childState));
        c.start();
        producer.join(120_000);
        try (var admin = kafka.admin()) {
          KafkaUsage.awaitCaughtUp(admin, appId, topics.events(), Duration.ofSeconds(180));
        }
        KafkaUsage streamed = KafkaUsage.query(List.of(a, c), PARTITIONS, Duration.ofSeconds(60));

        List<UsageEvent> valid = records.stream().map(MeteringFixture.Rec::eventOrNull)
            .filter(java.util.Objects::nonNull).toList();
        SubscriptionUsage expected = MeteringFixture.aggregator().aggregate(valid);
        SubscriptionUsage got = streamed.usage();
        assertThat(expected.eventsBilled()).isGreaterThan(5_000);
        assertThat(expected.duplicatesDropped()).isGreaterThan(100);
        assertThat(expected.conflicts()).isNotEmpty();
        assertThat(got.quantities()).isEqualTo(expected.quantities());
        assertThat(got.statistics()).isEqualTo(expected.statistics());
        assertThat(got.buckets()).isEqualTo(expected.buckets());
        assertThat(got.eventsRead()).isEqualTo(expected.eventsRead());
        assertThat(got.eventsBilled()).isEqualTo(expected.eventsBilled());
        assertThat(got.duplicatesDropped()).isEqualTo(expected.duplicatesDropped());
        assertThat(got.eventsWithoutMeter()).isEqualTo(expected.eventsWithoutMeter());
        assertThat(got.eventsUnusable()).isEqualTo(expected.eventsUnusable());
        assertThat(got.conflicts()).isEqualTo(expected.conflicts());
        assertThat(got.lateEvents()).isEqualTo(expected.lateEvents());
        assertThat(got.unusable()).isEqualTo(expected.unusable());
        assertThat(got.unclaimed()).isEqualTo(expected.unclaimed());
        assertThat(streamed.invalid()).isEqualTo(records.size() - valid.size());
      } finally {
        child.destroyForcibly();
        a.close(Duration.ofSeconds(30));
        if (c != null) {
          c.close(Duration.ofSeconds(30));
        }
      }
    }
  }
}
