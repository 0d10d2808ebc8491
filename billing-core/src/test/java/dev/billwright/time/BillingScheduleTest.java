package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class BillingScheduleTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, KOLKATA, NEW_YORK, LONDON,
      ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Sao_Paulo"), ZoneId.of("Pacific/Apia"));
  private static final List<BillingCadence> CADENCES = List.of(BillingCadence.DAILY,
      BillingCadence.WEEKLY, BillingCadence.MONTHLY, BillingCadence.QUARTERLY,
      BillingCadence.HALF_YEARLY, BillingCadence.YEARLY, BillingCadence.parse("P2W"),
      BillingCadence.parse("P3D"), BillingCadence.parse("P2Y"), BillingCadence.parse("P5M"));

  // ---- independent oracle: Gregorian month lengths, written out (not java.time)
  private static boolean leap(long year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  private static int monthLength(long year, int month) {
    switch (month) {
      case 2:
        return leap(year) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** The oracle: anchor date plus n × k months, day clamped, by integer arithmetic. */
  private static LocalDate oracleMonthStart(LocalDate anchor, long monthsPerPeriod, long n) {
    long total = anchor.getYear() * 12L + anchor.getMonthValue() - 1 + n * monthsPerPeriod;
    long year = Math.floorDiv(total, 12);
    int month = (int) (Math.floorMod(total, 12L) + 1);
    int day = Math.min(anchor.getDayOfMonth(), monthLength(year, month));
    return LocalDate.of((int) year, month, day);
  }

  @Test
  void exhaustiveAnniversaryMonthEndsAgainstOracle() {
    // Every anchor date from 2023-01-01 to 2026-12-31 (all days 1..31 of every month of four
    // years, 2024 a leap year), for monthly, quarterly, half-yearly and yearly cadences,
    // periods -3..50 against the oracle, in Asia/Kolkata, Europe/London and America/New_York
    // (midnight is never in a DST gap there); consecutive periods abut.
    long[] monthsPerPeriod = {1, 3, 6, 12};
    BillingCadence[] objects = {BillingCadence.MONTHLY, BillingCadence.QUARTERLY,
        BillingCadence.HALF_YEARLY, BillingCadence.YEARLY};
    int checked = 0;
    for (ZoneId zone : List.of(KOLKATA, LONDON, NEW_YORK)) {
      for (LocalDate anchor = LocalDate.of(2023, 1, 1); anchor.getYear() < 2027; anchor = anchor.plusDays(1)) {
        for (int c = 0; c < objects.length; c++) {
          BillingSchedule s = BillingSchedule.anniversary(objects[c], zone, anchor.atStartOfDay());
          Instant previousEnd = null;
          for (long n = -3; n <= 50; n++) {
            LocalDate expected = oracleMonthStart(anchor, monthsPerPeriod[c], n);
            BillingPeriod p = s.periodAt(n);
            assertThat(p.zonedStart().toLocalDate()).as("anchor %s cadence %s n %d", anchor, objects[c], n)
                .isEqualTo(expected);
            assertThat(p.zonedStart().toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
            assertThat(p.zonedEnd().toLocalDate()).isEqualTo(oracleMonthStart(anchor, monthsPerPeriod[c], n + 1));
            if (previousEnd != null) {
              assertThat(p.start()).isEqualTo(previousEnd);
            }
            previousEnd = p.end();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(3 * 1461 * 4 * 54);
  }

  @Test
  void anchorOn31stClampsAndReturns() {
    // Stripe's documented example: Jan 31 -> Feb 28 -> Mar 31 (peers-killbill-stripe-orb.md, 2.1).
    BillingSchedule s = BillingSchedule.anniversary(BillingCadence.MONTHLY,
        ZonedDateTime.of(2026, 1, 31, 0, 0, 0, 0, KOLKATA));
    assertThat(s.periodAt(1).zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2026, 2, 28));
    assertThat(s.periodAt(2).zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 31));
    assertThat(s.periodAt(3).zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2026, 4, 30));
    assertThat(s.periodAt(25).zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2028, 2, 29));
    // Yearly from a leap day: Feb 28 in common years, back to Feb 29 in 2028.
    BillingSchedule y = BillingSchedule.anniversary(BillingCadence.YEARLY, KOLKATA,
        LocalDateTime.of(2024, 2, 29, 0, 0));
    assertThat(y.periodAt(1).zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2025, 2, 28));
    assertThat(y.periodAt(4).zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2028, 2, 29));
  }

  @Test
  void calendarMonthsQuartersHalfYearsYearsAgainstOracle() {
    // Asia/Kolkata is UTC+05:30 with no DST since 1945, so local midnight is 18:30Z the day before.
    ZoneOffset ist = ZoneOffset.ofHoursMinutes(5, 30);
    int[] months = {1, 3, 6, 12};
    BillingCadence[] objects = {BillingCadence.MONTHLY, BillingCadence.QUARTERLY,
        BillingCadence.HALF_YEARLY, BillingCadence.YEARLY};
    for (int c = 0; c < objects.length; c++) {
      BillingSchedule s = BillingSchedule.calendar(objects[c], KOLKATA);
      for (LocalDate d = LocalDate.of(2023, 1, 1); d.getYear() < 2027; d = d.plusDays(1)) {
        int startMonth = (d.getMonthValue() - 1) / months[c] * months[c] + 1;
        long endTotal = d.getYear() * 12L + startMonth - 1 + months[c];
        Instant start = LocalDateTime.of(d.getYear(), startMonth, 1, 0, 0).toInstant(ist);
        Instant end = LocalDateTime.of((int) (endTotal / 12), (int) (endTotal % 12) + 1, 1, 0, 0)
            .toInstant(ist);
        Instant noon = d.atTime(12, 0).toInstant(ist);
        assertThat(s.periodContaining(noon)).as("%s %s", objects[c], d)
            .isEqualTo(BillingPeriod.of(start, end, KOLKATA));
      }
    }
    assertThat(BillingSchedule.calendar(BillingCadence.MONTHLY, KOLKATA)
        .periodContaining(Instant.parse("2026-10-15T00:00:00Z")).toString())
        .isEqualTo("2026-10-01T00:00+05:30[Asia/Kolkata]/2026-11-01T00:00+05:30[Asia/Kolkata]");
  }

  @Test
  void calendarWeeksStartOnMondayOrTheConfiguredDay() {
    Instant t = Instant.parse("2026-11-19T10:00:00Z"); // a Thursday
    BillingPeriod monday = BillingSchedule.calendar(BillingCadence.WEEKLY, ZoneOffset.UTC)
        .periodContaining(t);
    assertThat(monday.zonedStart().getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(monday.start()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
    assertThat(monday.end()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    BillingPeriod sunday = BillingSchedule.calendar(BillingCadence.WEEKLY, ZoneOffset.UTC,
        DayOfWeek.SUNDAY).periodContaining(t);
    assertThat(sunday.start()).isEqualTo(Instant.parse("2026-11-15T00:00:00Z"));
    for (DayOfWeek dow : DayOfWeek.values()) {
      BillingSchedule s = BillingSchedule.calendar(BillingCadence.parse("P2W"), LONDON, dow);
      for (long n = -60; n < 60; n++) {
        assertThat(s.periodAt(n).zonedStart().getDayOfWeek()).isEqualTo(dow);
        assertThat(s.periodAt(n).zonedStart().toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
      }
    }
  }

  @Test
  void dailyPeriodsStayOnLocalMidnightAcrossDst() {
    for (ZoneId zone : List.of(LONDON, NEW_YORK, KOLKATA)) {
      BillingSchedule s = BillingSchedule.calendar(BillingCadence.DAILY, zone);
      for (int year = 2024; year <= 2026; year++) {
        int shortDays = 0;
        int longDays = 0;
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
          BillingPeriod p = s.periodContaining(d.atTime(12, 0).atZone(zone).toInstant());
          assertThat(p.zonedStart().toLocalDate()).isEqualTo(d);
          assertThat(p.zonedStart().toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
          assertThat(p.zonedEnd().toLocalDate()).isEqualTo(d.plusDays(1));
          assertThat(p.zonedEnd().toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
          long hours = p.duration().toHours();
          assertThat(hours).isBetween(23L, 25L);
          shortDays += hours == 23 ? 1 : 0;
          longDays += hours == 25 ? 1 : 0;
        }
        int expected = zone.equals(KOLKATA) ? 0 : 1; // India has no DST
        assertThat(shortDays).as("%s %d", zone, year).isEqualTo(expected);
        assertThat(longDays).as("%s %d", zone, year).isEqualTo(expected);
      }
    }
  }

  @Test
  void dstDaysAreOnTheStatutoryDates() {
    // UK: summer time from the last Sunday of March to the last Sunday of October (Summer Time
    // Order 2002). US: second Sunday of March to first Sunday of November (Energy Policy Act 2005).
    for (int year = 2024; year <= 2026; year++) {
      LocalDate ukSpring = LocalDate.of(year, 3, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
      LocalDate ukAutumn = LocalDate.of(year, 10, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
      LocalDate usSpring = LocalDate.of(year, 3, 1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY));
      LocalDate usAutumn = LocalDate.of(year, 11, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.SUNDAY));
      assertThat(dayLength(LONDON, ukSpring)).isEqualTo(Duration.ofHours(23));
      assertThat(dayLength(LONDON, ukAutumn)).isEqualTo(Duration.ofHours(25));
      assertThat(dayLength(NEW_YORK, usSpring)).isEqualTo(Duration.ofHours(23));
      assertThat(dayLength(NEW_YORK, usAutumn)).isEqualTo(Duration.ofHours(25));
    }
    // A calendar month that contains the spring change is an hour short: March 2026 in London.
    BillingPeriod march = BillingSchedule.calendar(BillingCadence.MONTHLY, LONDON)
        .periodContaining(Instant.parse("2026-03-15T00:00:00Z"));
    assertThat(march.start()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(march.end()).isEqualTo(Instant.parse("2026-03-31T23:00:00Z"));
    assertThat(march.duration()).isEqualTo(Duration.ofHours(31 * 24 - 1));
  }

  private static Duration dayLength(ZoneId zone, LocalDate date) {
    return BillingSchedule.calendar(BillingCadence.DAILY, zone)
        .periodContaining(date.atTime(12, 0).atZone(zone).toInstant()).duration();
  }

  @Test
  void anniversaryAnchorTimeInADstGapMovesForwardByTheGap() {
    // 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
    BillingSchedule s = BillingSchedule.anniversary(BillingCadence.DAILY, NEW_YORK,
        LocalDateTime.of(2026, 3, 1, 2, 30));
    assertThat(s.periodAt(7).zonedStart().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 8, 3, 30));
    assertThat(s.periodAt(8).zonedStart().toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 9, 2, 30));
    assertThat(s.periodAt(7).end()).isEqualTo(s.periodAt(8).start());
  }

  private static Gen<BillingSchedule> schedules() {
    return integers().between(0, CADENCES.size() - 1).zip(integers().between(0, ZONES.size() - 1),
        longs().between(-20_000, 40_000), integers().between(0, 1), (c, z, minutes, align) -> {
          if (align == 0) {
            return BillingSchedule.calendar(CADENCES.get(c), ZONES.get(z),
                DayOfWeek.of(Math.floorMod(minutes, 7) + 1));
          }
          LocalDateTime anchor = LocalDateTime.of(2000, 1, 1, 0, 0).plusMinutes(minutes * 997);
          return BillingSchedule.anniversary(CADENCES.get(c), ZONES.get(z), anchor);
        });
  }

  private static Gen<Instant> instants() {
    // 1990-01-01 .. 2060-01-01
    return longs().between(631_152_000L, 2_840_140_800L).map(s -> Instant.ofEpochSecond(s));
  }

  @Test
  void periodContainingContainsTheInstantAndMatchesPeriodAt() {
    qt().withExamples(3000).forAll(schedules(), instants()).checkAssert((s, t) -> {
      long n = s.indexOf(t);
      BillingPeriod p = s.periodAt(n);
      assertThat(p.contains(t)).isTrue();
      assertThat(s.periodContaining(t)).isEqualTo(p);
      assertThat(s.startOf(n + 1)).isEqualTo(p.end());
      assertThat(s.startOf(n)).isEqualTo(p.start());
    });
  }

  @Test
  void periodsBetweenAbutAndCoverTheRange() {
    qt().withExamples(1000).forAll(schedules(), instants(), longs().between(1, 4L * 366 * 86_400))
        .checkAssert((s, from, seconds) -> {
          Instant to = from.plusSeconds(seconds);
          List<BillingPeriod> periods = s.periodsBetween(from, to);
          assertThat(periods).isNotEmpty();
          assertThat(periods.get(0).contains(from)).isTrue();
          BillingPeriod last = periods.get(periods.size() - 1);
          assertThat(last.start()).isBefore(to);
          assertThat(last.end()).isAfterOrEqualTo(to);
          for (int i = 1; i < periods.size(); i++) {
            assertThat(periods.get(i).start()).isEqualTo(periods.get(i - 1).end());
          }
        });
  }

  /** Oracle: the non-empty periods [startOf(i), startOf(i + 1)) for i in from..to. */
  private static List<BillingPeriod> expected(BillingSchedule s, long from, long to) {
    List<BillingPeriod> result = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      if (s.startOf(i).isBefore(s.startOf(i + 1))) {
        result.add(BillingPeriod.of(s.startOf(i), s.startOf(i + 1), s.zone()));
      }
    }
    return result;
  }

  @Test
  void catchUpListsEveryMissedPeriod() {
    // A scheduler that was down for N periods bills N abutting periods, not one.
    qt().withExamples(1000).forAll(schedules(), longs().between(-500, 500), integers().between(0, 40),
        integers().between(0, 999)).checkAssert((s, k, missed, permille) -> {
          Instant lastBilledEnd = s.startOf(k);
          Instant inProgressStart = s.startOf(k + missed);
          Duration length = Duration.between(inProgressStart, s.startOf(k + missed + 1));
          Instant now = inProgressStart.plus(length.multipliedBy(permille).dividedBy(1000));
          List<BillingPeriod> due = s.catchUp(lastBilledEnd, now);
          assertThat(due).isEqualTo(expected(s, k, k + missed - 1));
          for (int i = 0; i < due.size(); i++) {
            assertThat(due.get(i).end()).isBeforeOrEqualTo(now);
            if (i > 0) {
              assertThat(due.get(i).start()).isEqualTo(due.get(i - 1).end());
            }
          }
          if (!due.isEmpty()) {
            assertThat(due.get(0).start()).isEqualTo(lastBilledEnd);
            assertThat(due.get(due.size() - 1).end()).isEqualTo(inProgressStart);
          }
          assertThat(s.catchUpInAdvance(lastBilledEnd, now)).isEqualTo(expected(s, k, k + missed));
        });
  }

  @Test
  void catchUpOfThreeMissedMonthsIsThreePeriods() {
    for (ZoneId zone : ZONES) {
      BillingSchedule s = BillingSchedule.anniversary(BillingCadence.MONTHLY, zone,
          LocalDateTime.of(2025, 1, 31, 9, 0));
      List<BillingPeriod> due = s.catchUp(s.startOf(2), s.startOf(5).plusSeconds(1));
      assertThat(due).hasSize(3);
      assertThat(due).extracting(p -> p.zonedStart().toLocalDate()).containsExactly(
          LocalDate.of(2025, 3, 31), LocalDate.of(2025, 4, 30), LocalDate.of(2025, 5, 31));
    }
  }

  @Test
  void skippedLocalDatesGiveNoEmptyPeriods() {
    // Samoa moved across the date line: 2011-12-30 does not exist in Pacific/Apia.
    BillingSchedule s = BillingSchedule.calendar(BillingCadence.DAILY, ZoneId.of("Pacific/Apia"));
    Instant from = Instant.parse("2011-12-25T00:00:00Z");
    List<BillingPeriod> days = s.periodsBetween(from, from.plusSeconds(10 * 86_400));
    assertThat(days).extracting(p -> p.zonedStart().toLocalDate())
        .doesNotContain(LocalDate.of(2011, 12, 30)).contains(LocalDate.of(2011, 12, 31));
    for (int i = 1; i < days.size(); i++) {
      assertThat(days.get(i).start()).isEqualTo(days.get(i - 1).end());
    }
    long skipped = ChronoUnit.DAYS.between(LocalDate.of(1970, 1, 1), LocalDate.of(2011, 12, 30));
    assertThatThrownBy(() -> s.periodAt(skipped)).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
  }

  @Test
  void catchUpWorkedExample() {
    // Monthly in arrears, last billed through 2026-08-01 IST, scheduler back on 2026-11-20:
    // August, September and October are due; November is in progress.
    BillingSchedule s = BillingSchedule.calendar(BillingCadence.MONTHLY, KOLKATA);
    Instant lastEnd = ZonedDateTime.of(2026, 8, 1, 0, 0, 0, 0, KOLKATA).toInstant();
    List<BillingPeriod> due = s.catchUp(lastEnd, Instant.parse("2026-11-20T05:00:00Z"));
    assertThat(due).extracting(p -> p.zonedStart().getMonth())
        .containsExactly(Month.AUGUST, Month.SEPTEMBER, Month.OCTOBER);
    assertThat(s.catchUp(lastEnd, lastEnd)).isEmpty();
    assertThat(s.catchUp(lastEnd, lastEnd.minusSeconds(86_400 * 40))).isEmpty();
    assertThatThrownBy(() -> s.catchUp(lastEnd.plusSeconds(1), Instant.parse("2026-11-20T05:00:00Z")))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD))
        .hasMessageContaining("lastBilledEnd");
  }

  @Test
  void subscriptionPeriodsAreClippedAndMarkedPartial() {
    // Calendar monthly plan started on 10 October 2026 and ended on 20 December 2026 (IST).
    BillingSchedule s = BillingSchedule.calendar(BillingCadence.MONTHLY, KOLKATA);
    Instant start = ZonedDateTime.of(2026, 10, 10, 15, 0, 0, 0, KOLKATA).toInstant();
    Instant end = ZonedDateTime.of(2026, 12, 20, 0, 0, 0, 0, KOLKATA).toInstant();
    List<ScheduledPeriod> periods = s.periodsFor(start, end);
    assertThat(periods).hasSize(3);
    assertThat(periods.get(0).isPartial()).isTrue();
    assertThat(periods.get(0).period().start()).isEqualTo(start);
    assertThat(periods.get(0).fullPeriod().zonedStart().toLocalDate()).isEqualTo(LocalDate.of(2026, 10, 1));
    assertThat(periods.get(1).isPartial()).isFalse();
    assertThat(periods.get(2).isPartial()).isTrue();
    assertThat(periods.get(2).period().end()).isEqualTo(end);
    assertThat(s.firstPeriod(start)).isEqualTo(periods.get(0));
    assertThat(periods.get(1).index()).isEqualTo(periods.get(0).index() + 1);
    // Anniversary plan started at its anchor: the first period is whole.
    BillingSchedule a = BillingSchedule.anniversary(BillingCadence.MONTHLY, start.atZone(KOLKATA));
    assertThat(a.firstPeriod(start).isPartial()).isFalse();
    assertThat(a.firstPeriod(start).index()).isZero();
  }

  @Test
  void subscriptionPeriodsCoverTheSubscriptionExactly() {
    qt().withExamples(500).forAll(schedules(), instants(), longs().between(1, 3L * 366 * 86_400))
        .checkAssert((s, from, seconds) -> {
          Instant to = from.plusSeconds(seconds);
          List<ScheduledPeriod> periods = s.periodsFor(from, to);
          assertThat(periods.get(0).period().start()).isEqualTo(from);
          assertThat(periods.get(periods.size() - 1).period().end()).isEqualTo(to);
          for (int i = 1; i < periods.size(); i++) {
            assertThat(periods.get(i).period().start()).isEqualTo(periods.get(i - 1).period().end());
            assertThat(periods.get(i).index()).isGreaterThan(periods.get(i - 1).index());
          }
          for (ScheduledPeriod p : periods) {
            assertThat(s.periodAt(p.index())).isEqualTo(p.fullPeriod());
          }
          for (int i = 1; i < periods.size() - 1; i++) {
            assertThat(periods.get(i).isPartial()).isFalse();
          }
        });
  }

  @Test
  void rejectsBadInput() {
    BillingSchedule s = BillingSchedule.calendar(BillingCadence.DAILY, ZoneOffset.UTC);
    assertThatThrownBy(() -> s.periodsBetween(Instant.EPOCH, Instant.EPOCH.plusSeconds(86_400L * 200_000)))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> s.periodsBetween(Instant.EPOCH, Instant.EPOCH))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD));
    assertThatThrownBy(() -> s.periodAt(Long.MAX_VALUE / 2))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> BillingSchedule.calendar(null, ZoneOffset.UTC))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
    assertThatThrownBy(() -> BillingSchedule.anniversary(BillingCadence.MONTHLY, KOLKATA, null))
        .isInstanceOf(BillingException.class).hasMessageContaining("billingCycleAnchor");
    assertThatThrownBy(() -> s.indexOf(Instant.MAX)).isInstanceOf(BillingException.class);
  }

  @Test
  void valueSemantics() {
    BillingSchedule a = BillingSchedule.calendar(BillingCadence.MONTHLY, KOLKATA);
    assertThat(a).isEqualTo(BillingSchedule.calendar(BillingCadence.parse("P1M"), ZoneId.of("Asia/Kolkata")));
    assertThat(a.hashCode()).isEqualTo(BillingSchedule.calendar(BillingCadence.MONTHLY, KOLKATA).hashCode());
    assertThat(a).isNotEqualTo(BillingSchedule.calendar(BillingCadence.MONTHLY, LONDON));
    assertThat(a.alignment()).isEqualTo(BillingAlignment.CALENDAR);
    assertThat(a.anchor()).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
    assertThat(a.toString()).contains("P1M", "calendar", "Asia/Kolkata");
  }
}
