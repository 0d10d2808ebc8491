package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;

/**
 * A credit grant with what is left of it.
 *
 * @param grant the grant, not null
 * @param remaining the unused amount, in the grant's currency, from zero to the granted amount
 *     (it may exceed it only after a reversal restores credits, never above the amount)
 */
public record GrantBalance(CreditGrant grant, Money remaining) {
  /**
   * Creates and validates a grant balance.
   *
   * @param grant the grant
   * @param remaining the remaining amount
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is
   *     missing, {@link ErrorCode#INVALID_VALUE} if remaining is negative or above the grant
   *     amount, or {@link ErrorCode#CURRENCY_MISMATCH} if the currencies differ
   */
  public GrantBalance {
    CreditGrant.require(grant, "grant");
    CreditGrant.require(remaining, "remaining");
    if (remaining.isNegative() || remaining.compareTo(grant.amount()) > 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grants[" + grant.id() + "].remaining",
          remaining, "an amount from zero to the granted " + grant.amount());
    }
  }
}
