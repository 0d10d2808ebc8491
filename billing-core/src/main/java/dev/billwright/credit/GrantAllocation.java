package dev.billwright.credit;

import dev.billwright.money.Money;

/**
 * The part of a movement taken from (or returned to) one grant.
 *
 * @param grantId the grant id, not null
 * @param amount the amount, positive, exact, in the wallet currency
 */
public record GrantAllocation(String grantId, Money amount) {
  /**
   * Creates an allocation.
   *
   * @param grantId the grant id
   * @param amount the amount
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#REQUIRED_FIELD_MISSING} if a value is missing
   */
  public GrantAllocation {
    CreditGrant.require(grantId, "grant_id");
    CreditGrant.require(amount, "amount");
  }
}
