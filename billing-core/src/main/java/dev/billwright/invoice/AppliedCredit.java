package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;

/**
 * Prepaid credit netted off an invoice after tax (a wallet deduction, a credit balance).
 *
 * <p>Credits reduce the amount due, not the taxable value: Lago subtracts prepaid (wallet)
 * credits after taxes ({@code Invoices::ComputeAmountsFromFees}: "− prepaid credits = total due").
 *
 * @param sourceId the id of the wallet, grant or balance the credit came from, not blank
 * @param amount the amount netted off, positive, in the invoice currency
 */
public record AppliedCredit(String sourceId, Money amount) {

  /**
   * Validates the credit.
   *
   * @param sourceId see the record component
   * @param amount see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     missing, or {@link ErrorCode#INVALID_VALUE} if the amount is not positive
   */
  public AppliedCredit {
    if (sourceId == null || sourceId.isBlank() || amount == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "an applied credit needs a source id and an amount; got source_id=" + sourceId + ", amount=" + amount);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credits_applied." + sourceId + ".amount", amount,
          "a positive amount");
    }
  }
}
