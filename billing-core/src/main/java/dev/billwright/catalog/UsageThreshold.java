package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;

/**
 * One progressive-billing threshold of a plan ({@code billing.usage_thresholds[]}): when the
 * usage amount accrued in a billing period reaches {@code amount} (≥), an invoice is issued at
 * the instant of the event that reached it. A {@code recurring} threshold fires again at each
 * further multiple of its amount above the highest fixed threshold (Lago's recurring threshold
 * after its step-based thresholds; with no fixed threshold, at every multiple, as Stripe's
 * {@code billing_thresholds.amount_gte} re-arms after each threshold invoice).
 *
 * @param amount the threshold in major units of the plan's currency, above zero, not null
 * @param recurring whether it fires again at each multiple
 */
public record UsageThreshold(BigDecimal amount, boolean recurring) {
  /**
   * Validates the threshold.
   *
   * @param amount the amount
   * @param recurring whether it recurs
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the amount is null,
   *     {@link ErrorCode#INVALID_VALUE} if it is not above zero or out of bounds
   */
  public UsageThreshold {
    if (amount == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "billing.usage_thresholds[].amount", null,
          "a threshold amount");
    }
    Decimals.checkBounds(amount, "billing.usage_thresholds[].amount");
    if (amount.signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "billing.usage_thresholds[].amount",
          amount.toPlainString(), "an amount above zero");
    }
    amount = amount.stripTrailingZeros();
  }

  /**
   * Obtains a threshold.
   *
   * @param amount the amount in major units, above zero, not null
   * @param recurring whether it fires again at each multiple
   * @return the threshold, never null
   * @throws BillingException as the constructor does
   */
  public static UsageThreshold of(BigDecimal amount, boolean recurring) {
    return new UsageThreshold(amount, recurring);
  }
}
