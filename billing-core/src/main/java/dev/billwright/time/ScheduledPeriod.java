package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * A period a subscription is billed for, with the full schedule period it belongs to.
 *
 * <p>For a subscription that starts or ends inside a schedule period (a calendar-aligned plan
 * started on the 10th, or a cancellation mid-month), {@code period} is the full period clipped to
 * the subscription and {@link #isPartial()} is true; proration then compares {@code period} with
 * {@code fullPeriod} (see {@link ProrationCalculator}).
 *
 * @param index the index of {@code fullPeriod} in its schedule ({@link BillingSchedule#periodAt})
 * @param period the billed period, not null, enclosed by {@code fullPeriod}
 * @param fullPeriod the whole schedule period, not null
 */
public record ScheduledPeriod(long index, BillingPeriod period, BillingPeriod fullPeriod) {
  /**
   * Validates the parts.
   *
   * @param index the index of {@code fullPeriod} in its schedule
   * @param period the billed period, not null, enclosed by {@code fullPeriod}
   * @param fullPeriod the whole schedule period, not null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a period is null,
   *     or {@link ErrorCode#INVALID_PERIOD} if {@code period} is not inside {@code fullPeriod}
   */
  public ScheduledPeriod {
    if (period == null || fullPeriod == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "a scheduled period needs a period and its full period; got period=" + period
              + ", fullPeriod=" + fullPeriod);
    }
    if (!fullPeriod.encloses(period)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "period", period,
          "a period inside its full period " + fullPeriod);
    }
  }

  /**
   * Returns whether the billed period is shorter than the full schedule period.
   *
   * @return true for a clipped first or last period
   */
  public boolean isPartial() {
    return !period.start().equals(fullPeriod.start()) || !period.end().equals(fullPeriod.end());
  }
}
