package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;

/**
 * An entitlement: a quantity of a meter included per billing period (for example 10 000 OTPs a
 * month). Usage above it is overage; pricing the overage belongs to the plan's charge for the
 * meter (the rating code), which receives {@link QuotaDecision#overage()}.
 *
 * @param meterCode the meter code, not blank
 * @param quantity the included quantity per period, zero or more, exact
 */
public record Allowance(String meterCode, BigDecimal quantity) {
  /**
   * Creates and validates an allowance.
   *
   * @param meterCode the meter code
   * @param quantity the included quantity
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a missing value,
   *     {@link ErrorCode#INVALID_VALUE} for a blank code or negative quantity,
   *     {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} for an unbounded quantity
   */
  public Allowance {
    CreditGrant.requireText(meterCode, "allowance.meter_code");
    Decimals.checkBounds(quantity, "allowance.quantity");
    if (quantity.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "allowance.quantity", quantity,
          "zero or more");
    }
  }
}
