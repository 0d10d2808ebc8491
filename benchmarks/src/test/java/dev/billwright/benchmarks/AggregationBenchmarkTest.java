package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.metering.Aggregation;
import dev.billwright.metering.AggregationResult;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link AggregationBenchmark}'s single-thread and parallel Billwright aggregations
 * and its baseline give the same quantity for every customer, for every aggregation type, with
 * and without dedup (so the ratios compare like with like), and that the dedup variant really
 * deduplicates.
 */
class AggregationBenchmarkTest {
  private static AggregationBenchmark.Data data(Aggregation aggregation) {
    AggregationBenchmark.Data d = new AggregationBenchmark.Data();
    d.aggregation = aggregation;
    d.setUp();
    return d;
  }

  private static AggregationBenchmark.Batch batch(AggregationBenchmark.Data d, boolean dedup) {
    AggregationBenchmark.Batch b = new AggregationBenchmark.Batch();
    b.dedup = dedup;
    b.setUp(d);
    return b;
  }

  @Test
  void everyVariantGivesTheSameQuantityPerCustomer() {
    AggregationBenchmark bench = new AggregationBenchmark();
    for (Aggregation aggregation : Aggregation.values()) {
      AggregationBenchmark.Data d = data(aggregation);
      for (boolean dedup : new boolean[] {true, false}) {
        BigDecimal[] single = AggregationBenchmark.perCustomer(d, bench.aggregate(batch(d, dedup)));
        BigDecimal[] parallel = AggregationBenchmark.perCustomer(d, bench.aggregate_parallel(batch(d, dedup)));
        BigDecimal[] baseline = bench.aggregate_baseline(d, batch(d, dedup));
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
    AggregationBenchmark.Data d = data(Aggregation.COUNT);
    BigDecimal[] counts = AggregationBenchmark.baseline(d, null);
    for (BigDecimal c : counts) {
      assertThat(c).isEqualByComparingTo(BigDecimal.valueOf(AggregationBenchmark.BATCH / AggregationBenchmark.CUSTOMERS));
    }
  }

  @Test
  void sumBaselineAddsEachCustomersValues() {
    // Oracle: customer 7's events are 7, 1007, 2007, …; add their values directly.
    AggregationBenchmark.Data d = data(Aggregation.SUM);
    BigDecimal expected = BigDecimal.ZERO;
    for (int i = 7; i < AggregationBenchmark.BATCH; i += AggregationBenchmark.CUSTOMERS) {
      expected = expected.add(new BigDecimal(d.text[i]));
    }
    assertThat(AggregationBenchmark.baseline(d, null)[7]).isEqualByComparingTo(expected);
  }

  @Test
  void theDedupVariantDropsEveryIdSeenBefore() {
    AggregationBenchmark.Data d = data(Aggregation.SUM);
    AggregationBenchmark.Batch b = batch(d, true);
    AggregationResult first = new AggregationBenchmark().aggregate(b);
    assertThat(first.duplicatesDropped()).isZero();
    AggregationResult again = new AggregationBenchmark().aggregate(b);
    assertThat(again.duplicatesDropped()).isEqualTo(AggregationBenchmark.BATCH);
    AggregationBenchmark.Batch without = batch(d, false);
    new AggregationBenchmark().aggregate(without);
    assertThat(new AggregationBenchmark().aggregate(without).duplicatesDropped()).isZero();
  }
}
