package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Usage of one meter against its allowance in one billing period {@code [periodStart,
 * periodEnd)}. Immutable; query it at any time.
 *
 * @param allowance the allowance, not null
 * @param periodStart the start of the period (inclusive), not null
 * @param periodEnd the end of the period (exclusive), after the start
 * @param used the quantity used so far in the period, zero or more, exact
 */
public record QuotaState(Allowance allowance, Instant periodStart, Instant periodEnd,
    BigDecimal used) {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * Creates and validates a quota state.
   *
   * @param allowance the allowance
   * @param periodStart the period start
   * @param periodEnd the period end
   * @param used the quantity used
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
   *     {@link ErrorCode#INVALID_PERIOD} if the end is not after the start,
   *     {@link ErrorCode#INVALID_VALUE} for negative usage
   */
  public QuotaState {
    CreditGrant.require(allowance, "allowance");
    CreditGrant.require(periodStart, "period_start");
    CreditGrant.require(periodEnd, "period_end");
    CreditGrant.require(used, "used");
    if (!periodEnd.isAfter(periodStart)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "period_end", periodEnd,
          "an instant after period_start " + periodStart);
    }
    if (used.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "used", used, "zero or more");
    }
  }

  /**
   * Returns the included quantity not used yet: {@code max(0, allowance − used)}.
   *
   * @return the remaining quantity, zero or more
   */
  public BigDecimal remaining() {
    return allowance.quantity().subtract(used).max(BigDecimal.ZERO);
  }

  /**
   * Returns the usage beyond the allowance: {@code max(0, used − allowance)}.
   *
   * @return the overage quantity, zero or more
   */
  public BigDecimal overage() {
    return used.subtract(allowance.quantity()).max(BigDecimal.ZERO);
  }

  /**
   * Returns whether usage has reached a percentage of the allowance, compared exactly as
   * {@code used × 100 >= percent × allowance} (no division, no rounding). A zero allowance is
   * reached by any usage, including zero.
   *
   * @param percent the percentage, such as 80, not null
   * @return true if reached
   */
  public boolean hasReachedPercent(BigDecimal percent) {
    return used.multiply(HUNDRED).compareTo(percent.multiply(allowance.quantity())) >= 0;
  }

  /**
   * Returns whether an instant falls in the period.
   *
   * @param at the instant, not null
   * @return true if {@code periodStart <= at < periodEnd}
   */
  public boolean contains(Instant at) {
    return !at.isBefore(periodStart) && at.isBefore(periodEnd);
  }
}
