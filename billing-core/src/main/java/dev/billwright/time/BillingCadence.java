package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.Serializable;
import java.time.Period;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a subscription is billed: a positive whole number of one calendar unit, written as
 * an ISO-8601 period ({@code P1D}, {@code P1W}, {@code P1M}, {@code P3M}, {@code P6M},
 * {@code P1Y}, {@code P2W}, ...), as in the plan format's {@code cadence} field.
 *
 * <p>A cadence has exactly one unit (days, weeks, months or years) and a count from 1 to
 * {@value #MAX_COUNT}. Quarters are {@code P3M} and half-years {@code P6M}; they are months, so
 * they clamp to month ends like monthly cadences. {@link #toString()} writes the canonical form
 * (weeks stay weeks: {@code P1W}, not {@code P7D}) and {@link #parse(CharSequence)} reads it back.
 * Immutable and thread-safe.
 */
public final class BillingCadence implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The largest count of units in a cadence. */
  public static final int MAX_COUNT = 1000;

  /** The unit of a cadence. */
  public enum Unit {
    /** Days: periods run local midnight to local midnight (23 or 25 hours on DST days). */
    DAYS('D'),
    /** Weeks of seven days. */
    WEEKS('W'),
    /** Calendar months; a day-of-month past a short month's end clamps to that month's end. */
    MONTHS('M'),
    /** Calendar years; 29 February clamps to 28 February in other years. */
    YEARS('Y');

    private final char letter;

    Unit(char letter) {
      this.letter = letter;
    }

    /**
     * Returns the ISO-8601 designator letter: D, W, M or Y.
     *
     * @return the letter
     */
    public char letter() {
      return letter;
    }
  }

  /** One day. */
  public static final BillingCadence DAILY = new BillingCadence(Unit.DAYS, 1);
  /** One week. */
  public static final BillingCadence WEEKLY = new BillingCadence(Unit.WEEKS, 1);
  /** One month. */
  public static final BillingCadence MONTHLY = new BillingCadence(Unit.MONTHS, 1);
  /** One quarter, three months. */
  public static final BillingCadence QUARTERLY = new BillingCadence(Unit.MONTHS, 3);
  /** One half-year, six months. */
  public static final BillingCadence HALF_YEARLY = new BillingCadence(Unit.MONTHS, 6);
  /** One year. */
  public static final BillingCadence YEARLY = new BillingCadence(Unit.YEARS, 1);

  private static final Pattern FORMAT = Pattern.compile("P([0-9]{1,9})([DWMY])");

  /** The unit. */
  private final Unit unit;
  /** The number of units, 1 to MAX_COUNT. */
  private final int count;

  private BillingCadence(Unit unit, int count) {
    this.unit = unit;
    this.count = count;
  }

  /**
   * Obtains a cadence of a number of units.
   *
   * @param unit the unit, not null
   * @param count the number of units, 1 to {@value #MAX_COUNT}
   * @return the cadence, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if unit is null, or
   *     {@link ErrorCode#INVALID_CADENCE} if count is out of range
   */
  public static BillingCadence of(Unit unit, int count) {
    if (unit == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "cadence.unit", null,
          "one of DAYS, WEEKS, MONTHS, YEARS");
    }
    if (count < 1 || count > MAX_COUNT) {
      throw BillingException.invalid(ErrorCode.INVALID_CADENCE, "cadence", "P" + count + unit.letter,
          "a count of units from 1 to " + MAX_COUNT);
    }
    return new BillingCadence(unit, count);
  }

  /**
   * Obtains a cadence from a {@link Period} that has exactly one non-zero field. A period of a
   * multiple of seven days is read as days ({@code P14D} stays {@code P14D}).
   *
   * @param period the period, not null, such as {@code Period.ofMonths(3)}
   * @return the cadence, never null
   * @throws BillingException with {@link ErrorCode#INVALID_CADENCE} if the period mixes units,
   *     is zero or negative, or its count is above {@value #MAX_COUNT}
   */
  public static BillingCadence of(Period period) {
    Required.nonNull(period, "period");
    int fields = (period.getYears() != 0 ? 1 : 0) + (period.getMonths() != 0 ? 1 : 0)
        + (period.getDays() != 0 ? 1 : 0);
    if (fields != 1) {
      throw BillingException.invalid(ErrorCode.INVALID_CADENCE, "cadence", period,
          "a positive period in a single unit, such as P1D, P1W, P1M, P3M, P6M or P1Y");
    }
    if (period.getYears() != 0) {
      return of(Unit.YEARS, period.getYears());
    }
    if (period.getMonths() != 0) {
      return of(Unit.MONTHS, period.getMonths());
    }
    return of(Unit.DAYS, period.getDays());
  }

  /**
   * Parses the ISO-8601 form {@code PnD}, {@code PnW}, {@code PnM} or {@code PnY} (upper case, one
   * unit, n from 1 to {@value #MAX_COUNT}).
   *
   * @param text the text, not null, such as {@code P3M}
   * @return the cadence, never null
   * @throws BillingException with {@link ErrorCode#INVALID_CADENCE} if the text is not in that form
   */
  public static BillingCadence parse(CharSequence text) {
    Required.nonNull(text, "text");
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw BillingException.invalid(ErrorCode.INVALID_CADENCE, "cadence", text,
          "an ISO-8601 period in a single unit, such as P1D, P1W, P1M, P3M, P6M or P1Y");
    }
    char letter = m.group(2).charAt(0);
    Unit unit = letter == 'D' ? Unit.DAYS : letter == 'W' ? Unit.WEEKS
        : letter == 'M' ? Unit.MONTHS : Unit.YEARS;
    return of(unit, Integer.parseInt(m.group(1)));
  }

  /**
   * Returns the unit.
   *
   * @return the unit, never null
   */
  public Unit unit() {
    return unit;
  }

  /**
   * Returns the number of units.
   *
   * @return the count, 1 to {@value #MAX_COUNT}
   */
  public int count() {
    return count;
  }

  /**
   * Returns whether the cadence is counted in months or years (so its periods follow the
   * calendar and clamp to month ends).
   *
   * @return true for month and year cadences
   */
  public boolean isMonthBased() {
    return unit == Unit.MONTHS || unit == Unit.YEARS;
  }

  /**
   * Returns the length in months of a month-based cadence (12 per year), or in days of a day-based
   * cadence (7 per week).
   *
   * @return the number of months or days, positive
   */
  long lengthInBaseUnits() {
    switch (unit) {
      case DAYS:
        return count;
      case WEEKS:
        return 7L * count;
      case MONTHS:
        return count;
      default:
        return 12L * count;
    }
  }

  /**
   * Returns the equivalent {@link Period} ({@code P1W} becomes {@code P7D}).
   *
   * @return the period, never null
   */
  public Period toPeriod() {
    switch (unit) {
      case DAYS:
        return Period.ofDays(count);
      case WEEKS:
        return Period.ofWeeks(count);
      case MONTHS:
        return Period.ofMonths(count);
      default:
        return Period.ofYears(count);
    }
  }

  @Override
  public boolean equals(Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof BillingCadence)) {
      return false;
    }
    BillingCadence o = (BillingCadence) obj;
    return unit == o.unit && count == o.count;
  }

  @Override
  public int hashCode() {
    return unit.hashCode() * 31 + count;
  }

  /**
   * Returns the ISO-8601 form, such as {@code P3M} or {@code P1W}.
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return "P" + count + unit.letter;
  }
}
