package dev.billwright.pricing;

import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Free units of a usage charge per reset window inside the billing period (plan format 1.1,
 * {@code included: {"quantity": "10", "reset": "P1D"}}), as Flexprice entitlements with a usage
 * reset period ({@code usage_reset_period: daily}): in each window the first {@code quantity}
 * units are free and only the units above are priced; what a window leaves unused does not carry
 * to the next. The free units are counted in the meter's units, before the quantity transform.
 * Without {@code reset} the window is the whole period. A window is made of whole buckets of the
 * meter's {@code bucket}, aligned to the period start in the subscription's time zone.
 *
 * @param quantity the free units per window, zero or more
 * @param reset the window size, or null for the whole period
 */
public record Included(BigDecimal quantity, @Nullable TimeBucket reset) {
  /**
   * Validates the quantity.
   *
   * @param quantity the free units, zero or more
   * @param reset the window, or null
   * @throws dev.billwright.error.BillingException if the quantity is missing, negative or out
   *     of bounds
   */
  public Included {
    quantity = PriceChecks.nonNegative(PriceChecks.required(quantity, "included.quantity"), "included.quantity");
  }
}
