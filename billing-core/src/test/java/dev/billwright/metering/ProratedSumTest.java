package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationBasis;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Accumulator#prorated}: Lago's prorated sum on a recurring metric. The oracle is Lago's
 * per-event formula, value × ((period end date − event date) + 1) / period days (lago-api
 * {@code duration_ratio_sql}), summed and rounded up to 5 decimals.
 */
class ProratedSumTest {
  static final BillingPeriod JUNE = BillingPeriod.of(Instant.parse("2026-06-01T00:00:00Z"),
      Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC);
  static final Meter SEATS = Meter.of("seats", "seat", Aggregation.SUM, "seats");

  static UsageEvent seat(String id, Instant at, long value) {
    return UsageEvent.of(id, "cus", null, "seat", at, Map.of("seats", Long.toString(value)));
  }

  static Accumulator june() {
    return Accumulator.prorated(SEATS, JUNE, JUNE, ProrationBasis.DAYS);
  }

  /** Lago docs, Prorated vs Full: one $10 seat held 22 of 30 days is billed 7.33 (0.73334 seats). */
  @Test
  void oneSeatFor22Days() {
    Accumulator acc = june();
    acc.add(seat("e1", Instant.parse("2026-06-09T08:00:00Z"), 1));
    assertThat(acc.result()).isEqualByComparingTo("0.73334");
    assertThat(acc.eventCount()).isEqualTo(1);
  }

  /** A removal reduces from its own day: +1 on 9 June, −1 on 20 June = 22/30 − 11/30. */
  @Test
  void removalReducesFromItsInstant() {
    Accumulator acc = june();
    acc.add(seat("e1", Instant.parse("2026-06-09T08:00:00Z"), 1));
    acc.add(seat("e2", Instant.parse("2026-06-20T08:00:00Z"), -1));
    assertThat(acc.result()).isEqualByComparingTo("0.36667");
  }

  /** A window cut by a change (here the 20th) prorates against the full period. */
  @Test
  void clippedWindowProratesAgainstTheFullPeriod() {
    BillingPeriod firstPart = BillingPeriod.of(JUNE.start(), Instant.parse("2026-06-21T00:00:00Z"), ZoneOffset.UTC);
    Accumulator acc = Accumulator.prorated(SEATS, firstPart, JUNE, ProrationBasis.DAYS);
    acc.add(seat("e1", Instant.parse("2026-06-01T00:00:00Z"), 3));
    assertThat(acc.result()).isEqualByComparingTo("2"); // 3 × 20/30
  }

  @Test
  void refusesOtherAggregationsAndEventsOutsideTheWindow() {
    assertThatThrownBy(() -> Accumulator.prorated(Meter.of("m", "seat", Aggregation.MAX, "seats"), JUNE, JUNE,
        ProrationBasis.DAYS)).isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DEFINITION))
        .hasMessageContaining("aggregation");
    assertThatThrownBy(() -> june().add(seat("e", Instant.parse("2026-07-01T00:00:00Z"), 1)))
        .isInstanceOf(BillingException.class).hasMessageContaining("timestamp");
  }

  /** Every event at the period start: the prorated quantity equals the plain sum. */
  @Test
  void allEventsAtPeriodStartEqualTheUnproratedSum() {
    qt().forAll(lists().of(integers().between(-50, 50)).ofSizeBetween(0, 20)).checkAssert(values -> {
      Accumulator prorated = june();
      Accumulator plain = Accumulator.create(SEATS, JUNE);
      for (int i = 0; i < values.size(); i++) {
        prorated.add(seat("e" + i, JUNE.start(), values.get(i)));
        plain.add(seat("e" + i, JUNE.start(), values.get(i)));
      }
      assertThat(prorated.result()).isEqualByComparingTo(plain.result());
    });
  }

  /** Against Lago's per-event formula, and split into two parts merged in either order. */
  @Test
  void matchesLagoFormulaAndMerges() {
    qt().forAll(lists().of(integers().between(0, 30 * 24 - 1)).ofSizeBetween(1, 15), integers().between(1, 9))
        .checkAssert((hours, value) -> {
          Accumulator all = june();
          Accumulator a = june();
          Accumulator b = june();
          BigDecimal oracle = BigDecimal.ZERO;
          for (int i = 0; i < hours.size(); i++) {
            Instant t = JUNE.start().plus(Duration.ofHours(hours.get(i)));
            long v = i % 2 == 0 ? value : -1;
            UsageEvent e = seat("e" + i, t, v);
            all.add(e);
            (i % 3 == 0 ? a : b).add(e);
            long day = t.atZone(ZoneOffset.UTC).getDayOfMonth();
            oracle = oracle.add(BigDecimal.valueOf(v * (30 - day + 1)));
          }
          BigDecimal expected = oracle.divide(BigDecimal.valueOf(30), 5, java.math.RoundingMode.CEILING);
          assertThat(all.result()).isEqualByComparingTo(expected);
          Accumulator ab = a.copy();
          ab.merge(b);
          Accumulator ba = b.copy();
          ba.merge(a);
          assertThat(ab.result()).isEqualByComparingTo(expected);
          assertThat(ba.result()).isEqualByComparingTo(expected);
        });
  }

  @Test
  void mergeRefusesAnotherWindow() {
    Accumulator other = Accumulator.prorated(SEATS, JUNE, JUNE, ProrationBasis.SECONDS);
    assertThatThrownBy(() -> june().merge(other)).isInstanceOf(BillingException.class);
    assertThat(june().copy().result()).isEqualByComparingTo("0");
  }
}
