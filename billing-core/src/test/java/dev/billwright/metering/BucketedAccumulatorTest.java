package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** Meter {@code bucket} and weighted_sum {@code normalize} (plan format 1.1). */
class BucketedAccumulatorTest {
  private static final Meter HOURLY_MAX = Meter.of("gb", "storage", Aggregation.MAX, "gb")
      .withBucket(TimeBucket.parse("bucket", "PT1H"));

  private static UsageEvent event(String id, String at, String gb) {
    return UsageEvent.of(id, "c", null, "storage", Instant.parse(at), Map.of("gb", gb));
  }

  /** Flexprice, "MAX" aggregation docs, bucketed MAX example: hourly maxima 8 and 10 make 18. */
  @Test
  void sumOfHourlyMaxima() {
    Accumulator a = Accumulator.create(HOURLY_MAX, AccumulatorTestSupport.OCTOBER_UTC);
    a.add(event("1", "2026-10-15T07:10:00Z", "8"));
    a.add(event("2", "2026-10-15T07:40:00Z", "4"));
    a.add(event("3", "2026-10-15T08:05:00Z", "10"));
    a.add(event("4", "2026-10-15T08:30:00Z", "5"));
    a.add(event("5", "2026-10-15T08:55:00Z", "9"));
    assertThat(a.result()).isEqualByComparingTo("18");
    assertThat(a.eventCount()).isEqualTo(5);
    assertThat(a.buckets().orElseThrow().quantities())
        .containsEntry(Instant.parse("2026-10-15T07:00:00Z"), new BigDecimal("8"))
        .containsEntry(Instant.parse("2026-10-15T08:00:00Z"), new BigDecimal("10"));
    assertThatThrownBy(() -> a.add(event("6", "2026-11-02T00:00:00Z", "1"))).hasMessageContaining("period");
    assertThat(a.result()).isEqualByComparingTo("18");
  }

  /** Invariant: any split of the events into parts, merged in any grouping, gives the same buckets. */
  @Test
  void bucketMergeIsAssociativeAndCommutative() {
    qt().withExamples(200).forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 5_000))
        .ofSizeBetween(0, 40), SourceDSL.integers().between(0, 1000))
        .checkAssert((values, seed) -> {
          List<UsageEvent> events = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            int v = values.get(i);
            Instant at = Instant.parse("2026-10-01T00:00:00Z").plusSeconds((v * 97L + i * 13L + seed) % (3 * 86_400));
            events.add(UsageEvent.of("e" + i, "c", null, "storage", at, Map.of("gb", String.valueOf(v % 37))));
          }
          Accumulator all = Accumulator.create(HOURLY_MAX, AccumulatorTestSupport.OCTOBER_UTC);
          Accumulator[] parts = new Accumulator[3];
          for (int i = 0; i < 3; i++) {
            parts[i] = Accumulator.create(HOURLY_MAX, AccumulatorTestSupport.OCTOBER_UTC);
          }
          for (int i = 0; i < events.size(); i++) {
            all.add(events.get(i));
            parts[(i + seed) % 3].add(events.get(i));
          }
          Accumulator left = parts[0].copy();
          left.merge(parts[1]);
          left.merge(parts[2]);
          Accumulator right = parts[1].copy();
          right.merge(parts[2]);
          Accumulator rightOuter = parts[0].copy();
          rightOuter.merge(right);
          Accumulator reversed = parts[2].copy();
          reversed.merge(parts[0]);
          reversed.merge(parts[1]);
          for (Accumulator m : List.of(left, rightOuter, reversed)) {
            assertThat(m.result()).isEqualByComparingTo(all.result());
            assertThat(m.buckets()).isEqualTo(all.buckets());
            assertThat(m.eventCount()).isEqualTo(all.eventCount());
          }
          assertThat(parts[1].eventCount() + parts[0].eventCount() + parts[2].eventCount()).isEqualTo(events.size());
        });
  }

  @Test
  void mergeRefusesAnotherMeterOrPeriod() {
    Accumulator a = Accumulator.create(HOURLY_MAX, AccumulatorTestSupport.OCTOBER_UTC);
    Accumulator daily = Accumulator.create(HOURLY_MAX.withBucket(TimeBucket.parse("bucket", "P1D")),
        AccumulatorTestSupport.OCTOBER_UTC);
    assertThatThrownBy(() -> a.merge(daily)).isInstanceOf(dev.billwright.error.BillingException.class);
    assertThatThrownBy(() -> a.merge(Accumulator.create(Meter.of("gb", "storage", Aggregation.MAX, "gb"),
        AccumulatorTestSupport.OCTOBER_UTC))).isInstanceOf(dev.billwright.error.BillingException.class);
  }

  /**
   * Flexprice, "WEIGHTED SUM" aggregation docs: period 31 July 18:30 UTC to 31 August 18:30 UTC
   * (2,678,400 s); 20 GB from 16 August 00:00 UTC to the period end (15 days 18.5 hours =
   * 1,362,600 s; the page writes 1,365,300) contributes 20 × 1,362,600 / 2,678,400 GB.
   */
  @Test
  void weightedSumNormalizedByThePeriod() {
    Meter m = Meter.of("gb", "storage", Aggregation.WEIGHTED_SUM, "gb").withNormalize(WeightedSumNormalization.PERIOD);
    dev.billwright.time.BillingPeriod august = dev.billwright.time.BillingPeriod.of(
        Instant.parse("2025-07-31T18:30:00Z"), Instant.parse("2025-08-31T18:30:00Z"), java.time.ZoneId.of("Asia/Kolkata"));
    Accumulator a = Accumulator.create(m, august);
    a.add(event("1", "2025-08-16T00:00:00Z", "20"));
    assertThat(a.result()).isEqualByComparingTo(new BigDecimal("27252000").divide(new BigDecimal("2678400"),
        java.math.MathContext.DECIMAL128));
    Meter perHour = Meter.of("gb", "storage", Aggregation.WEIGHTED_SUM, "gb")
        .withNormalize(WeightedSumNormalization.divideBy(new BigDecimal("3600")));
    Accumulator h = Accumulator.create(perHour, august);
    h.add(event("1", "2025-08-31T16:30:00Z", "3"));
    assertThat(h.result()).isEqualByComparingTo("6");
  }

  @Test
  void jsonReadsBucketAndNormalizeAndRejectsMisuseWithThePath() {
    Meter m = MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"storage\","
        + " \"aggregation\": \"max\", \"value_property\": \"gb\", \"bucket\": \"PT1H\"}", "test"), "meters[0]"));
    assertThat(m.bucket()).contains(TimeBucket.parse("b", "PT1H"));
    assertThat(MeterJson.read(JsonObjectReader.at(MeterJson.write(m), "m"))).isEqualTo(m);
    Meter w = MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"storage\","
        + " \"aggregation\": \"weighted_sum\", \"value_property\": \"gb\", \"normalize\": {\"divide_by\": \"3600\"}}", "test"),
        "meters[0]"));
    assertThat(MeterJson.read(JsonObjectReader.at(MeterJson.write(w), "m"))).isEqualTo(w);
    assertThatThrownBy(() -> MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"s\","
        + " \"aggregation\": \"weighted_sum\", \"value_property\": \"gb\", \"bucket\": \"PT1H\"}", "test"), "meters[0]")))
        .hasMessageContaining("meters[0]").hasMessageContaining("bucket");
    assertThatThrownBy(() -> MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"s\","
        + " \"aggregation\": \"sum\", \"value_property\": \"gb\", \"normalize\": \"period\"}", "test"), "meters[0]")))
        .hasMessageContaining("meters[0]").hasMessageContaining("normalize");
    assertThatThrownBy(() -> MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"s\","
        + " \"aggregation\": \"max\", \"value_property\": \"gb\", \"bucket\": \"hourly\"}", "test"), "meters[0]")))
        .hasMessageContaining("meters[0]").hasMessageContaining("bucket");
    assertThatThrownBy(() -> MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"s\","
        + " \"aggregation\": \"weighted_sum\", \"value_property\": \"gb\", \"normalize\": {\"divide_by\": \"0\"}}", "test"),
        "meters[0]"))).hasMessageContaining("meters[0].normalize").hasMessageContaining("divide_by");
    assertThatThrownBy(() -> MeterJson.read(JsonObjectReader.at(Json.parse("{\"code\": \"gb\", \"event_type\": \"s\","
        + " \"aggregation\": \"weighted_sum\", \"value_property\": \"gb\", \"normalize\": {\"by\": \"3\"}}", "test"),
        "meters[0]"))).hasMessageContaining("meters[0].normalize");
  }

  @Test
  void anAggregationRunKeepsTheBucketValues() {
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(List.of(event("1", "2026-10-15T07:10:00Z", "8"),
        event("2", "2026-10-15T08:05:00Z", "10"), event("3", "2026-10-15T08:55:00Z", "9")),
        AggregationContext.of(List.of(HOURLY_MAX), PeriodResolver.fixed(AccumulatorTestSupport.OCTOBER_UTC)));
    AggregatedQuantity q = r.quantities().values().iterator().next();
    assertThat(q.quantity()).isEqualByComparingTo("18");
    assertThat(q.buckets().total()).isEqualByComparingTo("18");
    assertThat(q.buckets().quantities()).hasSize(2);
  }
}
