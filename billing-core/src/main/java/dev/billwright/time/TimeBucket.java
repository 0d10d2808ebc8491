package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The size of the time buckets that split a billing period (plan format 1.1: a meter's
 * {@code bucket}, a usage charge's {@code included.reset}): an ISO-8601 duration of whole
 * minutes, hours or seconds ({@code PT15M}, {@code PT1H}) or of whole days or weeks
 * ({@code P1D}, {@code P7D}, {@code P1W}), or a number of months ({@code P1M}).
 *
 * <p>Buckets are aligned to the period's start in the period's time zone (the subscription's):
 * the first bucket starts at the period start, each next one a bucket later (a day bucket runs
 * local midnight to local midnight when the period starts at midnight, 23 or 25 hours across a
 * DST change); the last bucket is cut at the period end. This is how OpenMeter's
 * {@code windowSize} (MINUTE, HOUR, DAY) and Flexprice's bucketed max group events within the
 * billing period. Immutable and thread-safe.
 */
public final class TimeBucket {
  private final String text;
  private final Duration duration;
  private final Period calendar;

  private TimeBucket(String text, Duration duration, Period calendar) {
    this.text = text;
    this.duration = duration;
    this.calendar = calendar;
  }

  /**
   * Parses an ISO-8601 duration.
   *
   * @param field the field being read, for the error message, not null
   * @param text the duration, such as {@code PT1H} or {@code P1D}, not null
   * @return the bucket size
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the field when the
   *     text is not an ISO-8601 duration, is zero or negative, mixes a date part with a time
   *     part, has fractional seconds, mixes months with days, or is longer than 12 months or
   *     366 days
   */
  public static TimeBucket parse(String field, String text) {
    Objects.requireNonNull(field, "field");
    String expected = "a positive ISO-8601 duration of one kind: PT15M, PT1H, P1D, P1W or P1M";
    if (text == null || text.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, text, expected);
    }
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    try {
      if (t.startsWith("PT")) {
        Duration d = Duration.parse(t);
        if (d.isNegative() || d.isZero() || d.getNano() != 0 || d.compareTo(Duration.ofDays(366)) > 0) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, text, expected);
        }
        return new TimeBucket(t, d, null);
      }
      Period p = Period.parse(t);
      if (p.isNegative() || p.isZero() || p.getYears() != 0 || (p.getMonths() != 0 && p.getDays() != 0)
          || p.getMonths() > 12 || p.getDays() > 366) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, text, expected + " (no years, "
            + "no months with days, at most 12 months or 366 days)");
      }
      return new TimeBucket(t, null, p);
    } catch (DateTimeParseException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, text, expected);
    }
  }

  /**
   * Returns the start of the bucket that holds an instant, aligned to a period's start in its
   * zone.
   *
   * @param period the period the buckets split, not null
   * @param instant an instant inside the period, not null
   * @return the start of the bucket holding the instant, at or after the period start
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the instant is outside
   *     the period
   */
  public Instant bucketStart(BillingPeriod period, Instant instant) {
    if (!period.contains(instant)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "timestamp", instant.toString(),
          "an instant inside period " + period);
    }
    ZonedDateTime start = period.zonedStart();
    ZonedDateTime at = instant.atZone(period.zone());
    if (duration != null) {
      long n = Duration.between(start.toInstant(), instant).dividedBy(duration);
      return start.toInstant().plus(duration.multipliedBy(n));
    }
    if (calendar.getMonths() != 0) {
      long n = ChronoUnit.MONTHS.between(start, at) / calendar.getMonths();
      return start.plusMonths(n * calendar.getMonths()).toInstant();
    }
    long n = ChronoUnit.DAYS.between(start, at) / calendar.getDays();
    return start.plusDays(n * calendar.getDays()).toInstant();
  }

  /**
   * Returns the bucket that starts at a bucket start, cut at the period end.
   *
   * @param period the period, not null
   * @param bucketStart a start returned by {@link #bucketStart}, not null
   * @return the bucket, inside the period
   */
  public BillingPeriod bucketAt(BillingPeriod period, Instant bucketStart) {
    ZonedDateTime s = bucketStart.atZone(period.zone());
    Instant end = (duration != null ? s.plus(duration) : s.plus(calendar)).toInstant();
    if (end.isAfter(period.end())) {
      end = period.end();
    }
    return BillingPeriod.of(bucketStart, end, period.zone());
  }

  /**
   * Splits a period into its buckets, in order.
   *
   * @param period the period, not null
   * @return the buckets, at least one, covering the period without gap or overlap
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the period would have more
   *     than 1,000,000 buckets
   */
  public List<BillingPeriod> split(BillingPeriod period) {
    List<BillingPeriod> out = new ArrayList<>();
    Instant s = period.start();
    while (s.isBefore(period.end())) {
      if (out.size() == 1_000_000) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "bucket", text,
            "at most 1,000,000 buckets in period " + period);
      }
      BillingPeriod b = bucketAt(period, s);
      out.add(b);
      s = b.end();
    }
    return out;
  }

  /**
   * Tells whether every bucket of {@code other}'s size, aligned to the same period start, is
   * made of whole buckets of this size (the reset window of an allowance counted on bucketed
   * usage): true for PT1H in P1D, P1D in P1W, P1D in P1M; false for PT7H in P1D or P2D in P1M.
   *
   * @param other the larger bucket size, not null
   * @return true when this size evenly divides the other
   */
  public boolean divides(TimeBucket other) {
    if (duration != null) {
      if (other.duration != null) {
        return other.duration.toSeconds() % duration.toSeconds() == 0;
      }
      return Duration.ofDays(1).toSeconds() % duration.toSeconds() == 0;
    }
    if (other.duration != null) {
      return false;
    }
    if (calendar.getMonths() != 0) {
      return other.calendar.getMonths() != 0 && other.calendar.getMonths() % calendar.getMonths() == 0;
    }
    return calendar.getDays() == 1 || (other.calendar.getMonths() == 0
        && other.calendar.getDays() % calendar.getDays() == 0);
  }

  /**
   * Returns the ISO-8601 text, upper case, as parsed.
   *
   * @return the text, such as {@code PT1H}
   */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeBucket && ((TimeBucket) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
