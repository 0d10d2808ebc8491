package dev.billwright.pricing;

import java.math.BigDecimal;

/**
 * One tier of a {@link GraduatedPrice}, {@link VolumePrice} or {@link StairstepPrice}.
 *
 * <p>{@code upTo} is a cumulative, inclusive upper bound (plan format, version 1, as Stripe's
 * {@code up_to} and OpenMeter's {@code upToAmount}): a quantity equal to it stays in this tier.
 * The bounds of a tier list are checked by the price that holds it.
 *
 * @param upTo the inclusive cumulative upper bound, greater than zero, or null for unbounded
 *     (only the last tier)
 * @param unitPrice the price per unit in this tier in major units, zero or more, at most 12
 *     decimals (null means zero)
 * @param flatFee the fee billed once when the tier is reached, in major units, zero or more, at
 *     most 12 decimals (null means zero)
 */
public record Tier(BigDecimal upTo, BigDecimal unitPrice, BigDecimal flatFee) {
  /**
   * Validates and canonicalises the fields.
   *
   * @param upTo the bound, greater than zero, or null
   * @param unitPrice the unit price, zero or more; null means zero
   * @param flatFee the flat fee, zero or more; null means zero
   * @throws dev.billwright.error.BillingException if a value is negative, out of bounds or a
   *     price has more than 12 decimals
   */
  public Tier {
    upTo = upTo == null ? null : PriceChecks.positive(upTo, "up_to");
    unitPrice = PriceChecks.priceOrZero(unitPrice, "unit_price");
    flatFee = PriceChecks.priceOrZero(flatFee, "flat_fee");
  }

  /**
   * Returns a tier with a unit price and no flat fee.
   *
   * @param upTo the bound, or null for unbounded
   * @param unitPrice the unit price
   * @return the tier
   * @throws dev.billwright.error.BillingException if a value is invalid
   */
  public static Tier of(BigDecimal upTo, BigDecimal unitPrice) {
    return new Tier(upTo, unitPrice, BigDecimal.ZERO);
  }
}
