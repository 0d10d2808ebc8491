package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A request to deduct the rated cost of an event (or a batch of events) from a wallet.
 *
 * @param requestId the event id or batch id; the idempotency key of the deduction, not blank
 * @param amount the rated cost, zero or more, exact, in the wallet currency
 * @param code the charge or meter code the cost belongs to, matched against grant scopes; null
 *     when the cost has no code (only unscoped grants then pay)
 * @param at when the event happened; decides which grants are usable, not null
 * @param capMode what to do if the wallet cannot cover the amount, not null
 */
public record DeductionRequest(String requestId, Money amount, @Nullable String code, Instant at,
    CapMode capMode) {
  /**
   * Creates and validates a request.
   *
   * @param requestId the request id
   * @param amount the amount
   * @param code the charge or meter code or null
   * @param at the event time
   * @param capMode the cap mode
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value
   *     or {@link ErrorCode#INVALID_VALUE} for a blank id or a negative amount
   */
  public DeductionRequest {
    CreditGrant.requireText(requestId, "request_id");
    CreditGrant.require(amount, "amount");
    CreditGrant.require(at, "at");
    CreditGrant.require(capMode, "cap_mode");
    if (amount.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "zero or more");
    }
  }
}
