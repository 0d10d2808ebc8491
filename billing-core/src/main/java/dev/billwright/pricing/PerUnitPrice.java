package dev.billwright.pricing;

import java.math.BigDecimal;

/**
 * A price per unit with optional free units (model {@code per_unit}): amount =
 * max(q − free_units, 0) × unit_price. Stripe calls this {@code billing_scheme=per_unit}, Lago
 * {@code standard}, OpenMeter {@code unit}.
 *
 * @param unitPrice the price of one unit in major units, zero or more, at most 12 decimals
 * @param freeUnits the units given free before pricing starts, zero or more (null means zero)
 */
public record PerUnitPrice(BigDecimal unitPrice, BigDecimal freeUnits) implements Price {
  /**
   * Validates and canonicalises the fields.
   *
   * @param unitPrice the unit price, zero or more, at most 12 decimals
   * @param freeUnits the free units, zero or more; null means zero
   * @throws dev.billwright.error.BillingException if a field is missing, negative, out of
   *     bounds or the unit price has more than 12 decimals
   */
  public PerUnitPrice {
    unitPrice = PriceChecks.price(unitPrice, "unit_price");
    freeUnits = freeUnits == null ? BigDecimal.ZERO : PriceChecks.nonNegative(freeUnits, "free_units");
  }

  /**
   * Returns a per-unit price without free units.
   *
   * @param unitPrice the unit price, zero or more, at most 12 decimals
   * @return the price
   * @throws dev.billwright.error.BillingException if the unit price is invalid
   */
  public static PerUnitPrice of(BigDecimal unitPrice) {
    return new PerUnitPrice(unitPrice, BigDecimal.ZERO);
  }

  @Override
  public String model() {
    return "per_unit";
  }
}
