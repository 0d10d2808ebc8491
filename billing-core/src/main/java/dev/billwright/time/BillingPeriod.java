package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A billing period: the half-open interval {@code [start, end)} of instants, with the time zone
 * in which it was laid out (the customer's zone).
 *
 * <p>An event at exactly {@code end} belongs to the next period; consecutive periods of a
 * schedule {@linkplain #abuts abut}. The zone does not change which instants a period contains;
 * it records the calendar the period was derived in (a calendar month in Asia/Kolkata starts at
 * local midnight, 18:30 UTC the day before) and is used to show local dates. Two periods are
 * equal when their start, end and zone are equal.
 *
 * <p>The text form is {@code START/END} with ISO-8601 zoned date-times, such as
 * {@code 2026-10-01T00:00Z/2026-11-01T00:00Z} or
 * {@code 2026-10-01T00:00+05:30[Asia/Kolkata]/2026-11-01T00:00+05:30[Asia/Kolkata]};
 * {@link #parse(CharSequence)} reads it back. Modelled on ThreeTen-Extra's {@code Interval} and
 * {@code LocalDateRange}. Immutable and thread-safe.
 */
public final class BillingPeriod implements Comparable<BillingPeriod>, Serializable {
  private static final long serialVersionUID = 1L;

  /** The inclusive start. */
  private final Instant start;
  /** The exclusive end. */
  private final Instant end;
  /** The zone the period was laid out in. */
  private final ZoneId zone;

  private BillingPeriod(Instant start, Instant end, ZoneId zone) {
    this.start = start;
    this.end = end;
    this.zone = zone;
  }

  /**
   * Obtains a period from two instants.
   *
   * @param startInclusive the first instant in the period, not null
   * @param endExclusive the first instant after the period, not null, after the start
   * @param zone the zone the period is laid out in, not null
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null,
   *     or {@link ErrorCode#INVALID_PERIOD} if the end is not after the start
   */
  public static BillingPeriod of(Instant startInclusive, Instant endExclusive, ZoneId zone) {
    if (startInclusive == null || endExclusive == null || zone == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "a billing period needs a start, an end and a zone; got start=" + startInclusive
              + ", end=" + endExclusive + ", zone=" + zone);
    }
    if (!endExclusive.isAfter(startInclusive)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "end", endExclusive,
          "an instant after the start " + startInclusive + " (periods are half-open [start, end))");
    }
    return new BillingPeriod(startInclusive, endExclusive, zone);
  }

  /**
   * Obtains a period from two zoned date-times in the same zone.
   *
   * @param startInclusive the start, not null
   * @param endExclusive the end, not null, after the start, in the same zone
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the zones differ or the end
   *     is not after the start
   */
  public static BillingPeriod of(ZonedDateTime startInclusive, ZonedDateTime endExclusive) {
    Required.nonNull(startInclusive, "startInclusive");
    Required.nonNull(endExclusive, "endExclusive");
    if (!startInclusive.getZone().equals(endExclusive.getZone())) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "end.zone", endExclusive.getZone(),
          "the start's zone " + startInclusive.getZone());
    }
    return of(startInclusive.toInstant(), endExclusive.toInstant(), startInclusive.getZone());
  }

  /**
   * Obtains the period from local midnight of one date to local midnight of another, in a zone
   * (a DST day is 23 or 25 hours long; the period still runs midnight to midnight). Where
   * midnight does not exist (a DST gap at midnight), the first valid instant of the day is used.
   *
   * @param startInclusive the first date, not null
   * @param endExclusive the first date after the period, not null, after the start
   * @param zone the zone, not null
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the end is not after the start
   */
  public static BillingPeriod ofDates(LocalDate startInclusive, LocalDate endExclusive, ZoneId zone) {
    Required.nonNull(startInclusive, "startInclusive");
    Required.nonNull(endExclusive, "endExclusive");
    Required.nonNull(zone, "zone");
    return of(startInclusive.atStartOfDay(zone).toInstant(), endExclusive.atStartOfDay(zone).toInstant(), zone);
  }

  /**
   * Parses the form written by {@link #toString()}: two ISO-8601 zoned date-times separated by
   * {@code /} (the one outside the bracketed zone ids), in the same zone.
   *
   * @param text the text, not null
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the text is malformed, the
   *     zones differ or the end is not after the start
   */
  public static BillingPeriod parse(CharSequence text) {
    Required.nonNull(text, "text");
    String s = text.toString();
    // The separator is the one '/' outside a [zone id] (zone ids such as Asia/Kolkata contain '/').
    int slash = -1;
    int depth = 0;
    int separators = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == '/' && depth == 0) {
        slash = i;
        separators++;
      }
    }
    if (separators != 1) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "period", s,
          "START/END, such as 2026-10-01T00:00Z/2026-11-01T00:00Z");
    }
    try {
      return of(ZonedDateTime.parse(s.substring(0, slash)), ZonedDateTime.parse(s.substring(slash + 1)));
    } catch (DateTimeParseException e) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "period", s,
          "START/END as ISO-8601 zoned date-times, such as 2026-10-01T00:00Z/2026-11-01T00:00Z");
    }
  }

  /**
   * Returns the inclusive start.
   *
   * @return the start, never null
   */
  public Instant start() {
    return start;
  }

  /**
   * Returns the exclusive end.
   *
   * @return the end, never null
   */
  public Instant end() {
    return end;
  }

  /**
   * Returns the zone the period was laid out in.
   *
   * @return the zone, never null
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns the start in the period's zone.
   *
   * @return the zoned start, never null
   */
  public ZonedDateTime zonedStart() {
    return start.atZone(zone);
  }

  /**
   * Returns the end in the period's zone.
   *
   * @return the zoned end, never null
   */
  public ZonedDateTime zonedEnd() {
    return end.atZone(zone);
  }

  /**
   * Returns the exact length of the period.
   *
   * @return the duration, positive, never null
   */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /**
   * Returns whether an instant lies in the period: {@code start <= instant < end}.
   *
   * @param instant the instant, not null
   * @return true if contained
   */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  /**
   * Returns whether this period and another share an end point without overlapping: this one
   * ends where the other starts, or the other ends where this starts.
   *
   * @param other the other period, not null
   * @return true if they abut
   */
  public boolean abuts(BillingPeriod other) {
    return end.equals(other.start) || other.end.equals(start);
  }

  /**
   * Returns whether this period and another share at least one instant. Abutting periods do not
   * overlap.
   *
   * @param other the other period, not null
   * @return true if they overlap
   */
  public boolean overlaps(BillingPeriod other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  /**
   * Returns whether this period contains every instant of another.
   *
   * @param other the other period, not null
   * @return true if enclosed
   */
  public boolean encloses(BillingPeriod other) {
    return !other.start.isBefore(start) && !other.end.isAfter(end);
  }

  /**
   * Returns the instants both periods contain, in this period's zone.
   *
   * @param other the other period, not null
   * @return the intersection, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the periods do not overlap
   */
  public BillingPeriod intersection(BillingPeriod other) {
    if (!overlaps(other)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "other", other,
          "a period overlapping " + this);
    }
    Instant s = start.isAfter(other.start) ? start : other.start;
    Instant e = end.isBefore(other.end) ? end : other.end;
    return new BillingPeriod(s, e, zone);
  }

  /**
   * Returns a copy with another start.
   *
   * @param startInclusive the new start, before the end, not null
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if not before the end
   */
  public BillingPeriod withStart(Instant startInclusive) {
    return of(startInclusive, end, zone);
  }

  /**
   * Returns a copy with another end.
   *
   * @param endExclusive the new end, after the start, not null
   * @return the period, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if not after the start
   */
  public BillingPeriod withEnd(Instant endExclusive) {
    return of(start, endExclusive, zone);
  }

  /**
   * Orders by start, then end, then zone id.
   *
   * @param other the other period, not null
   * @return the comparison
   */
  @Override
  public int compareTo(BillingPeriod other) {
    int c = start.compareTo(other.start);
    if (c == 0) {
      c = end.compareTo(other.end);
    }
    return c != 0 ? c : zone.getId().compareTo(other.zone.getId());
  }

  @Override
  public boolean equals(Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof BillingPeriod)) {
      return false;
    }
    BillingPeriod o = (BillingPeriod) obj;
    return start.equals(o.start) && end.equals(o.end) && zone.equals(o.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, zone);
  }

  /**
   * Returns {@code START/END} as ISO-8601 zoned date-times in the period's zone.
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return zonedStart() + "/" + zonedEnd();
  }
}
