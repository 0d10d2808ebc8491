package dev.billwright.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.metering.Accumulator;
import dev.billwright.metering.ConflictingDuplicate;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.LateEvent;
import dev.billwright.metering.UnusableEvent;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.pricing.UsageBuckets;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UnclaimedUsage;
import dev.billwright.rating.UsageKey;
import dev.billwright.rating.UsageSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The streamed aggregates read back with interactive queries: every partition's partials
 * merged into one {@link SubscriptionUsage}, as billing-core's {@code SubscriptionUsageAggregator}
 * would have returned over the same events, and a {@link UsageSource} of it for {@code BillRun}.
 *
 * <p>Each input partition is read from the one given instance that hosts its active task (a
 * partition no given instance hosts, as during a rebalance, is retried until the timeout), so
 * the instances queried must together host every partition: all instances of the application in
 * this JVM, or an RPC layer of the host's over {@code application.server} (not provided). For a
 * snapshot that includes every event produced so far, first {@link #awaitCaughtUp}.
 */
public final class KafkaUsage {
  private static final Comparator<UsageEvent> EVENT_ORDER = Comparator.comparing(UsageEvent::timestamp)
      .thenComparing(UsageEvent::id).thenComparingLong(UsageEvent::fingerprint);

  private final SubscriptionUsage usage;
  private final long invalid;
  private final Map<String, AggregatePartial> partials;
  private final MeteringProcessor.Counters counters;
  private final Map<String, String> entries;
  private final Map<String, Long> counts;

  private KafkaUsage(Map<String, AggregatePartial> partials, MeteringProcessor.Counters counters,
      Map<String, String> entries, Map<String, Long> counts) {
    this.partials = partials;
    this.counters = counters;
    this.entries = entries;
    this.counts = counts;
    this.usage = build(partials, counters, entries, counts);
    this.invalid = counters.invalid;
  }

  /**
   * Returns these aggregates with late events added back: each event is bound and aggregated by
   * the aggregator's own rules (give it without its invoiced windows, so that the events count),
   * an id counted once. This is "every event known now" for re-rating an invoiced period
   * ({@link LateUsageCorrections}); the late report is left as it was.
   *
   * @param late the late events (from the late topic), not null
   * @param aggregator the aggregator of the topology, without invoiced windows, not null
   * @return the new aggregates, never null
   */
  public KafkaUsage including(List<LateEvent> late, SubscriptionUsageAggregator aggregator) {
    Map<String, AggregatePartial> merged = new TreeMap<>(partials);
    SubscriptionUsageAggregator.Run template = aggregator.withDedup(new InMemoryDeduplicationStore()).start();
    for (LateEvent l : late) {
      SubscriptionUsageAggregator.Run one = template.fork();
      one.accept(l.event());
      Map<String, AggregatePartial> deltas = MeteringProcessor.deltas(one.partials(), one.result().statistics());
      deltas.forEach((k, d) -> merged.merge(k, d, AggregatePartial::merge));
    }
    return new KafkaUsage(merged, counters, entries, counts);
  }

  /**
   * Returns the (subscription, period) pairs late events fall in by the aggregator's rules, as
   * {@code SUBSCRIPTION\u0000PERIOD}.
   *
   * @param late the late events, not null
   * @param aggregator the aggregator of the topology, without invoiced windows, not null
   * @return the keys, in key order, never null
   */
  static java.util.SortedSet<String> keysOf(List<LateEvent> late, SubscriptionUsageAggregator aggregator) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    SubscriptionUsageAggregator.Run template = aggregator.withDedup(new InMemoryDeduplicationStore()).start();
    for (LateEvent l : late) {
      SubscriptionUsageAggregator.Run one = template.fork();
      one.accept(l.event());
      one.partials().keySet().forEach(k -> out.add(k.subscriptionId() + "\u0000" + k.period()));
    }
    return out;
  }

  /**
   * Returns the aggregation.
   *
   * @return the usage, never null
   */
  public SubscriptionUsage usage() {
    return usage;
  }

  /**
   * Returns the records rejected as invalid (not counted in {@code usage().eventsRead()}).
   *
   * @return the count, at least 0
   */
  public long invalid() {
    return invalid;
  }

  /**
   * Returns a usage source over the aggregation for a bill run ({@link UsageSource#of}).
   *
   * @return the source, never null
   */
  public UsageSource usageSource() {
    return UsageSource.of(usage);
  }

  /**
   * Queries every partition's stores across the given running instances and merges them.
   *
   * @param instances the instances of one application, together hosting every partition, not empty
   * @param partitions the number of partitions of the events topic, at least 1
   * @param timeout how long to retry partitions no instance hosts yet, not null
   * @return the merged aggregates, never null
   * @throws IllegalArgumentException if partitions is less than 1 or no instance is given
   * @throws IllegalStateException if a partition is not hosted by any instance within the timeout
   */
  public static KafkaUsage query(List<KafkaStreams> instances, int partitions, Duration timeout) {
    if (partitions < 1 || instances.isEmpty()) {
      throw new IllegalArgumentException("need at least one instance and one partition, got " + instances.size()
          + " and " + partitions);
    }
    Map<String, AggregatePartial> merged = new TreeMap<>();
    MeteringProcessor.Counters counters = new MeteringProcessor.Counters();
    Map<String, String> entries = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    for (int p = 0; p < partitions; p++) {
      Map<String, byte[]> aggs = new LinkedHashMap<>();
      Map<String, String> rep = new LinkedHashMap<>();
      readPartition(instances, p, timeout, aggs, rep);
      aggs.forEach((k, b) -> merged.merge(k, MeteringSerdes.readPartial(b, "partition " + k), AggregatePartial::merge));
      rep.forEach((k, v) -> {
        if (k.equals(MeteringProcessor.COUNTERS)) {
          counters.merge(MeteringProcessor.Counters.read(v));
        } else if (k.startsWith("[\"u\",") || k.startsWith("[\"p\",")) {
          counts.merge(k, Long.parseLong(v), Long::sum);
        } else {
          entries.put(k, v);
        }
      });
    }
    return new KafkaUsage(merged, counters, entries, counts);
  }

  private static void readPartition(List<KafkaStreams> instances, int p, Duration timeout, Map<String, byte[]> aggs,
      Map<String, String> rep) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    do {
      for (KafkaStreams s : instances) {
        if (s.state() != KafkaStreams.State.RUNNING) {
          continue;
        }
        try {
          ReadOnlyKeyValueStore<String, byte[]> a = s.store(StoreQueryParameters.fromNameAndType(
              MeteringTopology.AGGREGATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(p));
          ReadOnlyKeyValueStore<String, String> r = s.store(StoreQueryParameters.fromNameAndType(
              MeteringTopology.REPORT_STORE, QueryableStoreTypes.<String, String>keyValueStore()).withPartition(p));
          Map<String, byte[]> aa = new LinkedHashMap<>();
          Map<String, String> rr = new LinkedHashMap<>();
          try (KeyValueIterator<String, byte[]> it = a.all()) {
            it.forEachRemaining(kv -> aa.put(kv.key, kv.value));
          }
          try (KeyValueIterator<String, String> it = r.all()) {
            it.forEachRemaining(kv -> rr.put(kv.key, kv.value));
          }
          aggs.putAll(aa);
          rep.putAll(rr);
          return;
        } catch (InvalidStateStoreException e) {
          last = e;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while querying partition " + p, e);
      }
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("no running instance hosts partition " + p + " of the metering stores within "
        + timeout, last);
  }

  private static SubscriptionUsage build(Map<String, AggregatePartial> merged, MeteringProcessor.Counters c,
      Map<String, String> entries, Map<String, Long> counts) {
    Map<UsageKey, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
    Map<UsageKey, Map<Map<String, String>, UsageBuckets>> b = new LinkedHashMap<>();
    Map<UsageKey, Map<Map<String, String>, EventStatistics>> st = new LinkedHashMap<>();
    // groups in the aggregator's order: by the sorted group's text
    List<Map.Entry<Map.Entry<UsageKey, Map<String, String>>, AggregatePartial>> all = new ArrayList<>();
    merged.forEach((k, v) -> all.add(Map.entry(MeteringSerdes.decodeKey(k), v)));
    all.sort(Comparator.comparing((Map.Entry<Map.Entry<UsageKey, Map<String, String>>, AggregatePartial> e) ->
        e.getKey().getKey().toString()).thenComparing(e -> new TreeMap<>(e.getKey().getValue()).toString()));
    for (var e : all) {
      UsageKey key = e.getKey().getKey();
      Map<String, String> group = e.getKey().getValue();
      AggregatePartial p = e.getValue();
      if (p.accumulator().isPresent()) {
        Accumulator acc = p.accumulator().get();
        q.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(group, acc.result());
        acc.buckets().ifPresent(x -> b.computeIfAbsent(key, y -> new LinkedHashMap<>()).put(group, x));
      }
      p.statistics().ifPresent(s -> st.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(group, s));
    }
    List<ConflictingDuplicate> conflicts = new ArrayList<>();
    List<LateEvent> late = new ArrayList<>();
    List<UnusableEvent> unusable = new ArrayList<>();
    List<UnclaimedUsage.Ambiguous> ambiguous = new ArrayList<>();
    entries.forEach((k, v) -> {
      JsonNode key = Json.parse(k, "report key");
      String kind = key.get(0).asText();
      switch (kind) {
        case "c" -> {
          JsonNode n = Json.parse(v, k);
          conflicts.add(new ConflictingDuplicate(n.get("scope").asText(), event(n, k)));
        }
        case "l" -> late.add(MeteringSerdes.readLate(framed(v), k));
        case "n" -> {
          JsonNode n = Json.parse(v, k);
          unusable.add(new UnusableEvent(event(n, k), n.has("meter") ? n.get("meter").asText() : null,
              n.get("reason").asText()));
        }
        case "a" -> {
          JsonNode n = Json.parse(v, k);
          List<String> cands = new ArrayList<>();
          n.get("candidates").forEach(x -> cands.add(x.asText()));
          ambiguous.add(new UnclaimedUsage.Ambiguous(event(n, k), cands));
        }
        default -> throw new IllegalStateException("unknown report entry " + k);
      }
    });
    conflicts.sort(Comparator.comparing(ConflictingDuplicate::event, EVENT_ORDER));
    late.sort(Comparator.comparing(LateEvent::event, EVENT_ORDER));
    unusable.sort(Comparator.comparing(UnusableEvent::event, EVENT_ORDER)
        .thenComparing(x -> x.meterCode() == null ? "" : x.meterCode()));
    ambiguous.sort(Comparator.comparing(UnclaimedUsage.Ambiguous::event, EVENT_ORDER));
    Map<String, Map<String, Long>> unclaimedCounts = new TreeMap<>();
    Map<String, Map<String, Long>> paused = new TreeMap<>();
    counts.forEach((k, n) -> {
      JsonNode key = Json.parse(k, "report key");
      Map<String, Map<String, Long>> into = key.get(0).asText().equals("u") ? unclaimedCounts : paused;
      into.computeIfAbsent(key.get(1).asText(), x -> new TreeMap<>()).merge(key.get(2).asText(), n, Long::sum);
    });
    return new SubscriptionUsage(q, c.read, c.billed, c.duplicates, conflicts, c.withoutMeter, late, unusable,
        c.unusableEvents, new UnclaimedUsage(unclaimedCounts, c.unclaimed, ambiguous, paused), st, b);
  }

  private static byte[] framed(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[body.length + 1];
    out[0] = MeteringSerdes.LATE_FORMAT;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static UsageEvent event(JsonNode n, String source) {
    return UsageEventJson.read(JsonObjectReader.root(n.get("event"), source));
  }

  /**
   * Waits until the application's committed offsets reach the end of every partition of the
   * events topic: every event produced before the call has been processed and committed.
   *
   * @param admin an admin client of the cluster, not null
   * @param applicationId the application id (its consumer group), not null
   * @param eventsTopic the events topic, not null
   * @param timeout how long to wait, not null
   * @throws IllegalStateException if the offsets do not catch up within the timeout
   */
  public static void awaitCaughtUp(Admin admin, String applicationId, String eventsTopic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Set<TopicPartition> tps = admin.describeTopics(List.of(eventsTopic)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(eventsTopic).partitions().stream().map(i -> new TopicPartition(eventsTopic, i.partition()))
          .collect(Collectors.toSet());
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
          tps.stream().collect(Collectors.toMap(t -> t, t -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        boolean done = true;
        for (TopicPartition tp : tps) {
          OffsetAndMetadata o = committed.get(tp);
          if (ends.get(tp).offset() > 0 && (o == null || o.offset() < ends.get(tp).offset())) {
            done = false;
          }
        }
        if (done) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("application " + applicationId + " did not catch up with " + eventsTopic
              + " within " + timeout + ": committed " + committed + ", ends " + ends);
        }
        Thread.sleep(100);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("reading the offsets of " + applicationId + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + applicationId, e);
    }
  }
}
