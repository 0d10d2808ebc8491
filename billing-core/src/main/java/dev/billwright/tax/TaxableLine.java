package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One invoice line as the tax engine sees it.
 *
 * <p>The taxable amount is the line's value after discount (for GST: the "taxable value" of
 * CGST Rule 46(k) and CGST Act s.15), already rounded to the currency's minor units by the
 * invoicing step. The discount, if any, is informational: the gross value is
 * {@code taxableAmount + discount}.
 *
 * @param lineId the line's identifier, unique within the request, not blank
 * @param taxCode the product's tax classification such as {@code SAC:998319} or
 *     {@code HSN:8471}; empty when unknown (the engine then uses its default or fails)
 * @param description the line description, not null (may be empty)
 * @param quantity the quantity billed, not null, within {@link Decimals} bounds
 * @param unit the unit of quantity (for GST the UQC, such as {@code NOS} or {@code THD}), if any
 * @param taxableAmount the taxable value after discount, not null
 * @param discount the discount already deducted from the gross value, if any; not negative
 */
public record TaxableLine(
    String lineId,
    String taxCode,
    String description,
    BigDecimal quantity,
    Optional<String> unit,
    Money taxableAmount,
    Optional<Money> discount) {

  /**
   * Validates the components.
   *
   * @param lineId see the record component
   * @param taxCode see the record component
   * @param description see the record component
   * @param quantity see the record component
   * @param unit see the record component
   * @param taxableAmount see the record component
   * @param discount see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   *     or the line id is blank, {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} if the quantity is out of
   *     bounds, {@link ErrorCode#INVALID_VALUE} if the discount is negative, or
   *     {@link ErrorCode#CURRENCY_MISMATCH} if the discount's currency differs
   */
  public TaxableLine {
    if (lineId == null || lineId.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "line_id", lineId, "a non-blank id");
    }
    if (taxCode == null || description == null || quantity == null || unit == null
        || taxableAmount == null || discount == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "line " + lineId, null,
          "tax_code, description, quantity, unit, taxable_amount and discount not null");
    }
    Decimals.checkBounds(quantity, "quantity");
    if (discount.isPresent()) {
      if (!discount.get().currency().equals(taxableAmount.currency())) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "discount", discount.get(),
            "the currency of the taxable amount " + taxableAmount.currency());
      }
      if (discount.get().isNegative()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "discount", discount.get(), "zero or more");
      }
    }
  }

  /**
   * Returns a line with quantity 1, no unit, no description and no discount.
   *
   * @param lineId the line id, not blank
   * @param taxCode the tax code such as {@code SAC:998319}, not null (may be empty)
   * @param taxableAmount the taxable value, not null
   * @return the line, never null
   * @throws BillingException as the canonical constructor does
   */
  public static TaxableLine of(String lineId, String taxCode, Money taxableAmount) {
    return new TaxableLine(lineId, taxCode, "", BigDecimal.ONE, Optional.empty(), taxableAmount, Optional.empty());
  }
}
