package dev.billwright.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One application instance of the test topology in its own JVM, for {@code KafkaCrashTest}: it
 * runs until it is killed. Arguments: bootstrap servers, application id, state directory, topic
 * prefix. It prints {@code RUNNING} once Streams is running, then {@code TASKS n} (its active
 * tasks) every 200 ms.
 */
public final class MeteringChild {
  private MeteringChild() {}

  /**
   * Runs the instance.
   *
   * @param args bootstrap servers, application id, state directory, topic prefix
   * @throws InterruptedException never in practice: the process is killed
   */
  public static void main(String[] args) throws InterruptedException {
    MeteringTopology topology = MeteringTopology.of(MeteringFixture.aggregator(), MeteringTopics.withPrefix(args[3]))
        .withEmitInterval(Duration.ofMillis(200));
    Properties p = config(args[0], args[1], Path.of(args[2]));
    KafkaStreams s = new KafkaStreams(topology.build(), p);
    s.start();
    boolean running = false;
    while (true) {
      if (!running && s.state() == KafkaStreams.State.RUNNING) {
        running = true;
        System.out.println("RUNNING");
      }
      if (running) {
        long tasks = s.metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
        System.out.println("TASKS " + tasks);
      }
      System.out.flush();
      Thread.sleep(200);
    }
  }

  /** The instance configuration of the crash tests: short session timeouts, commits every 200 ms. */
  static Properties config(String bootstrap, String appId, Path stateDir) {
    Properties p = MeteringTopology.config(appId, bootstrap, stateDir);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    return p;
  }
}
