package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Minimum and maximum spend of one charge per period (JSON {@code minimum} and {@code maximum}
 * beside the price). A maximum caps the charge's amount; a minimum is met by a separate true-up
 * amount (Lago's charge minimum "true-up fee", OpenMeter's minimum spend line), never folded into
 * the charge's own line.
 *
 * @param minimum the minimum in major units, zero or more, or null for none
 * @param maximum the maximum in major units, zero or more, or null for none; not below the minimum
 */
public record SpendBounds(@Nullable BigDecimal minimum, @Nullable BigDecimal maximum) {
  /** No bounds. */
  public static final SpendBounds NONE = new SpendBounds(null, null);

  /**
   * Validates and canonicalises the bounds.
   *
   * @param minimum the minimum, or null
   * @param maximum the maximum, or null
   * @throws BillingException if a bound is negative, out of bounds, has more than 12 decimals,
   *     or the maximum is below the minimum
   */
  public SpendBounds {
    minimum = PriceChecks.optionalPrice(minimum, "minimum");
    maximum = PriceChecks.optionalPrice(maximum, "maximum");
    if (minimum != null && maximum != null && maximum.compareTo(minimum) < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "maximum", maximum.toPlainString(),
          "at least the minimum (" + minimum.toPlainString() + ")");
    }
  }
}
