package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The sequence of billing periods of a subscription: a {@link BillingCadence}, a
 * {@link BillingAlignment}, the customer's zone and an anchor, the local date-time at which
 * period 0 starts.
 *
 * <p><b>Period n is derived from the anchor directly.</b> Period {@code n} (any long, negative
 * before the anchor) is {@code [start(n), start(n + 1))} where {@code start(n)} is the anchor plus
 * {@code n × cadence} in local date-time, computed from the anchor each time and never from
 * period {@code n − 1}. Adding months clamps the day-of-month to the month's length, so an anchor
 * on the 31st gives 31 January, 28 (or 29) February, 31 March, 30 April: the anchor day returns
 * whenever the month has it (Stripe's documented anchor behaviour; Lago's anniversary billing).
 * A 29 February yearly anchor gives 28 February in other years and 29 February in leap years.
 *
 * <p><b>Zones.</b> Local date-times are turned into instants in the schedule's zone with
 * {@link ZonedDateTime#of(LocalDateTime, ZoneId)}: in a DST gap the time moves forward by the
 * length of the gap, in an overlap the earlier offset is used. So a daily period is 23 or 25 hours
 * long on DST days and every period starts at local midnight (or the anchor's local time). Where
 * a zone skipped whole local dates (Pacific/Apia skipped 30 December 2011), a period made only of
 * skipped dates has no instants: {@link #periodAt} rejects it and the lists leave it out, so
 * listed periods still abut.
 *
 * <p><b>Calendar anchors.</b> For {@link BillingAlignment#CALENDAR} the anchor is fixed at local
 * midnight of 1 January 1970 for day, month and year cadences, so months start on the 1st,
 * quarters ({@code P3M}) on 1 January, April, July and October, half-years ({@code P6M}) on
 * 1 January and 1 July, years on 1 January (multiples such as {@code P2M} or {@code P2Y} count
 * from 1970); and at the first week-start day on or after 1 January 1970 for week cadences (the
 * week starts on Monday unless another day is given, as ISO-8601 and Lago's Monday-to-Sunday
 * weeks).
 *
 * <p>Immutable and thread-safe.
 */
public final class BillingSchedule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The most periods one call returns; a longer list is rejected rather than built. */
  public static final int MAX_PERIODS = 100_000;

  private static final LocalDate CALENDAR_ORIGIN = LocalDate.of(1970, 1, 1);

  /** The cadence. */
  private final BillingCadence cadence;
  /** The alignment. */
  private final BillingAlignment alignment;
  /** The customer's zone. */
  private final ZoneId zone;
  /** The local start of period 0. */
  private final LocalDateTime anchor;
  /** The first day of a week (used by calendar week cadences). */
  private final DayOfWeek weekStart;

  private BillingSchedule(BillingCadence cadence, BillingAlignment alignment, ZoneId zone,
      LocalDateTime anchor, DayOfWeek weekStart) {
    this.cadence = cadence;
    this.alignment = alignment;
    this.zone = zone;
    this.anchor = anchor;
    this.weekStart = weekStart;
  }

  /**
   * Obtains a calendar-aligned schedule with weeks starting on Monday.
   *
   * @param cadence the cadence, not null
   * @param zone the customer's zone, not null
   * @return the schedule, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
   */
  public static BillingSchedule calendar(BillingCadence cadence, ZoneId zone) {
    return calendar(cadence, zone, DayOfWeek.MONDAY);
  }

  /**
   * Obtains a calendar-aligned schedule with a chosen first day of the week.
   *
   * @param cadence the cadence, not null
   * @param zone the customer's zone, not null
   * @param weekStart the day weekly periods start on, not null (ignored for other cadences)
   * @return the schedule, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
   */
  public static BillingSchedule calendar(BillingCadence cadence, ZoneId zone, DayOfWeek weekStart) {
    requireAll(cadence, zone, weekStart, "weekStart");
    LocalDate origin = cadence.unit() == BillingCadence.Unit.WEEKS
        ? CALENDAR_ORIGIN.with(TemporalAdjusters.nextOrSame(weekStart)) : CALENDAR_ORIGIN;
    return new BillingSchedule(cadence, BillingAlignment.CALENDAR, zone, origin.atStartOfDay(),
        weekStart);
  }

  /**
   * Obtains an anniversary schedule whose period 0 starts at a billing cycle anchor.
   *
   * @param cadence the cadence, not null
   * @param zone the customer's zone, not null
   * @param billingCycleAnchor the local date-time period 0 starts at, not null; its day-of-month
   *     (and for yearly cadences its month) is the anchor day every period returns to
   * @return the schedule, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
   */
  public static BillingSchedule anniversary(BillingCadence cadence, ZoneId zone,
      LocalDateTime billingCycleAnchor) {
    requireAll(cadence, zone, billingCycleAnchor, "billingCycleAnchor");
    return new BillingSchedule(cadence, BillingAlignment.ANNIVERSARY, zone, billingCycleAnchor,
        DayOfWeek.MONDAY);
  }

  /**
   * Obtains an anniversary schedule from a zoned billing cycle anchor (usually the subscription's
   * start in the customer's zone).
   *
   * @param cadence the cadence, not null
   * @param billingCycleAnchor the start of period 0, not null; its zone is the schedule's zone
   * @return the schedule, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
   */
  public static BillingSchedule anniversary(BillingCadence cadence, ZonedDateTime billingCycleAnchor) {
    if (billingCycleAnchor == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "billingCycleAnchor", null,
          "a zoned date-time");
    }
    return anniversary(cadence, billingCycleAnchor.getZone(), billingCycleAnchor.toLocalDateTime());
  }

  private static void requireAll(BillingCadence cadence, ZoneId zone, Object third, String thirdName) {
    if (cadence == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "cadence", null, "a cadence");
    }
    if (zone == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "zone", null, "a time zone");
    }
    if (third == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, thirdName, null, "a value");
    }
  }

  /**
   * Returns the cadence.
   *
   * @return the cadence, never null
   */
  public BillingCadence cadence() {
    return cadence;
  }

  /**
   * Returns the alignment.
   *
   * @return the alignment, never null
   */
  public BillingAlignment alignment() {
    return alignment;
  }

  /**
   * Returns the customer's zone.
   *
   * @return the zone, never null
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns the local date-time period 0 starts at: the billing cycle anchor, or the calendar
   * origin described in the class documentation.
   *
   * @return the anchor, never null
   */
  public LocalDateTime anchor() {
    return anchor;
  }

  /**
   * Returns the first day of the week used by calendar week cadences.
   *
   * @return the day, never null (Monday unless configured)
   */
  public DayOfWeek weekStart() {
    return weekStart;
  }

  /**
   * Returns the local date-time at which period n starts: the anchor plus {@code n × cadence},
   * with the day-of-month clamped to the month's length, computed from the anchor.
   *
   * @param n the period index, negative before the anchor
   * @return the local start, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the date would be outside
   *     the supported range of years (about ±999,999,999)
   */
  public LocalDateTime localStartOf(long n) {
    try {
      long units = Math.multiplyExact(n, cadence.lengthInBaseUnits());
      return cadence.isMonthBased() ? anchor.plusMonths(units) : anchor.plusDays(units);
    } catch (ArithmeticException | DateTimeException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "n", n,
          "a period index whose date lies within the supported years");
    }
  }

  /**
   * Returns the instant at which period n starts.
   *
   * @param n the period index, negative before the anchor
   * @return the start, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if out of the supported range
   */
  public Instant startOf(long n) {
    LocalDateTime local = localStartOf(n);
    try {
      return ZonedDateTime.of(local, zone).toInstant();
    } catch (DateTimeException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "n", n,
          "a period index whose date lies within the supported instants");
    }
  }

  /**
   * Returns period n, {@code [startOf(n), startOf(n + 1))}.
   *
   * @param n the period index, negative before the anchor
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if out of the supported range,
   *     or {@link ErrorCode#INVALID_PERIOD} if the period has no instants (its local dates were
   *     skipped by the zone, as 30 December 2011 in Pacific/Apia; such periods are left out of
   *     every list this class returns)
   */
  public BillingPeriod periodAt(long n) {
    if (n == Long.MAX_VALUE) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "n", n, "an index below Long.MAX_VALUE");
    }
    Instant start = startOf(n);
    Instant end = startOf(n + 1);
    if (!end.isAfter(start)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "n", n,
          "a period with instants; local " + localStartOf(n) + " to " + localStartOf(n + 1)
              + " does not exist in " + zone);
    }
    return BillingPeriod.of(start, end, zone);
  }

  /**
   * Returns the index of the period that contains an instant.
   *
   * @param instant the instant, not null
   * @return the index n with {@code startOf(n) <= instant < startOf(n + 1)}
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null, or
   *     {@link ErrorCode#INVALID_VALUE} if out of the supported range
   */
  public long indexOf(Instant instant) {
    if (instant == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "instant", null, "an instant");
    }
    LocalDateTime local;
    try {
      local = instant.atZone(zone).toLocalDateTime();
    } catch (DateTimeException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "instant", instant,
          "an instant within the supported years");
    }
    // An estimate from the local calendar distance; the offset and month-end clamping can move
    // the answer by one either way, which the two bounded checks below settle.
    long between = cadence.isMonthBased()
        ? ChronoUnit.MONTHS.between(anchor, local) : ChronoUnit.DAYS.between(anchor, local);
    long n = Math.floorDiv(between, cadence.lengthInBaseUnits());
    while (startOf(n).isAfter(instant)) {
      n--;
    }
    while (!startOf(n + 1).isAfter(instant)) {
      n++;
    }
    return n;
  }

  /**
   * Returns the period that contains an instant.
   *
   * @param instant the instant, not null
   * @return the period with {@code start <= instant < end}, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null, or
   *     {@link ErrorCode#INVALID_VALUE} if out of the supported range
   */
  public BillingPeriod periodContaining(Instant instant) {
    return periodAt(indexOf(instant));
  }

  /**
   * Returns whether an instant is the start of a period.
   *
   * @param instant the instant, not null
   * @return true if some period starts exactly at it
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null, or
   *     {@link ErrorCode#INVALID_VALUE} if out of the supported range
   */
  public boolean isBoundary(Instant instant) {
    return startOf(indexOf(instant)).equals(instant);
  }

  /**
   * Returns every whole period that shares at least one instant with {@code [fromInclusive,
   * toExclusive)}, in order. The periods abut and together cover the range; the first may start
   * before {@code fromInclusive} and the last may end after {@code toExclusive} (they are not
   * clipped; see {@link #periodsFor} for clipped periods).
   *
   * @param fromInclusive the start of the range, not null
   * @param toExclusive the end of the range, not null, after the start
   * @return the periods, unmodifiable, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the end is not after the
   *     start, or {@link ErrorCode#INVALID_VALUE} if more than {@value #MAX_PERIODS} periods would
   *     be listed
   */
  public List<BillingPeriod> periodsBetween(Instant fromInclusive, Instant toExclusive) {
    BillingPeriod range = BillingPeriod.of(fromInclusive, toExclusive, zone);
    long first = indexOf(range.start());
    long last = indexOf(range.end());
    if (startOf(last).equals(range.end())) {
      last--;
    }
    return list(first, last);
  }

  /**
   * Lists the periods due for billing in arrears: every complete period that starts at or after
   * the end of the last billed period and ends at or before {@code now}. The period in progress
   * at {@code now} is not included (its usage is not final). A scheduler that was down for three
   * periods gets three periods, not one.
   *
   * @param lastBilledEnd the end of the last billed period, not null; must be a period boundary
   *     of this schedule
   * @param now the current instant, not null
   * @return the abutting periods in order, unmodifiable, empty if none has ended
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if {@code lastBilledEnd} is
   *     not a boundary, or {@link ErrorCode#INVALID_VALUE} if more than {@value #MAX_PERIODS}
   *     periods are due
   */
  public List<BillingPeriod> catchUp(Instant lastBilledEnd, Instant now) {
    long first = boundaryIndex(lastBilledEnd);
    long last = indexOf(requireInstant(now, "now")) - 1;
    return list(first, last);
  }

  /**
   * Lists the periods due for billing in advance: every period that starts at or after the end of
   * the last billed period and at or before {@code now}, so the period in progress is included
   * (it is billed at its start).
   *
   * @param lastBilledEnd the end of the last billed period, not null; must be a period boundary
   *     of this schedule
   * @param now the current instant, not null
   * @return the abutting periods in order, unmodifiable, empty if none has started
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if {@code lastBilledEnd} is
   *     not a boundary, or {@link ErrorCode#INVALID_VALUE} if more than {@value #MAX_PERIODS}
   *     periods are due
   */
  public List<BillingPeriod> catchUpInAdvance(Instant lastBilledEnd, Instant now) {
    long first = boundaryIndex(lastBilledEnd);
    long last = indexOf(requireInstant(now, "now"));
    return list(first, last);
  }

  /**
   * Returns the first period of a subscription that starts at an instant: the period containing
   * the start, clipped to begin at it (partial when the start is not a boundary, as for a
   * calendar-aligned subscription started mid-month).
   *
   * @param subscriptionStart the subscription's start, not null
   * @return the first period, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null
   */
  public ScheduledPeriod firstPeriod(Instant subscriptionStart) {
    long n = indexOf(subscriptionStart);
    BillingPeriod full = periodAt(n);
    return new ScheduledPeriod(n, full.withStart(subscriptionStart), full);
  }

  /**
   * Returns the periods of a subscription over {@code [subscriptionStart, subscriptionEnd)}: the
   * schedule periods overlapping it, the first and last clipped to the subscription and marked
   * partial when clipping shortened them.
   *
   * @param subscriptionStart the subscription's start, not null
   * @param subscriptionEnd the subscription's exclusive end (or the instant up to which to list),
   *     not null, after the start
   * @return the abutting periods in order, unmodifiable, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the end is not after the
   *     start, or {@link ErrorCode#INVALID_VALUE} if more than {@value #MAX_PERIODS} periods
   *     would be listed
   */
  public List<ScheduledPeriod> periodsFor(Instant subscriptionStart, Instant subscriptionEnd) {
    BillingPeriod subscription = BillingPeriod.of(subscriptionStart, subscriptionEnd, zone);
    long first = indexOf(subscription.start());
    long last = indexOf(subscription.end());
    if (startOf(last).equals(subscription.end())) {
      last--;
    }
    List<ScheduledPeriod> full = indexed(first, last);
    List<ScheduledPeriod> result = new ArrayList<>(full.size());
    for (ScheduledPeriod p : full) {
      result.add(new ScheduledPeriod(p.index(), p.fullPeriod().intersection(subscription), p.fullPeriod()));
    }
    return Collections.unmodifiableList(result);
  }

  private static Instant requireInstant(Instant instant, String field) {
    if (instant == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, field, null, "an instant");
    }
    return instant;
  }

  private long boundaryIndex(Instant lastBilledEnd) {
    long n = indexOf(requireInstant(lastBilledEnd, "lastBilledEnd"));
    if (!startOf(n).equals(lastBilledEnd)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "lastBilledEnd", lastBilledEnd,
          "a period boundary of " + this + ", such as " + startOf(n) + " or " + startOf(n + 1));
    }
    return n;
  }

  private List<BillingPeriod> list(long first, long last) {
    List<ScheduledPeriod> indexed = indexed(first, last);
    List<BillingPeriod> result = new ArrayList<>(indexed.size());
    for (ScheduledPeriod p : indexed) {
      result.add(p.fullPeriod());
    }
    return Collections.unmodifiableList(result);
  }

  /** Periods first..last with their indices, leaving out periods with no instants. */
  private List<ScheduledPeriod> indexed(long first, long last) {
    if (last < first) {
      return List.of();
    }
    if (last - first >= MAX_PERIODS) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "range", startOf(first) + "/"
          + startOf(last + 1), "at most " + MAX_PERIODS + " periods of " + cadence);
    }
    List<ScheduledPeriod> result = new ArrayList<>((int) (last - first + 1));
    Instant start = startOf(first);
    for (long n = first; n <= last; n++) {
      Instant end = startOf(n + 1); // each boundary derived from the anchor, shared by neighbours
      if (end.isAfter(start)) {
        BillingPeriod p = BillingPeriod.of(start, end, zone);
        result.add(new ScheduledPeriod(n, p, p));
      }
      start = end;
    }
    return result;
  }

  @Override
  public boolean equals(Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof BillingSchedule)) {
      return false;
    }
    BillingSchedule o = (BillingSchedule) obj;
    return cadence.equals(o.cadence) && alignment == o.alignment && zone.equals(o.zone)
        && anchor.equals(o.anchor) && weekStart == o.weekStart;
  }

  @Override
  public int hashCode() {
    return Objects.hash(cadence, alignment, zone, anchor, weekStart);
  }

  /**
   * Returns a description such as {@code BillingSchedule[P1M anniversary from 2026-01-31T00:00
   * in Asia/Kolkata]}.
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return "BillingSchedule[" + cadence + " " + alignment.jsonName() + " from " + anchor + " in "
        + zone + (cadence.unit() == BillingCadence.Unit.WEEKS ? ", weeks from " + weekStart : "")
        + "]";
  }
}
