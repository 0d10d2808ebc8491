package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccumulatorTest {
  /** A ten-hour period: 36 000 seconds. */
  private static final BillingPeriod TEN_HOURS = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-10-01T10:00:00Z"), ZoneOffset.UTC);

  private static UsageEvent event(String id, String time, String units) {
    return UsageEvent.of(id, "cus", null, "t", Instant.parse(time), units == null ? Map.of() : Map.of("units", units));
  }

  private static Accumulator of(Aggregation a, String... unitsValues) {
    Accumulator acc = Accumulator.create(Meter.of("m", "t", a, a == Aggregation.COUNT ? null : "units"), TEN_HOURS);
    int i = 0;
    for (String u : unitsValues) {
      acc.add(event("e" + i, "2026-10-01T0" + i + ":00:00Z", u));
      i++;
    }
    return acc;
  }

  /**
   * Worked example, computed by hand from the definition (integral of the running level): carry-in
   * 2 GB at 00:00, +3 GB at 02:00, -1 GB at 06:00, over [00:00, 10:00). Level 2 for 7 200 s, 5 for
   * 14 400 s, 4 for 14 400 s: 14 400 + 72 000 + 57 600 = 144 000 GB-seconds; Lago's units (÷ the
   * period's 36 000 s) would be 4.
   */
  @Test
  void weightedSumIntegratesTheRunningLevel() {
    Meter storage = Meter.of("storage", "t", Aggregation.WEIGHTED_SUM, "units");
    Accumulator acc = Accumulator.create(storage, TEN_HOURS, new BigDecimal("2"));
    acc.add(event("e1", "2026-10-01T02:00:00Z", "3"));
    acc.add(event("e2", "2026-10-01T06:00:00Z", "-1"));
    assertThat(acc.result()).isEqualTo(new BigDecimal("144000"));
    assertThat(acc.eventCount()).isEqualTo(2);
    // carry-in alone: 2 GB for the whole 36 000 s
    assertThat(Accumulator.create(storage, TEN_HOURS, new BigDecimal("2")).result()).isEqualTo(new BigDecimal("72000"));
  }

  @Test
  void weightedSumKeepsNanoseconds() {
    Accumulator acc = Accumulator.create(Meter.of("s", "t", Aggregation.WEIGHTED_SUM, "units"), TEN_HOURS);
    acc.add(event("e1", "2026-10-01T09:59:59.999999999Z", "1000000000"));
    assertThat(acc.result()).isEqualTo(BigDecimal.ONE); // 1e9 × 1 ns
  }

  @Test
  void weightedSumRejectsEventsOutsideThePeriod() {
    Accumulator acc = Accumulator.create(Meter.of("s", "t", Aggregation.WEIGHTED_SUM, "units"), TEN_HOURS);
    assertThatThrownBy(() -> acc.add(event("late", "2026-10-01T10:00:00Z", "1")))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT))
        .hasMessageContaining("late").hasMessageContaining("timestamp");
    assertThat(acc.eventCount()).isZero();
  }

  @Test
  void simpleAggregations() {
    assertThat(of(Aggregation.COUNT, "1", "2", null).result()).isEqualTo(new BigDecimal("3"));
    assertThat(of(Aggregation.SUM, "1.25", "2", "-0.25").result()).isEqualTo(new BigDecimal("3"));
    assertThat(of(Aggregation.MIN, "1.5", "-2", "3").result()).isEqualTo(new BigDecimal("-2"));
    assertThat(of(Aggregation.MAX, "1.5", "-2", "3.000").result()).isEqualTo(new BigDecimal("3"));
    assertThat(of(Aggregation.UNIQUE_COUNT, "1", "1.0", "1").result()).as("values compare as written")
        .isEqualTo(new BigDecimal("2"));
  }

  @Test
  void emptyAggregatesAreZero() {
    for (Aggregation a : Aggregation.values()) {
      assertThat(of(a).result()).as(a.toString()).isEqualByComparingTo(BigDecimal.ZERO);
      assertThat(of(a).eventCount()).isZero();
    }
  }

  /** 1/3 in DECIMAL128: 34 significant digits, HALF_EVEN. */
  @Test
  void avgDividesOnceInDecimal128() {
    assertThat(of(Aggregation.AVG, "1", "0", "0").result()).isEqualTo(new BigDecimal("0." + "3".repeat(34)));
    assertThat(of(Aggregation.AVG, "2", "0", "0").result()).isEqualTo(new BigDecimal("0." + "6".repeat(33) + "7"));
    assertThat(of(Aggregation.AVG, "1.5", "2.5").result()).isEqualTo(new BigDecimal("2"));
  }

  @Test
  void latestIsOrderedByTimestampThenId() {
    Meter m = Meter.of("m", "t", Aggregation.LATEST, "units");
    Accumulator acc = Accumulator.create(m, TEN_HOURS);
    acc.add(event("b", "2026-10-01T05:00:00Z", "20"));
    acc.add(event("c", "2026-10-01T04:00:00Z", "30"));
    acc.add(event("a", "2026-10-01T05:00:00Z", "10"));
    assertThat(acc.result()).isEqualTo(new BigDecimal("20"));
  }

  @Test
  void badValuesNameEventMeterAndPropertyAndLeaveTheAccumulatorUnchanged() {
    Accumulator acc = of(Aggregation.SUM, "5");
    assertThatThrownBy(() -> acc.add(event("bad", "2026-10-01T05:00:00Z", "1e3")))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT))
        .hasMessageContaining("bad").hasMessageContaining("meter m").hasMessageContaining("properties.units");
    assertThatThrownBy(() -> acc.add(event("none", "2026-10-01T05:00:00Z", null))).hasMessageContaining("properties.units");
    assertThat(acc.result()).isEqualTo(new BigDecimal("5"));
    assertThat(acc.eventCount()).isEqualTo(1);
  }

  @Test
  void mergeRefusesAnotherKindOfAccumulator() {
    assertThatThrownBy(() -> of(Aggregation.SUM).merge(of(Aggregation.AVG)))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> of(Aggregation.MIN).merge(of(Aggregation.MAX))).isInstanceOf(BillingException.class);
    Meter s = Meter.of("s", "t", Aggregation.WEIGHTED_SUM, "units");
    assertThatThrownBy(() -> Accumulator.create(s, TEN_HOURS, BigDecimal.ONE).merge(Accumulator.create(s, TEN_HOURS)))
        .isInstanceOf(BillingException.class);
  }

  @Test
  void copyIsIndependent() {
    Accumulator acc = of(Aggregation.UNIQUE_COUNT, "a");
    Accumulator copy = acc.copy();
    copy.add(event("x", "2026-10-01T05:00:00Z", "b"));
    assertThat(acc.result()).isEqualTo(BigDecimal.ONE);
    assertThat(copy.result()).isEqualTo(new BigDecimal("2"));
  }
}
