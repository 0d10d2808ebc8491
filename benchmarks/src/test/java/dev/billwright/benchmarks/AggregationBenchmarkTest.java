package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.metering.Aggregation;
import dev.billwright.metering.AggregationContext;
import dev.billwright.metering.UsageAggregator;
import dev.billwright.metering.UsageEvent;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link AggregationBenchmark}'s single-thread and parallel Billwright aggregations
 * and its baseline give the same quantity for every customer, for every aggregation type, with
 * and without dedup (so the ratios compare like with like), and that the dedup variant really
 * deduplicates.
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

  @Test
  void everyVariantGivesTheSameQuantityPerCustomer() {
    AggregationBenchmark bench = new AggregationBenchmark();
    for (Aggregation aggregation : Aggregation.values()) {
      AggregationBenchmark.Data d = DATA;
      for (boolean dedup : new boolean[] {true, false}) {
        AggregationBenchmark.Options o = options(aggregation, dedup);
        BigDecimal[] single = AggregationBenchmark.perCustomer(d, bench.aggregate(d, o));
        BigDecimal[] parallel = AggregationBenchmark.perCustomer(d, bench.aggregate_parallel(d, o));
        BigDecimal[] baseline = bench.aggregate_baseline(d, o);
        for (int c = 0; c < AggregationBenchmark.CUSTOMERS; c++) {
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
    BigDecimal[] counts = AggregationBenchmark.baseline(DATA, Aggregation.COUNT, null);
    for (BigDecimal c : counts) {
      assertThat(c).isEqualByComparingTo(BigDecimal.valueOf(AggregationBenchmark.BATCH / AggregationBenchmark.CUSTOMERS));
    }
  }

  @Test
  void sumBaselineAddsEachCustomersValues() {
    // Oracle: customer 7's events are 7, 1007, 2007, …; add their values directly.
    AggregationBenchmark.Data d = DATA;
    BigDecimal expected = BigDecimal.ZERO;
    for (int i = 7; i < AggregationBenchmark.BATCH; i += AggregationBenchmark.CUSTOMERS) {
      expected = expected.add(new BigDecimal(d.text[i]));
    }
    assertThat(AggregationBenchmark.baseline(d, Aggregation.SUM, null)[7]).isEqualByComparingTo(expected);
  }

  @Test
  void theDedupVariantDropsEveryIdSeenBefore() {
    AggregationBenchmark.Data d = DATA;
    AggregationContext withDedup = options(Aggregation.SUM, true).context();
    assertThat(UsageAggregator.DEFAULT.aggregate(d.events(), withDedup).duplicatesDropped()).isZero();
    assertThat(UsageAggregator.DEFAULT.aggregate(d.events(), withDedup).duplicatesDropped())
        .isEqualTo(AggregationBenchmark.BATCH);
    AggregationContext without = options(Aggregation.SUM, false).context();
    UsageAggregator.DEFAULT.aggregate(d.events(), without);
    assertThat(UsageAggregator.DEFAULT.aggregate(d.events(), without).duplicatesDropped()).isZero();
    // Each benchmark invocation gets a fresh store, so it never sees an earlier batch's ids.
    assertThat(new AggregationBenchmark().aggregate(d, options(Aggregation.SUM, true)).duplicatesDropped()).isZero();
  }

  @Test
  void buildMakesFreshEventsEveryTime() {
    List<UsageEvent> a = new AggregationBenchmark().buildEvents(DATA);
    List<UsageEvent> b = new AggregationBenchmark().buildEvents(DATA);
    assertThat(a).hasSize(AggregationBenchmark.BATCH).isEqualTo(b);
    assertThat(a.get(0)).isNotSameAs(b.get(0));
  }
}
