package dev.billwright.rating;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;

/**
 * One stretch of a subscription's life over which one usage charge's usage is aggregated and
 * priced: a period of the charge's schedule, clipped to the subscription's life and cut at plan
 * changes. Listed by {@link UsageWindows#of}; events are bound to windows and the bill run asks
 * a {@link UsageSource} for each window's usage, so both sides always use the same periods.
 *
 * @param subscriptionId the subscription's id, not blank
 * @param chargeCode the usage charge's code, not blank
 * @param planReference the reference ({@code code@version}) of the plan in force during the
 *     window, whose charge prices it, not blank
 * @param period the window itself, half-open, not null, inside {@code fullPeriod}
 * @param fullPeriod the charge schedule's whole period the window lies in (the window when no
 *     start, end or plan change cuts it), not null
 */
public record UsageWindow(String subscriptionId, String chargeCode, String planReference, BillingPeriod period,
    BillingPeriod fullPeriod) {
  /**
   * Validates the window.
   *
   * @param subscriptionId the subscription's id
   * @param chargeCode the charge code
   * @param planReference the plan reference
   * @param period the window
   * @param fullPeriod the schedule period
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null or
   *     blank, or {@link ErrorCode#INVALID_PERIOD} if the window is not inside its full period
   */
  public UsageWindow {
    if (subscriptionId == null || subscriptionId.isBlank() || chargeCode == null || chargeCode.isBlank()
        || planReference == null || planReference.isBlank() || period == null || fullPeriod == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a usage window needs a subscription, charge,"
          + " plan, period and full period; got " + subscriptionId + ", " + chargeCode + ", " + planReference + ", "
          + period + ", " + fullPeriod);
    }
    if (!fullPeriod.encloses(period)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "usage_window.period", period,
          "a period inside its schedule period " + fullPeriod);
    }
  }

  /**
   * Returns the key pre-aggregated usage for this window is stored under.
   *
   * @return the key, never null
   */
  public UsageKey key() {
    return new UsageKey(subscriptionId, chargeCode, period);
  }

  /**
   * Returns whether the window is its schedule period's first part (no plan change or start
   * inside the schedule period before it).
   *
   * @return true when the window starts where its full period starts
   */
  public boolean startsPeriod() {
    return period.start().equals(fullPeriod.start());
  }

  @Override
  public String toString() {
    return subscriptionId + "/" + chargeCode + " " + period + " (" + planReference + ")";
  }

}
