package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Pure quota arithmetic: records usage against an {@link Allowance} for a period and says how
 * much is included and how much is overage.
 *
 * <p>Under {@link CapMode#HARD} usage that would take the total above the allowance is refused
 * whole (the event should not go ahead); under {@link CapMode#SOFT} it is recorded, the part
 * beyond the allowance is overage and the decision is flagged. Usage exactly equal to the
 * allowance is within it. Stateless and thread-safe.
 */
public final class QuotaTracker {
  /** The default tracker. */
  public static final QuotaTracker DEFAULT = new QuotaTracker();

  /** Creates a tracker; prefer {@link #DEFAULT}. */
  public QuotaTracker() {}

  /**
   * Starts a period with no usage.
   *
   * @param allowance the allowance, not null
   * @param periodStart the period start (inclusive), not null
   * @param periodEnd the period end (exclusive), after the start
   * @return the empty quota state, never null
   * @throws BillingException as for {@link QuotaState}
   */
  public QuotaState start(Allowance allowance, Instant periodStart, Instant periodEnd) {
    return new QuotaState(allowance, periodStart, periodEnd, BigDecimal.ZERO);
  }

  /**
   * Records usage.
   *
   * @param state the quota state before, not null
   * @param quantity the quantity used, zero or more, exact
   * @param at when it was used, inside the period, not null
   * @param capMode hard (refuse) or soft (allow and flag) beyond the allowance, not null
   * @return the decision and state after, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a negative quantity or an
   *     instant outside the period, {@link ErrorCode#REQUIRED_FIELD_MISSING} for a null argument
   */
  public QuotaDecision record(QuotaState state, BigDecimal quantity, Instant at, CapMode capMode) {
    CreditGrant.require(state, "state");
    Decimals.checkBounds(quantity, "quantity");
    CreditGrant.require(at, "at");
    CreditGrant.require(capMode, "cap_mode");
    if (quantity.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "quantity", quantity, "zero or more");
    }
    if (!state.contains(at)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "at", at, "an instant in ["
          + state.periodStart() + ", " + state.periodEnd() + ")");
    }
    BigDecimal included = quantity.min(state.remaining());
    BigDecimal overage = quantity.subtract(included);
    if (overage.signum() > 0 && capMode == CapMode.HARD) {
      return new QuotaDecision(DeductionOutcome.REFUSED, BigDecimal.ZERO, BigDecimal.ZERO, state);
    }
    QuotaState next = new QuotaState(state.allowance(), state.periodStart(), state.periodEnd(),
        state.used().add(quantity));
    return new QuotaDecision(overage.signum() > 0 ? DeductionOutcome.FLAGGED
        : DeductionOutcome.ALLOWED, included, overage, next);
  }
}
