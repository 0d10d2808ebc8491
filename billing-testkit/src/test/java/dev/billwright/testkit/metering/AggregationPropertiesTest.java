package dev.billwright.testkit.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.metering.Accumulator;
import dev.billwright.metering.AggregatedQuantity;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.AggregationContext;
import dev.billwright.metering.AggregationResult;
import dev.billwright.metering.AggregationRun;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.Meter;
import dev.billwright.metering.PeriodResolver;
import dev.billwright.metering.QuantityKey;
import dev.billwright.metering.UsageAggregator;
import dev.billwright.metering.UsageEvent;
import dev.billwright.testkit.generators.UsageEventGenerators;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The invariants of metering, checked on generated events and meters against independent
 * oracles: a naive per-group recomputation (HashSet for unique_count, a step-function integral
 * for weighted_sum), split-and-merge, reordering, duplication and parallelism.
 */
class AggregationPropertiesTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  /** Two months and a bit in Kolkata, so events fall into three calendar-month periods. */
  private static final BillingPeriod WINDOW = BillingPeriod.of(Instant.parse("2026-09-30T18:30:00Z"),
      Instant.parse("2026-12-05T00:00:00Z"), KOLKATA);
  private static final PeriodResolver MONTHS = PeriodResolver.calendarMonths(KOLKATA);

  private static Gen<List<UsageEvent>> events() {
    return UsageEventGenerators.distinctEvents(0, 60, WINDOW);
  }

  private static Gen<List<Meter>> meters() {
    return UsageEventGenerators.meters("m1").zip(UsageEventGenerators.meters("m2"), List::of);
  }

  private static AggregationResult onePass(List<UsageEvent> events, List<Meter> meters) {
    return UsageAggregator.DEFAULT.aggregate(events, AggregationContext.of(meters, MONTHS));
  }

  /** The oracle: recompute each (customer, meter, period, group) from scratch. */
  private static Map<QuantityKey, BigDecimal> oracle(List<UsageEvent> events, List<Meter> meters) {
    Map<QuantityKey, BigDecimal> out = new HashMap<>();
    for (Meter m : meters) {
      Map<QuantityKey, List<UsageEvent>> groups = new LinkedHashMap<>();
      for (UsageEvent e : events) {
        if (!e.eventType().equals(m.eventType())) {
          continue;
        }
        boolean ok = m.filters().entrySet().stream()
            .allMatch(f -> f.getValue().contains(e.properties().get(f.getKey())));
        if (!ok) {
          continue;
        }
        YearMonth month = YearMonth.from(e.timestamp().atZone(KOLKATA));
        BillingPeriod period = BillingPeriod.of(month.atDay(1).atStartOfDay(KOLKATA),
            month.plusMonths(1).atDay(1).atStartOfDay(KOLKATA));
        Map<String, String> group = new HashMap<>();
        m.groupBy().forEach(g -> group.put(g, e.properties().get(g)));
        groups.computeIfAbsent(new QuantityKey(e.customer(), m.code(), period, group), k -> new ArrayList<>()).add(e);
      }
      groups.forEach((k, es) -> out.put(k, naive(m, k.period(), es)));
    }
    return out;
  }

  private static BigDecimal value(UsageEvent e, Meter m) {
    return new BigDecimal(e.properties().get(m.valueProperty().orElseThrow()));
  }

  private static BigDecimal naive(Meter m, BillingPeriod period, List<UsageEvent> es) {
    switch (m.aggregation()) {
      case COUNT:
        return BigDecimal.valueOf(es.size());
      case SUM:
        return es.stream().map(e -> value(e, m)).reduce(BigDecimal.ZERO, BigDecimal::add);
      case MIN:
        return es.stream().map(e -> value(e, m)).min(Comparator.naturalOrder()).orElseThrow();
      case MAX:
        return es.stream().map(e -> value(e, m)).max(Comparator.naturalOrder()).orElseThrow();
      case AVG:
        return es.stream().map(e -> value(e, m)).reduce(BigDecimal.ZERO, BigDecimal::add)
            .divide(BigDecimal.valueOf(es.size()), MathContext.DECIMAL128);
      case LATEST:
        return value(es.stream().max(Comparator.comparing(UsageEvent::timestamp).thenComparing(UsageEvent::id))
            .orElseThrow(), m);
      case UNIQUE_COUNT:
        Set<String> distinct = new HashSet<>();
        es.forEach(e -> distinct.add(e.properties().get("user")));
        return BigDecimal.valueOf(distinct.size());
      case WEIGHTED_SUM:
        return stepIntegral(BigDecimal.ZERO, period, es, m);
      default:
        throw new AssertionError(m.aggregation());
    }
  }

  /**
   * Integral of the running level over the period: walk the events in time order, and for each
   * interval between consecutive change points add level × interval length in seconds.
   */
  private static BigDecimal stepIntegral(BigDecimal carryIn, BillingPeriod period, List<UsageEvent> es, Meter m) {
    List<UsageEvent> sorted = new ArrayList<>(es);
    sorted.sort(Comparator.comparing(UsageEvent::timestamp));
    BigDecimal level = carryIn;
    Instant at = period.start();
    BigDecimal total = BigDecimal.ZERO;
    for (UsageEvent e : sorted) {
      total = total.add(level.multiply(seconds(Duration.between(at, e.timestamp()))));
      level = level.add(value(e, m));
      at = e.timestamp();
    }
    return total.add(level.multiply(seconds(Duration.between(at, period.end()))));
  }

  private static BigDecimal seconds(Duration d) {
    return new BigDecimal(d.getSeconds()).add(new BigDecimal(d.getNano()).movePointLeft(9));
  }

  private static Map<QuantityKey, BigDecimal> quantities(AggregationResult r) {
    Map<QuantityKey, BigDecimal> out = new HashMap<>();
    r.quantities().forEach((k, q) -> out.put(k, q.quantity()));
    return out;
  }

  private static void assertSameNumbers(Map<QuantityKey, BigDecimal> actual, Map<QuantityKey, BigDecimal> expected) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, v) -> assertThat(actual.get(k)).as(k.toString()).isEqualByComparingTo(v));
  }

  @Test
  void everyAggregateEqualsTheNaiveOracle() {
    qt().withExamples(300).forAll(events(), meters()).checkAssert((events, meters) -> {
      AggregationResult r = onePass(events, meters);
      assertSameNumbers(quantities(r), oracle(events, meters));
      // events used per key = events in the oracle's group
      assertThat(r.quantities().values().stream().mapToLong(AggregatedQuantity::events).sum())
          .isEqualTo(oracleEventCount(events, meters));
    });
  }

  private static long oracleEventCount(List<UsageEvent> events, List<Meter> meters) {
    long n = 0;
    for (Meter m : meters) {
      n += events.stream().filter(m::matches).count();
    }
    return n;
  }

  @Test
  void uniqueCountEqualsAHashSet() {
    Meter users = Meter.of("users", UsageEventGenerators.API_CALL, Aggregation.UNIQUE_COUNT, "user");
    qt().withExamples(200).forAll(events()).checkAssert(events -> {
      AggregationResult r = onePass(events, List.of(users));
      r.quantities().forEach((k, q) -> {
        Set<String> oracle = new HashSet<>();
        events.stream().filter(e -> e.customer().equals(k.customer()) && users.matches(e)
            && k.period().contains(e.timestamp())).forEach(e -> oracle.add(e.property("user")));
        assertThat(q.quantity()).isEqualByComparingTo(BigDecimal.valueOf(oracle.size()));
      });
    });
  }

  @Test
  void weightedSumEqualsTheStepIntegralWithCarryIn() {
    Meter storage = Meter.of("storage", UsageEventGenerators.STORAGE, Aggregation.WEIGHTED_SUM, "units");
    qt().withExamples(200).forAll(events(), SourceDSL.integers().between(-50, 50)).checkAssert((events, carry) -> {
      BigDecimal carryIn = BigDecimal.valueOf(carry);
      AggregationResult r = UsageAggregator.DEFAULT.aggregate(events,
          AggregationContext.of(List.of(storage), MONTHS).withCarryIn((c, m, p, g) -> carryIn));
      r.quantities().forEach((k, q) -> {
        List<UsageEvent> mine = events.stream().filter(e -> e.customer().equals(k.customer()) && storage.matches(e)
            && k.period().contains(e.timestamp())).collect(Collectors.toList());
        assertThat(q.quantity()).isEqualByComparingTo(stepIntegral(carryIn, k.period(), mine, storage));
      });
    });
  }

  @Test
  void mergeOfAnySplitEqualsOnePass() {
    qt().withExamples(200).forAll(events(), meters(), SourceDSL.longs().all()).checkAssert((events, meters, seed) -> {
      Random random = new Random(seed);
      int parts = 1 + random.nextInt(5);
      List<List<UsageEvent>> split = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        split.add(new ArrayList<>());
      }
      events.forEach(e -> split.get(random.nextInt(parts)).add(e));
      // each part aggregated by its own run (own accumulators), combined in a random order
      AggregationContext context = AggregationContext.of(meters, MONTHS);
      List<AggregationRun> runs = new ArrayList<>();
      for (List<UsageEvent> part : split) {
        AggregationRun run = UsageAggregator.DEFAULT.start(context);
        part.forEach(run::accept);
        runs.add(run);
      }
      java.util.Collections.shuffle(runs, random);
      AggregationRun merged = runs.get(0);
      for (int i = 1; i < runs.size(); i++) {
        merged = random.nextBoolean() ? merged.merge(runs.get(i)) : runs.get(i).merge(merged);
      }
      assertThat(merged.result()).isEqualTo(onePass(events, meters));
    });
  }

  @Test
  void accumulatorMergeIsAssociativeAndCommutative() {
    BillingPeriod october = BillingPeriod.of(Instant.parse("2026-09-30T18:30:00Z"),
        Instant.parse("2026-10-31T18:30:00Z"), KOLKATA);
    qt().withExamples(200).forAll(UsageEventGenerators.distinctEvents(0, 30, october),
        UsageEventGenerators.meters("m"), SourceDSL.longs().all()).checkAssert((events, meter, seed) -> {
      Random random = new Random(seed);
      List<UsageEvent> matching = events.stream().filter(meter::matches).collect(Collectors.toList());
      Accumulator a = Accumulator.create(meter, october);
      Accumulator b = Accumulator.create(meter, october);
      Accumulator c = Accumulator.create(meter, october);
      Accumulator all = Accumulator.create(meter, october);
      for (UsageEvent e : matching) {
        all.add(e);
        List.of(a, b, c).get(random.nextInt(3)).add(e);
      }
      Accumulator left = a.copy();
      left.merge(b);
      left.merge(c); // (a + b) + c
      Accumulator bc = b.copy();
      bc.merge(c);
      Accumulator right = a.copy();
      right.merge(bc); // a + (b + c)
      Accumulator reversed = c.copy();
      reversed.merge(b);
      reversed.merge(a); // (c + b) + a
      for (Accumulator x : List.of(left, right, reversed)) {
        assertThat(x.result()).isEqualTo(all.result());
        assertThat(x.eventCount()).isEqualTo(matching.size());
      }
    });
  }

  @Test
  void orderOfEventsChangesNothing() {
    qt().withExamples(200).forAll(events().flatMap(es -> UsageEventGenerators.shuffled(es).map(s -> List.of(es, s))),
        meters()).checkAssert((pair, meters) ->
            assertThat(onePass(pair.get(1), meters)).isEqualTo(onePass(pair.get(0), meters)));
  }

  @Test
  void duplicatesNeverChangeResults() {
    qt().withExamples(200).forAll(events(), meters(), SourceDSL.longs().all()).checkAssert((events, meters, seed) -> {
      Random random = new Random(seed);
      List<UsageEvent> withCopies = new ArrayList<>(events);
      int copies = events.isEmpty() ? 0 : random.nextInt(events.size() + 1);
      for (int i = 0; i < copies; i++) {
        UsageEvent original = events.get(random.nextInt(events.size()));
        // an equal copy, built afresh
        withCopies.add(random.nextInt(withCopies.size() + 1), UsageEvent.of(original.id(), original.customer(),
            null, original.eventType(), original.timestamp(), new HashMap<>(original.properties())));
      }
      AggregationResult once = onePass(events, meters);
      AggregationResult twice = onePass(withCopies, meters);
      assertThat(twice.quantities()).isEqualTo(once.quantities());
      assertThat(twice.duplicatesDropped()).isEqualTo(copies);
      assertThat(twice.eventsRead()).isEqualTo(events.size() + copies);
      assertThat(twice.conflicts()).isEmpty();
    });
  }

  @Test
  void aLaterBatchWithTheSameIdsCountsNothing() {
    qt().withExamples(100).forAll(events(), meters()).checkAssert((events, meters) -> {
      AggregationContext context = AggregationContext.of(meters, MONTHS);
      AggregationResult first = UsageAggregator.DEFAULT.aggregate(events, context);
      AggregationResult second = UsageAggregator.DEFAULT.aggregate(events, context);
      assertSameNumbers(quantities(first), oracle(events, meters));
      assertThat(second.quantities()).isEmpty();
      assertThat(second.duplicatesDropped()).isEqualTo(events.size());
    });
  }

  @Test
  void parallelEqualsSequentialEvenWithConflictingCopies() {
    qt().withExamples(150).forAll(events(), meters(), SourceDSL.longs().all()).checkAssert((events, meters, seed) -> {
      Random random = new Random(seed);
      List<UsageEvent> input = new ArrayList<>(events);
      for (int i = 0; i < events.size() / 3; i++) {
        UsageEvent original = events.get(random.nextInt(events.size()));
        UsageEvent copy = random.nextBoolean() ? original
            : original.withProperties(Map.of("units", "7", "user", "u7", "country", "IN", "channel", "sms",
                "status", "delivered"));
        input.add(random.nextInt(input.size() + 1), copy);
      }
      int parts = 1 + random.nextInt(8);
      AggregationResult sequential = UsageAggregator.DEFAULT.aggregate(input,
          AggregationContext.of(meters, MONTHS));
      AggregationResult parallel = UsageAggregator.DEFAULT.aggregateParallel(input,
          AggregationContext.of(meters, MONTHS).withDedup(new InMemoryDeduplicationStore()), parts);
      assertThat(parallel).isEqualTo(sequential);
    });
  }

  @Test
  void lateEventsAreRoutedNeverDropped() {
    qt().withExamples(150).forAll(events(), meters()).checkAssert((events, meters) -> {
      // cus_a's October is invoiced
      YearMonth october = YearMonth.of(2026, 10);
      AggregationResult r = UsageAggregator.DEFAULT.aggregate(events, AggregationContext.of(meters, MONTHS)
          .withInvoiced((customer, period) -> customer.equals("cus_a")
              && YearMonth.from(period.zonedStart()).equals(october)));
      List<UsageEvent> expectedLate = events.stream()
          .filter(e -> e.customer().equals("cus_a") && YearMonth.from(e.timestamp().atZone(KOLKATA)).equals(october)
              && meters.stream().anyMatch(m -> m.matches(e)))
          .sorted(Comparator.comparing(UsageEvent::timestamp).thenComparing(UsageEvent::id))
          .collect(Collectors.toList());
      assertThat(r.lateEvents()).extracting(l -> l.event()).containsExactlyElementsOf(expectedLate);
      r.lateEvents().forEach(l -> assertThat(l.period().contains(l.event().timestamp())).isTrue());
      List<UsageEvent> onTime = new ArrayList<>(events);
      onTime.removeAll(expectedLate);
      assertSameNumbers(quantities(r), oracle(onTime, meters));
      // every event accounted for exactly once
      assertThat(r.eventsMatched() + r.lateEvents().size() + r.eventsWithoutMeter() + r.duplicatesDropped()
          + r.conflicts().size() + r.unusable().size()).isEqualTo(r.eventsRead());
    });
  }
}
