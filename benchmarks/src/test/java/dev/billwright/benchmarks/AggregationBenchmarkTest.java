package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.metering.Aggregation;
import dev.billwright.metering.AggregationContext;
import dev.billwright.metering.AggregationResult;
import dev.billwright.metering.UsageAggregator;
import dev.billwright.metering.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link AggregationBenchmark}'s single-thread and parallel Billwright aggregations
 * and its baseline give the same quantity for every customer, for every aggregation type, with
 * and without dedup (so the ratios compare like with like); that the baseline really does the
 * work it claims (dedup, type, filter, period); that the dedup variant really deduplicates; and
 * that every batch is made of fresh objects.
 */
class AggregationBenchmarkTest {
  private static final AggregationBenchmark.Data DATA = data();

  private static AggregationBenchmark.Data data() {
    AggregationBenchmark.Data d = new AggregationBenchmark.Data();
    d.setUp();
    return d;
  }

  private static AggregationBenchmark.Options options(Aggregation aggregation, boolean dedup) {
    AggregationBenchmark.Options o = new AggregationBenchmark.Options();
    o.aggregation = aggregation;
    o.dedup = dedup;
    o.setUp();
    return o;
  }

  private static AggregationBenchmark.Batch batch() {
    AggregationBenchmark.Batch b = new AggregationBenchmark.Batch();
    b.build(DATA);
    return b;
  }

  @Test
  void everyVariantGivesTheSameQuantityPerCustomer() {
    AggregationBenchmark bench = new AggregationBenchmark();
    for (Aggregation aggregation : Aggregation.values()) {
      for (boolean dedup : new boolean[] {true, false}) {
        AggregationBenchmark.Options o = options(aggregation, dedup);
        BigDecimal[] single = AggregationBenchmark.perCustomer(DATA, bench.aggregate(batch(), o));
        BigDecimal[] parallel = AggregationBenchmark.perCustomer(DATA, bench.aggregate_parallel(batch(), o));
        Map<AggregationBenchmark.Key, BigDecimal> base = bench.aggregate_baseline(batch(), o);
        assertThat(base).as("%s dedup=%s: one quantity per customer", aggregation, dedup)
            .hasSize(AggregationBenchmark.CUSTOMERS);
        BigDecimal[] baseline = AggregationBenchmark.perCustomer(DATA, base);
        for (int c = 0; c < AggregationBenchmark.CUSTOMERS; c++) {
          assertThat(baseline[c]).as("%s dedup=%s customer %d, baseline", aggregation, dedup, c).isNotNull();
          assertThat(single[c]).as("%s dedup=%s customer %d", aggregation, dedup, c)
              .isNotNull().isEqualByComparingTo(baseline[c]);
          assertThat(parallel[c]).as("%s dedup=%s customer %d, parallel", aggregation, dedup, c)
              .isNotNull().isEqualByComparingTo(baseline[c]);
        }
      }
    }
  }

  @Test
  void countIsTheNumberOfEventsOfEachCustomer() {
    // Oracle: events are dealt round robin, so each customer has BATCH / CUSTOMERS of them.
    BigDecimal[] counts = AggregationBenchmark.perCustomer(DATA,
        AggregationBenchmark.baseline(DATA.events(), Aggregation.COUNT, null));
    for (BigDecimal c : counts) {
      assertThat(c).isEqualByComparingTo(BigDecimal.valueOf(AggregationBenchmark.BATCH / AggregationBenchmark.CUSTOMERS));
    }
  }

  @Test
  void sumBaselineAddsEachCustomersValues() {
    // Oracle: customer 7's events are 7, 1007, 2007, …; add their values directly.
    BigDecimal expected = BigDecimal.ZERO;
    for (int i = 7; i < AggregationBenchmark.BATCH; i += AggregationBenchmark.CUSTOMERS) {
      expected = expected.add(new BigDecimal(DATA.text[i]));
    }
    BigDecimal[] sums = AggregationBenchmark.perCustomer(DATA,
        AggregationBenchmark.baseline(DATA.events(), Aggregation.SUM, null));
    assertThat(sums[7]).isEqualByComparingTo(expected);
  }

  @Test
  void baselineSkipsWhatBillwrightSkips() {
    // Mixed input: a duplicate id, another event type, a region the filter rejects, an event
    // without the region, one outside the period. Billwright and the baseline must agree on
    // every quantity, and the baseline must count only the events Billwright counts.
    Instant t = AggregationBenchmark.PERIOD.start().plusSeconds(3600);
    List<UsageEvent> events = new ArrayList<>();
    events.add(event("a", "cus_0", AggregationBenchmark.TYPE, t, Map.of("region", "eu", "units", "2.5")));
    events.add(event("a", "cus_0", AggregationBenchmark.TYPE, t, Map.of("region", "eu", "units", "2.5")));
    events.add(event("b", "cus_0", "other.type", t, Map.of("region", "eu", "units", "100")));
    events.add(event("c", "cus_0", AggregationBenchmark.TYPE, t, Map.of("region", "ap", "units", "100")));
    events.add(event("d", "cus_0", AggregationBenchmark.TYPE, t, Map.of("units", "100")));
    events.add(event("e", "cus_0", AggregationBenchmark.TYPE, AggregationBenchmark.PERIOD.end(),
        Map.of("region", "us", "units", "100")));
    events.add(event("f", "cus_1", AggregationBenchmark.TYPE, t.plusSeconds(1), Map.of("region", "us", "units", "4")));
    events.add(event("g", "cus_0", AggregationBenchmark.TYPE, t.plusSeconds(2), Map.of("region", "us", "units", "1")));
    for (Aggregation aggregation : Aggregation.values()) {
      AggregationBenchmark.Options o = options(aggregation, true);
      AggregationResult billwright = UsageAggregator.DEFAULT.aggregate(events, o.context());
      assertThat(billwright.duplicatesDropped()).isEqualTo(1);
      Map<AggregationBenchmark.Key, BigDecimal> baseline = AggregationBenchmark.baseline(events, aggregation,
          new HashSet<>());
      assertThat(baseline).as("%s", aggregation).hasSize(2);
      BigDecimal[] b = AggregationBenchmark.perCustomer(DATA, baseline);
      BigDecimal[] w = AggregationBenchmark.perCustomer(DATA, billwright);
      for (int c = 0; c < 2; c++) {
        assertThat(w[c]).as("%s customer %d", aggregation, c).isEqualByComparingTo(b[c]);
      }
    }
    // the oracle for one aggregation: cus_0 sums a (once) and g only
    BigDecimal[] sums = AggregationBenchmark.perCustomer(DATA,
        AggregationBenchmark.baseline(events, Aggregation.SUM, new HashSet<>()));
    assertThat(sums[0]).isEqualByComparingTo("3.5");
    assertThat(sums[1]).isEqualByComparingTo("4");
    // without dedup, the baseline counts both copies of a
    BigDecimal[] counts = AggregationBenchmark.perCustomer(DATA,
        AggregationBenchmark.baseline(events, Aggregation.COUNT, null));
    assertThat(counts[0]).isEqualByComparingTo("3");
  }

  private static UsageEvent event(String id, String customer, String type, Instant t, Map<String, String> properties) {
    return UsageEvent.of(id, customer, null, type, t, properties);
  }

  @Test
  void theDedupVariantDropsEveryIdSeenBefore() {
    AggregationContext withDedup = options(Aggregation.SUM, true).context();
    assertThat(UsageAggregator.DEFAULT.aggregate(DATA.events(), withDedup).duplicatesDropped()).isZero();
    assertThat(UsageAggregator.DEFAULT.aggregate(DATA.events(), withDedup).duplicatesDropped())
        .isEqualTo(AggregationBenchmark.BATCH);
    AggregationContext without = options(Aggregation.SUM, false).context();
    UsageAggregator.DEFAULT.aggregate(DATA.events(), without);
    assertThat(UsageAggregator.DEFAULT.aggregate(DATA.events(), without).duplicatesDropped()).isZero();
    // Each benchmark invocation gets a fresh store, so it never sees an earlier batch's ids.
    assertThat(new AggregationBenchmark().aggregate(batch(), options(Aggregation.SUM, true)).duplicatesDropped())
        .isZero();
    // The baseline's id set drops a second batch entirely.
    java.util.Set<String> seen = options(Aggregation.COUNT, true).seen();
    AggregationBenchmark.baseline(DATA.events(), Aggregation.COUNT, seen);
    assertThat(AggregationBenchmark.baseline(DATA.events(), Aggregation.COUNT, seen)).isEmpty();
    assertThat(options(Aggregation.COUNT, false).seen()).isNull();
  }

  @Test
  void everyBatchIsMadeOfFreshObjects() {
    List<UsageEvent> a = batch().events;
    List<UsageEvent> b = new AggregationBenchmark().buildEvents(DATA);
    assertThat(a).hasSize(AggregationBenchmark.BATCH).isEqualTo(b);
    for (int i : new int[] {0, 1, AggregationBenchmark.BATCH - 1}) {
      assertThat(a.get(i)).isNotSameAs(b.get(i));
      // ids and values are new strings, never the arrays' (whose hash codes are cached)
      assertThat(a.get(i).id()).isEqualTo(DATA.ids[i]).isNotSameAs(b.get(i).id()).isNotSameAs(DATA.ids[i]);
      assertThat(a.get(i).property("units")).isEqualTo(DATA.text[i]).isNotSameAs(DATA.text[i]);
      assertThat(a.get(i).property("region")).isNotSameAs(DATA.region[i]);
      // customers are shared, as a reader interns them
      assertThat(a.get(i).customer()).isSameAs(b.get(i).customer());
    }
  }
}
