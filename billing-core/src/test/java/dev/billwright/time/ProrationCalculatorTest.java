package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ProrationCalculatorTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ProrationCalculator CALC = ProrationCalculator.DEFAULT;
  private static final List<ZoneId> ZONES = List.of(KOLKATA, LONDON, ZoneId.of("America/New_York"),
      ZoneId.of("UTC"));
  private static final List<RoundingPolicy> POLICIES = List.of(RoundingPolicy.DEFAULT,
      RoundingPolicy.ofCurrency(RoundingMode.HALF_EVEN), RoundingPolicy.ofScale(0, RoundingMode.HALF_UP),
      RoundingPolicy.ofIncrement(new BigDecimal("0.05"), RoundingMode.HALF_UP));

  private static Instant at(int y, int m, int d, int h, ZoneId zone) {
    return ZonedDateTime.of(y, m, d, h, 0, 0, 0, zone).toInstant();
  }

  private static BillingPeriod period(ZoneId zone, int y1, int m1, int d1, int h1, int y2, int m2, int d2, int h2) {
    return BillingPeriod.of(at(y1, m1, d1, h1, zone), at(y2, m2, d2, h2, zone), zone);
  }

  @Test
  void secondsAndDaysForAMidMonthStart() {
    // October 2026 has 31 days; Asia/Kolkata has no DST, so every day is 86,400 s.
    BillingPeriod october = period(KOLKATA, 2026, 10, 1, 0, 2026, 11, 1, 0);
    BillingPeriod fromTenth = period(KOLKATA, 2026, 10, 10, 0, 2026, 11, 1, 0);
    assertThat(CALC.fraction(fromTenth, october, ProrationBasis.SECONDS)).isEqualTo(ProrationFraction.of(22, 31));
    assertThat(CALC.fraction(fromTenth, october, ProrationBasis.DAYS)).isEqualTo(ProrationFraction.of(22, 31));
    // 30/360: 10 Oct .. 1 Nov is 21 + (30 - 30) ... days 10..30 = 21 days, the 31st counts 0.
    assertThat(CALC.fraction(fromTenth, october, ProrationBasis.DAYS_30)).isEqualTo(ProrationFraction.of(21, 30));
    assertThat(CALC.fraction(fromTenth, october, ProrationBasis.NONE)).isEqualTo(ProrationFraction.ONE);
    // INR 999 for the month: 999 × 22 / 31 = 708.967741... -> 708.97 (HALF_UP, paise).
    assertThat(CALC.prorate(Money.of("INR", "999"), fromTenth, october, ProrationBasis.DAYS,
        RoundingPolicy.DEFAULT)).isEqualTo(Money.of("INR", "708.97"));
  }

  @Test
  void partialDaysUnderTheDaysBasisGoToThePartThatStartsOnThem() {
    BillingPeriod october = period(KOLKATA, 2026, 10, 1, 0, 2026, 11, 1, 0);
    BillingPeriod before = period(KOLKATA, 2026, 10, 1, 0, 2026, 10, 10, 15);
    BillingPeriod after = period(KOLKATA, 2026, 10, 10, 15, 2026, 11, 1, 0);
    assertThat(CALC.fraction(before, october, ProrationBasis.DAYS)).isEqualTo(ProrationFraction.of(9, 31));
    assertThat(CALC.fraction(after, october, ProrationBasis.DAYS)).isEqualTo(ProrationFraction.of(22, 31));
    // SECONDS counts the 15 hours exactly: 9 days 15 h of 31 days = 231/744.
    assertThat(CALC.fraction(before, october, ProrationBasis.SECONDS)).isEqualTo(ProrationFraction.of(231, 744));
    BillingPeriod sameDay = period(KOLKATA, 2026, 10, 10, 9, 2026, 10, 10, 15);
    assertThat(CALC.fraction(sameDay, october, ProrationBasis.DAYS)).isEqualTo(ProrationFraction.ZERO);
  }

  @Test
  void dstDayIsOneDayButTwentyThreeHours() {
    // March 2026 in London: 29 March is 23 hours (last Sunday of March), so the month is 743 h.
    BillingPeriod march = period(LONDON, 2026, 3, 1, 0, 2026, 4, 1, 0);
    BillingPeriod lastThree = period(LONDON, 2026, 3, 29, 0, 2026, 4, 1, 0);
    assertThat(march.duration()).isEqualTo(Duration.ofHours(743));
    assertThat(CALC.fraction(lastThree, march, ProrationBasis.SECONDS)).isEqualTo(ProrationFraction.of(71, 743));
    assertThat(CALC.fraction(lastThree, march, ProrationBasis.DAYS)).isEqualTo(ProrationFraction.of(3, 31));
  }

  @Test
  void thirtyDayMonths() {
    BillingPeriod february = period(KOLKATA, 2026, 2, 1, 0, 2026, 3, 1, 0);
    BillingPeriod lateFeb = period(KOLKATA, 2026, 2, 15, 0, 2026, 3, 1, 0);
    // Feb 15..28 is 14 actual days; the last day makes the month up to 30, so 16 of 30.
    assertThat(CALC.fraction(lateFeb, february, ProrationBasis.DAYS_30)).isEqualTo(ProrationFraction.of(16, 30));
    BillingPeriod year = period(KOLKATA, 2026, 1, 1, 0, 2027, 1, 1, 0);
    BillingPeriod january = period(KOLKATA, 2026, 1, 1, 0, 2026, 2, 1, 0);
    assertThat(CALC.fraction(january, year, ProrationBasis.DAYS_30)).isEqualTo(ProrationFraction.of(30, 360));
    assertThat(CALC.fraction(february, year, ProrationBasis.DAYS_30)).isEqualTo(ProrationFraction.of(30, 360));
    BillingPeriod the31st = period(KOLKATA, 2026, 1, 31, 0, 2026, 2, 1, 0);
    assertThat(CALC.fraction(the31st, january, ProrationBasis.DAYS_30)).isEqualTo(ProrationFraction.ZERO);
    assertThatThrownBy(() -> CALC.fraction(the31st, the31st, ProrationBasis.DAYS_30))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
  }

  @Test
  void fractionsAreExactNotRoundedToNineDecimals() {
    // Kill Bill rounds each fraction to 9 decimals, so 7/31 + 3/31 gives 0.322580646 there
    // (peers-killbill-stripe-orb.md, TV-K07); exact fractions add to 10/31.
    BillingPeriod month = period(KOLKATA, 2026, 1, 1, 0, 2026, 2, 1, 0);
    ProrationFraction a = CALC.fraction(period(KOLKATA, 2026, 1, 1, 0, 2026, 1, 8, 0), month, ProrationBasis.DAYS);
    ProrationFraction b = CALC.fraction(period(KOLKATA, 2026, 1, 8, 0, 2026, 1, 11, 0), month, ProrationBasis.DAYS);
    assertThat(a).isEqualTo(ProrationFraction.of(7, 31));
    assertThat(b).isEqualTo(ProrationFraction.of(3, 31));
    assertThat(a.numerator().multiply(b.denominator()).add(b.numerator().multiply(a.denominator())))
        .isEqualTo(BigInteger.valueOf(10 * 31));
  }

  @Test
  void splitWorkedExample() {
    // INR 100 over three equal ten-day parts of a 30-day month (April 2026): 33.33 each exactly
    // is 99.99, so largest remainder gives the extra paisa to the first part.
    BillingPeriod april = period(KOLKATA, 2026, 4, 1, 0, 2026, 5, 1, 0);
    List<BillingPeriod> parts = List.of(period(KOLKATA, 2026, 4, 1, 0, 2026, 4, 11, 0),
        period(KOLKATA, 2026, 4, 11, 0, 2026, 4, 21, 0), period(KOLKATA, 2026, 4, 21, 0, 2026, 5, 1, 0));
    assertThat(CALC.split(Money.of("INR", "100"), parts, april, ProrationBasis.DAYS, RoundingPolicy.DEFAULT))
        .containsExactly(Money.of("INR", "33.34"), Money.of("INR", "33.33"), Money.of("INR", "33.33"));
    assertThat(CALC.split(Money.of("INR", "100"), parts.subList(1, 3), april, ProrationBasis.DAYS,
        RoundingPolicy.DEFAULT)).containsExactly(Money.of("INR", "33.34"), Money.of("INR", "33.33"));
    assertThat(CALC.split(Money.of("INR", "100"), parts, april, ProrationBasis.NONE, RoundingPolicy.DEFAULT))
        .containsOnly(Money.of("INR", "100"));
  }

  @Test
  void splitRejectsOverlapsAndOutsideParts() {
    BillingPeriod april = period(KOLKATA, 2026, 4, 1, 0, 2026, 5, 1, 0);
    BillingPeriod a = period(KOLKATA, 2026, 4, 1, 0, 2026, 4, 11, 0);
    BillingPeriod b = period(KOLKATA, 2026, 4, 10, 0, 2026, 4, 21, 0);
    assertThatThrownBy(() -> CALC.split(Money.of("INR", "1"), List.of(a, b), april, ProrationBasis.DAYS,
        RoundingPolicy.DEFAULT)).isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
    BillingPeriod outside = period(KOLKATA, 2026, 3, 31, 0, 2026, 4, 2, 0);
    assertThatThrownBy(() -> CALC.fraction(outside, april, ProrationBasis.SECONDS))
        .isInstanceOf(BillingException.class).hasMessageContaining("inside the full period");
    assertThatThrownBy(() -> CALC.split(Money.of("INR", "1"), List.of(), april, ProrationBasis.DAYS,
        RoundingPolicy.DEFAULT)).isInstanceOf(BillingException.class);
  }

  @Test
  void partsOfASplitPeriodSumExactlyToTheRoundedWhole() {
    // Property: cut a full schedule period at random instants; for every basis and policy the
    // rounded parts add up to the rounded whole, and each part is within 1.5 units of its exact
    // share (under one unit from the allocation plus half a unit from rounding the whole).
    qt().withExamples(2000).forAll(integers().between(0, ZONES.size() - 1),
        longs().between(-99_999_999L, 99_999_999L), lists().of(longs().between(0, 1_000_000)).ofSizeBetween(0, 6),
        integers().between(0, 11))
        .checkAssert((z, cents, cuts, choice) -> {
          ZoneId zone = ZONES.get(z);
          BillingCadence cadence = List.of(BillingCadence.MONTHLY, BillingCadence.QUARTERLY,
              BillingCadence.YEARLY).get(choice % 3);
          ProrationBasis basis = List.of(ProrationBasis.SECONDS, ProrationBasis.DAYS, ProrationBasis.DAYS_30)
              .get(choice / 4 % 3);
          RoundingPolicy policy = POLICIES.get(choice % 4);
          BillingSchedule schedule = BillingSchedule.anniversary(cadence, zone,
              LocalDateTime.of(2024, 1, 29 + choice % 3, 0, 0).plusMonths(choice));
          BillingPeriod full = schedule.periodAt(cuts.size());
          TreeSet<Instant> points = new TreeSet<>();
          points.add(full.start());
          points.add(full.end());
          for (long c : cuts) {
            points.add(full.start().plus(full.duration().multipliedBy(c).dividedBy(1_000_000)));
          }
          List<Instant> sorted = new ArrayList<>(points);
          List<BillingPeriod> parts = new ArrayList<>();
          for (int i = 1; i < sorted.size(); i++) {
            parts.add(BillingPeriod.of(sorted.get(i - 1), sorted.get(i), zone));
          }
          Money amount = Money.of(Money.currency("INR"), BigDecimal.valueOf(cents, 2));
          List<Money> split = CALC.split(amount, parts, full, basis, policy);
          assertThat(Money.total(amount.currency(), split)).isEqualTo(policy.round(amount));
          BigDecimal unit = policy.unit(amount.currency());
          for (int i = 0; i < parts.size(); i++) {
            ProrationFraction f = CALC.fraction(parts.get(i), full, basis);
            BigDecimal exact = amount.amount().multiply(new BigDecimal(f.numerator()))
                .divide(new BigDecimal(f.denominator()), 40, RoundingMode.HALF_EVEN);
            assertThat(split.get(i).amount().subtract(exact).abs()).isLessThan(unit.multiply(new BigDecimal("1.5")));
          }
          // The exact fractions of the parts add up to exactly one.
          BigInteger num = BigInteger.ZERO;
          BigInteger den = BigInteger.ONE;
          for (BillingPeriod p : parts) {
            ProrationFraction f = CALC.fraction(p, full, basis);
            num = num.multiply(f.denominator()).add(f.numerator().multiply(den));
            den = den.multiply(f.denominator());
          }
          assertThat(num).isEqualTo(den);
        });
  }

  @Test
  void scheduledPeriodFractionIsOneWhenWhole() {
    BillingSchedule s = BillingSchedule.calendar(BillingCadence.MONTHLY, KOLKATA);
    ScheduledPeriod first = s.firstPeriod(at(2026, 10, 10, 0, KOLKATA));
    assertThat(CALC.fraction(first, ProrationBasis.DAYS)).isEqualTo(ProrationFraction.of(22, 31));
    ScheduledPeriod whole = s.firstPeriod(at(2026, 10, 1, 0, KOLKATA));
    assertThat(CALC.fraction(whole, ProrationBasis.SECONDS)).isEqualTo(ProrationFraction.ONE);
    assertThat(whole.period().zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2026, 10, 1));
  }

  @Test
  void basisJsonNames() {
    for (ProrationBasis b : ProrationBasis.values()) {
      assertThat(ProrationBasis.fromJsonName(b.jsonName())).isEqualTo(b);
    }
    assertThat(ProrationBasis.DAYS_30.jsonName()).isEqualTo("days_30");
    assertThatThrownBy(() -> ProrationBasis.fromJsonName("days_360")).isInstanceOfSatisfying(
        BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> ProrationBasis.fromJsonName(null)).isInstanceOf(BillingException.class);
  }
}
