package dev.billwright.pricing;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * One tier of a {@link GraduatedPercentagePrice}: the part of the summed event value that falls
 * in the tier is charged at {@code rate} percent, plus {@code flatFee} once the tier is reached
 * (Lago's graduated percentage charge model). {@code upTo} is cumulative and inclusive.
 *
 * @param upTo the inclusive cumulative upper bound of summed value, greater than zero, or null
 *     for unbounded (only the last tier)
 * @param rate the rate in percent ({@code 2.9} is 2.9 %), zero or more, at most 12 decimals
 * @param flatFee the fee in major units once the tier is reached, zero or more (null means zero)
 */
public record PercentageTier(@Nullable BigDecimal upTo, BigDecimal rate, BigDecimal flatFee) {
  /**
   * Validates and canonicalises the fields.
   *
   * @param upTo the bound, greater than zero, or null
   * @param rate the rate in percent, zero or more, at most 12 decimals
   * @param flatFee the flat fee, zero or more; null means zero
   * @throws dev.billwright.error.BillingException if a value is missing, negative, out of
   *     bounds or has more than 12 decimals
   */
  public PercentageTier {
    upTo = upTo == null ? null : PriceChecks.positive(upTo, "up_to");
    rate = PriceChecks.price(rate, "rate");
    flatFee = PriceChecks.priceOrZero(flatFee, "flat_fee");
  }
}
