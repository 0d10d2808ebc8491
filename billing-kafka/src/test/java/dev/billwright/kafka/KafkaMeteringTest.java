package dev.billwright.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.kafka.embedded.EmbeddedKafka;
import dev.billwright.metering.ConflictingDuplicate;
import dev.billwright.metering.LateEvent;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metering topology on a real broker (a KRaft node in this JVM): two application instances
 * over a four-partition topic, one closed abruptly mid-stream and a fresh one started, its
 * partitions moved twice; duplicates, conflicting copies, invalid records and shuffled order in
 * the input. The aggregates read back by interactive queries equal billing-core's single-process
 * {@link SubscriptionUsageAggregator} over the same records, exactly.
 */
class KafkaMeteringTest {
  static final int PARTITIONS = 4;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(Path.of("target", "kafka-it"));
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  static KafkaStreams instance(MeteringTopology topology, String appId, Path stateDir) {
    Properties p = MeteringTopology.config(appId, kafka.bootstrapServers(), stateDir);
    p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    p.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    KafkaStreams s = new KafkaStreams(topology.build(), p);
    s.start();
    return s;
  }

  static void produce(List<MeteringFixture.Rec> records, String topic) {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (MeteringFixture.Rec r : records) {
        p.send(new ProducerRecord<>(topic, r.key(), r.value()));
      }
      p.flush();
    }
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long quietUntil = 0;
      while (System.nanoTime() < deadline) {
        int before = out.size();
        c.poll(Duration.ofMillis(200)).forEach(out::add);
        if (out.size() >= expected && out.size() == before) {
          if (quietUntil == 0) {
            quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
          } else if (System.nanoTime() > quietUntil) {
            break;
          }
        }
      }
    }
    return out;
  }

  @Test
  void twoInstancesOneKilledMidStreamGiveExactlyTheSingleProcessAggregates() throws Exception {
    String prefix = "crash";
    MeteringTopics topics = MeteringTopics.withPrefix(prefix);
    kafka.createTopics(PARTITIONS, topics.events(), topics.rejected(), topics.late(), topics.aggregated());
    List<MeteringFixture.Rec> records = MeteringFixture.records(12_000, 42);
    MeteringTopology topology = MeteringTopology.of(MeteringFixture.aggregator(), topics)
        .withEmitInterval(Duration.ofMillis(200));
    Path state = Files.createDirectories(Path.of("target", "kafka-it-state"));
    String appId = "billwright-crash-test";
    KafkaStreams a = instance(topology, appId, Files.createTempDirectory(state, "a-"));
    KafkaStreams b = instance(topology, appId, Files.createTempDirectory(state, "b-"));
    KafkaStreams c = null;
    try {
      int third = records.size() / 3;
      produce(records.subList(0, third), topics.events());
      // B dies while it is processing: no clean commit of what it has in flight
      Thread.sleep(1500);
      b.close(Duration.ZERO);
      produce(records.subList(third, 2 * third), topics.events());
      // a fresh instance (empty state directory) joins: partitions move again, restored from changelogs
      c = instance(topology, appId, Files.createTempDirectory(state, "c-"));
      produce(records.subList(2 * third, records.size()), topics.events());
      try (var admin = kafka.admin()) {
        KafkaUsage.awaitCaughtUp(admin, appId, topics.events(), Duration.ofSeconds(120));
      }
      KafkaUsage streamed = KafkaUsage.query(List.of(a, c), PARTITIONS, Duration.ofSeconds(60));

      List<UsageEvent> valid = records.stream().map(MeteringFixture.Rec::eventOrNull)
          .filter(java.util.Objects::nonNull).toList();
      SubscriptionUsage expected = MeteringFixture.aggregator().aggregate(valid);
      SubscriptionUsage got = streamed.usage();

      assertThat(expected.eventsBilled()).isGreaterThan(5_000);
      assertThat(expected.duplicatesDropped()).isGreaterThan(100);
      assertThat(expected.conflicts()).isNotEmpty();
      assertThat(expected.lateEvents()).isNotEmpty();
      assertThat(expected.unclaimed().ambiguous()).isNotEmpty();
      assertThat(expected.unusable()).isNotEmpty();

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
      assertThat(streamed.invalid()).isEqualTo(records.size() - valid.size()).isEqualTo(3);

      // the rejected topic: each invalid record and each conflicting copy once, original bytes and reason
      List<ConsumerRecord<byte[], byte[]>> rejected = readAll(topics.rejected(),
          3 + expected.conflicts().size());
      assertThat(rejected).hasSize(3 + expected.conflicts().size());
      assertThat(rejected).filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).equals("bad-1"))
          .singleElement().satisfies(r -> {
            assertThat(r.value()).containsExactly((byte) 0xC3, (byte) 0x28);
            assertThat(new String(r.headers().lastHeader(MeteringTopology.REASON_HEADER).value(),
                StandardCharsets.UTF_8)).startsWith("invalid: ").contains("UTF-8");
          });
      assertThat(rejected).filteredOn(r -> new String(r.headers().lastHeader(MeteringTopology.REASON_HEADER).value(),
          StandardCharsets.UTF_8).startsWith("conflict: ")).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrderElementsOf(expected.conflicts().stream().map(ConflictingDuplicate::event)
              .map(UsageEvent::id).toList());

      // the late topic: each late event once, with its invoiced period
      List<ConsumerRecord<byte[], byte[]>> late = readAll(topics.late(), expected.lateEvents().size());
      assertThat(late.stream().map(r -> MeteringSerdes.readLate(r.value(), "late")).sorted(
          java.util.Comparator.comparing((LateEvent l) -> l.event().id())).toList())
          .isEqualTo(expected.lateEvents().stream().sorted(java.util.Comparator.comparing((LateEvent l) -> l.event().id()))
              .toList());

      // the aggregated topic: the latest partial per key and partition merges to the same quantities
      AggregatedUsage fromTopic = AggregatedUsage.of();
      readAll(topics.aggregated(), 1).forEach(r -> fromTopic.accept(new String(r.key(), StandardCharsets.UTF_8),
          r.value()));
      assertThat(fromTopic.quantities()).isEqualTo(expected.quantities());

      // the late events, read back by the provided consumer, correct the October invoices: each
      // adjustment bills exactly what billing October with every event (in process) adds
      List<LateEvent> lateRead = new ArrayList<>();
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "corrections", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
          "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
          new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topics.late()));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lateRead.size() < expected.lateEvents().size() && System.nanoTime() < until) {
          lateRead.addAll(LateUsageCorrections.poll(consumer, Duration.ofMillis(200)));
        }
      }
      assertThat(lateRead).hasSameSizeAs(expected.lateEvents());
      SubscriptionUsageAggregator everything = SubscriptionUsageAggregator.of(MeteringFixture.subscriptions(),
          MeteringFixture.CATALOG, MeteringFixture.METERS, MeteringFixture.DEC);
      dev.billwright.rating.UsageSource allInProcess = dev.billwright.rating.UsageSource.of(everything.aggregate(valid));
      Map<String, dev.billwright.subscription.Subscription> subs = new java.util.HashMap<>();
      MeteringFixture.subscriptions().forEach(x -> subs.put(x.id(), x));
      Map<String, dev.billwright.invoice.Invoice> originals = new java.util.HashMap<>();
      java.util.function.BiFunction<dev.billwright.subscription.Subscription, dev.billwright.rating.UsageSource,
          dev.billwright.billing.InvoiceRequest> request = (sub, source) -> new dev.billwright.billing.InvoiceRequest(sub,
              MeteringFixture.CATALOG, dev.billwright.billing.SubscriptionCycles.cycles(sub, MeteringFixture.CATALOG,
                  MeteringFixture.NOV, MeteringFixture.NOV).get(0), source, List.of(), List.of(),
              dev.billwright.billing.TaxContext.none());
      LateUsageCorrections.Host host = new LateUsageCorrections.Host() {
        @Override
        public java.util.Optional<dev.billwright.invoice.Invoice> original(String subscriptionId,
            dev.billwright.time.BillingPeriod period) {
          return java.util.Optional.of(originals.computeIfAbsent(subscriptionId, id ->
              dev.billwright.invoice.InvoiceLifecycle.finalize(dev.billwright.billing.InvoiceAssembler.DEFAULT.assemble(
                  request.apply(subs.get(id), streamed.usageSource())).orElseThrow(), "INV-" + id, MeteringFixture.NOV)));
        }

        @Override
        public dev.billwright.billing.InvoiceRequest rerate(dev.billwright.invoice.Invoice original,
            dev.billwright.rating.UsageSource usage) {
          return request.apply(subs.get(original.subscriptionIds().get(0)), usage);
        }

        @Override
        public List<dev.billwright.invoice.CreditNote> creditNotes(dev.billwright.invoice.Invoice original) {
          return List.of();
        }

        @Override
        public List<dev.billwright.invoice.Invoice> adjustments(dev.billwright.invoice.Invoice original) {
          return List.of();
        }
      };
      List<dev.billwright.billing.Correction> corrections = LateUsageCorrections.of(everything)
          .correct(streamed, lateRead, host, MeteringFixture.NOV.plusSeconds(86_400));
      assertThat(corrections).isNotEmpty();
      for (dev.billwright.billing.Correction correction : corrections) {
        dev.billwright.invoice.Invoice adj = correction.adjustmentInvoice().orElseThrow();
        String sub = adj.subscriptionIds().get(0);
        dev.billwright.invoice.Invoice full = dev.billwright.billing.InvoiceAssembler.DEFAULT.assemble(
            request.apply(subs.get(sub), allInProcess)).orElseThrow();
        assertThat(adj.totals().subtotal()).isEqualTo(full.totals().subtotal().minus(originals.get(sub).totals().subtotal()));
      }
    } finally {
      a.close(Duration.ofSeconds(30));
      if (c != null) {
        c.close(Duration.ofSeconds(30));
      }
      b.close(Duration.ofSeconds(30));
    }
  }

  /**
   * With the emit punctuator out of the way (an hour) and batches far below their size bound,
   * only the stores' before-commit hook writes the in-memory batch: commits by the interval, the
   * commit of a gracefully closed instance's revoked tasks and the commits after its partitions
   * move must each carry every event whose offset they commit.
   */
  @Test
  void theBatchIsWrittenByEveryCommitIntervalRebalanceAndClose() throws Exception {
    MeteringTopics topics = MeteringTopics.withPrefix("commit");
    kafka.createTopics(PARTITIONS, topics.events(), topics.rejected(), topics.late(), topics.aggregated());
    List<MeteringFixture.Rec> records = MeteringFixture.records(4_000, 7);
    MeteringTopology topology = MeteringTopology.of(MeteringFixture.aggregator(), topics)
        .withEmitInterval(Duration.ofHours(1));
    Path state = Files.createDirectories(Path.of("target", "kafka-it-state"));
    String appId = "billwright-commit-test";
    KafkaStreams a = instance(topology, appId, Files.createTempDirectory(state, "a-"));
    KafkaStreams b = instance(topology, appId, Files.createTempDirectory(state, "b-"));
    try {
      int half = records.size() / 2;
      produce(records.subList(0, half), topics.events());
      Thread.sleep(1500);
      // a graceful close: its tasks are committed (the batch with them) and move to A
      b.close(Duration.ofSeconds(30));
      produce(records.subList(half, records.size()), topics.events());
      try (var admin = kafka.admin()) {
        KafkaUsage.awaitCaughtUp(admin, appId, topics.events(), Duration.ofSeconds(120));
      }
      KafkaUsage streamed = KafkaUsage.query(List.of(a), PARTITIONS, Duration.ofSeconds(60));
      List<UsageEvent> valid = records.stream().map(MeteringFixture.Rec::eventOrNull)
          .filter(java.util.Objects::nonNull).toList();
      SubscriptionUsage expected = MeteringFixture.aggregator().aggregate(valid);
      SubscriptionUsage got = streamed.usage();
      assertThat(expected.eventsBilled()).isGreaterThan(1_000);
      assertThat(got.quantities()).isEqualTo(expected.quantities());
      assertThat(got.statistics()).isEqualTo(expected.statistics());
      assertThat(got.eventsRead()).isEqualTo(expected.eventsRead());
      assertThat(got.eventsBilled()).isEqualTo(expected.eventsBilled());
      assertThat(got.duplicatesDropped()).isEqualTo(expected.duplicatesDropped());
      assertThat(got.conflicts()).isEqualTo(expected.conflicts());
      assertThat(got.lateEvents()).isEqualTo(expected.lateEvents());
      assertThat(got.unusable()).isEqualTo(expected.unusable());
      assertThat(got.unclaimed()).isEqualTo(expected.unclaimed());
    } finally {
      a.close(Duration.ofSeconds(30));
      b.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Dedup retention by stream time (the record timestamps): on one partition, ids A, B and D at
   * T; a copy of A at T+30 min (dropped) and a conflicting copy of A at T+59 min (rejected) are
   * within the hour; C at T+2 h moves stream time on, so the copies of B at T+2 h 1 s and of A at
   * T+3 h are past it and count again. With retention kept for good (a second application on the
   * same topic) they are duplicates. The sweep deletes D's entry, the only one past retention.
   */
  @Test
  void dedupForgetsIdsPastTheRetentionAndStillDeduplicatesWithinIt() throws Exception {
    MeteringTopics topics = MeteringTopics.withPrefix("retention");
    kafka.createTopics(1, topics.events(), topics.rejected(), topics.late(), topics.aggregated());
    java.time.Instant at = MeteringFixture.NOV.plusSeconds(86_400);
    java.util.function.BiFunction<String, String, UsageEvent> event = (id, bytes) -> UsageEvent.of(id, "cus_4", null,
        "api.call", at, Map.of("region", "eu-west-1", "bytes", bytes, "ms", "10"));
    UsageEvent a = event.apply("ret-a", "100");
    UsageEvent b = event.apply("ret-b", "20");
    UsageEvent c = event.apply("ret-c", "3");
    UsageEvent d = event.apply("ret-d", "4000");
    UsageEvent aOther = event.apply("ret-a", "999");
    long t = System.currentTimeMillis() - Duration.ofHours(10).toMillis();
    long min = 60_000L;
    List<Map.Entry<UsageEvent, Long>> sent = List.of(Map.entry(a, t), Map.entry(b, t), Map.entry(d, t),
        Map.entry(a, t + 30 * min), Map.entry(aOther, t + 59 * min), Map.entry(c, t + 120 * min),
        Map.entry(b, t + 120 * min + 1000), Map.entry(a, t + 180 * min));
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (Map.Entry<UsageEvent, Long> e : sent) {
        p.send(new ProducerRecord<>(topics.events(), 0, e.getValue(), e.getKey().id().getBytes(StandardCharsets.UTF_8),
            MeteringSerdes.writeEvent(e.getKey()))).get();
      }
    }
    Path state = Files.createDirectories(Path.of("target", "kafka-it-state"));
    MeteringTopology hour = MeteringTopology.of(MeteringFixture.aggregator(), topics)
        .withDedupRetention(Duration.ofHours(1)).withDedupSweepInterval(Duration.ofMillis(200));
    MeteringTopology forever = MeteringTopology.of(MeteringFixture.aggregator(), topics)
        .withDedupRetention(Duration.ofMillis(Long.MAX_VALUE));
    KafkaStreams withRetention = instance(hour, "billwright-retention-hour", Files.createTempDirectory(state, "h-"));
    KafkaStreams keepAll = instance(forever, "billwright-retention-forever", Files.createTempDirectory(state, "f-"));
    try {
      try (var admin = kafka.admin()) {
        KafkaUsage.awaitCaughtUp(admin, "billwright-retention-hour", topics.events(), Duration.ofSeconds(120));
        KafkaUsage.awaitCaughtUp(admin, "billwright-retention-forever", topics.events(), Duration.ofSeconds(120));
      }
      SubscriptionUsage got = KafkaUsage.query(List.of(withRetention), 1, Duration.ofSeconds(60)).usage();
      SubscriptionUsage kept = KafkaUsage.query(List.of(keepAll), 1, Duration.ofSeconds(60)).usage();
      // past retention the copies of B and A are events again: as if they had new ids
      SubscriptionUsage expected = MeteringFixture.aggregator().aggregate(List.of(a, b, d, a, aOther, c, b.withId("ret-b-again"),
          a.withId("ret-a-again")));
      SubscriptionUsage expectedForever = MeteringFixture.aggregator().aggregate(sent.stream().map(Map.Entry::getKey).toList());

      assertThat(got.eventsRead()).isEqualTo(8);
      assertThat(got.duplicatesDropped()).isEqualTo(expected.duplicatesDropped()).isEqualTo(1);
      assertThat(got.conflicts()).extracting(x -> x.event().id()).containsExactly("ret-a");
      assertThat(got.eventsBilled()).isEqualTo(expected.eventsBilled()).isEqualTo(6);
      assertThat(got.quantities()).isEqualTo(expected.quantities());

      assertThat(kept.duplicatesDropped()).isEqualTo(expectedForever.duplicatesDropped()).isEqualTo(3);
      assertThat(kept.eventsBilled()).isEqualTo(expectedForever.eventsBilled()).isEqualTo(4);
      assertThat(kept.quantities()).isEqualTo(expectedForever.quantities());
      assertThat(got.quantities()).isNotEqualTo(kept.quantities());

      // the sweep deletes the one entry past retention (D's); A's and B's were replaced when seen again
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<String> ids;
      do {
        Thread.sleep(200);
        ids = new ArrayList<>();
        var store = withRetention.store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
            MeteringTopology.DEDUP_STORE, org.apache.kafka.streams.state.QueryableStoreTypes.<String, byte[]>keyValueStore())
            .withPartition(0));
        try (var it = store.all()) {
          while (it.hasNext()) {
            String k = it.next().key;
            ids.add(k.substring(k.lastIndexOf('\u0000') + 1));
          }
        }
      } while (ids.contains("ret-d") && System.nanoTime() < deadline);
      assertThat(ids).containsExactlyInAnyOrder("ret-a", "ret-b", "ret-c");
    } finally {
      withRetention.close(Duration.ofSeconds(30));
      keepAll.close(Duration.ofSeconds(30));
    }
  }
}
