/**
 * Price models: one sealed family ({@link dev.billwright.pricing.Price}) of immutable, validated
 * definitions, priced by the stateless {@link dev.billwright.pricing.PriceCalculator} into an
 * exact {@link dev.billwright.pricing.RatedAmount} that carries its
 * {@link dev.billwright.pricing.Explanation}; charge-level quantity transforms and spend bounds
 * ({@link dev.billwright.pricing.ChargePricing}); and the JSON codec
 * ({@link dev.billwright.pricing.PriceJson}) for the field names of the plan format (version 1).
 */
@NullMarked
package dev.billwright.pricing;

import org.jspecify.annotations.NullMarked;
