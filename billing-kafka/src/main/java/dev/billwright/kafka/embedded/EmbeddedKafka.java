package dev.billwright.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * One Apache Kafka node (broker and KRaft controller combined) started in this JVM on loopback
 * ports, for tests, examples and demos; never for production. It uses Kafka's own server code
 * ({@code kafka_2.13}, an optional dependency of this module: add it to use this class).
 *
 * <p>The node formats a fresh log directory under the given directory (deleted by
 * {@link #close()}), listens on {@code 127.0.0.1} on two free ephemeral ports (clients and
 * controller), and sets every replication factor and {@code min.insync.replicas} to 1 so that
 * transactions ({@code exactly_once_v2}) work with a single node.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final Path logDir;
  private final int port;
  private final KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafka(Path logDir, int port, KafkaRaftServer server) {
    this.logDir = logDir;
    this.port = port;
    this.server = server;
  }

  /**
   * Formats a log directory and starts the node; returns when it accepts clients.
   *
   * @param baseDir the directory under which a fresh log directory is created (for instance
   *     {@code target/}), not null; created if missing
   * @return the running node, never null
   * @throws UncheckedIOException if the directory cannot be created or no loopback port is free
   * @throws IllegalStateException if formatting fails or the node does not accept clients within
   *     60 seconds
   */
  public static EmbeddedKafka start(Path baseDir) {
    Path dir;
    int port;
    int controllerPort;
    try {
      Files.createDirectories(baseDir);
      dir = Files.createTempDirectory(baseDir.toAbsolutePath(), "kafka-");
      port = freePort();
      controllerPort = freePort();
      while (controllerPort == port) {
        controllerPort = freePort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "true");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      p.store(out, "embedded node");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream formatOut = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(formatOut, true, StandardCharsets.UTF_8)) {
      rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
          config.toString()}, ps);
    }
    if (rc != 0) {
      deleteQuietly(dir);
      throw new IllegalStateException("formatting the embedded node's log directory failed (" + rc + "): "
          + formatOut.toString(StandardCharsets.UTF_8));
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
    server.startup();
    EmbeddedKafka node = new EmbeddedKafka(dir, port, server);
    try {
      node.awaitReady();
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the embedded node", e);
      }
    }
    throw new IllegalStateException("the embedded node did not accept clients within 60 s", last);
  }

  /**
   * Returns the bootstrap servers clients connect to.
   *
   * @return {@code 127.0.0.1:PORT}, never null
   */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * Opens an admin client to this node; the caller closes it.
   *
   * @return a new admin client, never null
   */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  /**
   * Creates topics and waits until they exist.
   *
   * @param partitions the number of partitions of each topic, at least 1
   * @param names the topic names, not null
   * @throws IllegalArgumentException if partitions is less than 1
   * @throws IllegalStateException if the creation fails
   */
  public void createTopics(int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    try (Admin admin = admin()) {
      admin.createTopics(Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
          .all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("creating topics " + String.join(", ", names) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Stops the node and deletes its log directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(logDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.deleteIfExists(x);
        } catch (IOException ignored) {
          // best effort: a file still held open is left under the build directory
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
