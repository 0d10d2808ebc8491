package dev.billwright.billing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;

/**
 * One manual line of a one-off invoice (a custom charge, Lago's "one-off invoice" add-on fee,
 * Stripe's invoice item): the amount is {@code quantity × unitAmount}, kept exact and rounded once
 * per line by the invoice's {@link dev.billwright.money.RoundingPolicy}.
 *
 * @param code a code for the charge, unique on the invoice (part of the line id), not blank
 * @param description what the customer reads, not blank
 * @param quantity the quantity, within {@link Decimals} bounds; may be negative for a manual
 *     discount line
 * @param unitAmount the price of one unit, exact (up to 12 decimals), not null
 * @param taxCode the tax code the tax SPI reads (HSN/SAC for GST), not null, may be empty
 */
public record ManualLine(String code, String description, BigDecimal quantity, Money unitAmount, String taxCode) {
  /**
   * Validates the line.
   *
   * @param code see the record component
   * @param description see the record component
   * @param quantity see the record component
   * @param unitAmount see the record component
   * @param taxCode see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} for a blank code or
   *     description or a missing value, or {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} for a quantity
   *     or unit amount out of bounds
   */
  public ManualLine {
    if (code == null || code.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "lines.code", code, "a non-blank code");
    }
    if (description == null || description.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "lines[" + code + "].description",
          description, "a non-blank description");
    }
    if (quantity == null || unitAmount == null || taxCode == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "lines[" + code + "]", null,
          "a quantity, a unit amount and a tax code (may be empty)");
    }
    Decimals.checkBounds(quantity, "lines[" + code + "].quantity");
    Decimals.checkBounds(unitAmount.amount(), "lines[" + code + "].unit_amount");
  }

  /**
   * Returns the exact amount, {@code quantity × unitAmount}, not rounded.
   *
   * @return the amount, never null
   */
  public Money exactAmount() {
    return unitAmount.multipliedBy(quantity);
  }
}
