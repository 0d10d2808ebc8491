package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import org.jspecify.annotations.Nullable;

/**
 * An amount on an invoice that wallet credit may pay: one line, or the invoice total.
 *
 * @param code the charge or meter code of the line, or null for an amount without a code (only
 *     unscoped grants pay it)
 * @param amount the amount due, zero or more, in the wallet currency
 */
public record DueLine(@Nullable String code, Money amount) {
  /**
   * Creates a due line.
   *
   * @param code the code or null
   * @param amount the amount
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if amount is missing
   *     or {@link ErrorCode#INVALID_VALUE} if it is negative
   */
  public DueLine {
    CreditGrant.require(amount, "amount");
    if (amount.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "zero or more");
    }
  }
}
