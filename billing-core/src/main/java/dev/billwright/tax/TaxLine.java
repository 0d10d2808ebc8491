package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;

/**
 * The tax of one head on one line, such as the CGST on line 3.
 *
 * @param lineId the id of the {@link TaxableLine} taxed, not blank
 * @param head the tax head, such as {@code CGST}, {@code SGST}, {@code UTGST}, {@code IGST} or
 *     {@code CESS}; not blank
 * @param ratePercent this head's rate in percent ({@code 9} means 9 %), not negative; for an
 *     intra-state GST line each of CGST and SGST carries half the GST rate
 * @param taxableAmount the taxable value the rate applies to, not null
 * @param taxAmount the tax, rounded once per line and per head by the engine's rounding policy,
 *     same currency as the taxable amount
 * @param collectible false when the recipient pays this tax (reverse charge: CGST Act s.9(3),
 *     IGST Act s.5(3)); the amount is then shown but not collected by the supplier
 */
public record TaxLine(
    String lineId, String head, BigDecimal ratePercent, Money taxableAmount, Money taxAmount, boolean collectible) {

  /**
   * Validates the components.
   *
   * @param lineId see the record component
   * @param head see the record component
   * @param ratePercent see the record component
   * @param taxableAmount see the record component
   * @param taxAmount see the record component
   * @param collectible see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   *     or blank, {@link ErrorCode#INVALID_VALUE} if the rate is negative,
   *     {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} if it is out of bounds, or
   *     {@link ErrorCode#CURRENCY_MISMATCH} if the amounts' currencies differ
   */
  public TaxLine {
    if (lineId == null || lineId.isBlank() || head == null || head.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "line_id/head", lineId + "/" + head, "non-blank");
    }
    if (ratePercent == null || taxableAmount == null || taxAmount == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax line " + lineId + " " + head, null,
          "rate, taxable amount and tax amount not null");
    }
    Decimals.checkBounds(ratePercent, "rate");
    if (ratePercent.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "rate", ratePercent, "zero or more percent");
    }
    if (!taxAmount.currency().equals(taxableAmount.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "tax_amount", taxAmount,
          "the currency of the taxable amount " + taxableAmount.currency());
    }
  }
}
