package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tier of a {@link CapacityPrice}: inclusive limits per dimension value and the flat fee
 * billed when the tier is the first whose every limit holds (plan format 1.1,
 * {@code {"limits": {"unit1": "100"}, "flat_fee": "10"}}; Kill Bill CAPACITY usage, where each
 * tier carries a {@code Limit} per unit and a price).
 *
 * @param limits the inclusive upper limit of the quantity of each dimension value (value → limit,
 *     zero or more), in order; empty for an unbounded tier; a value not named is not limited by
 *     this tier
 * @param flatFee the fee billed for the period when this tier applies, in major units, zero or
 *     more, at most 12 decimals
 */
public record CapacityTier(Map<String, BigDecimal> limits, BigDecimal flatFee) {
  /**
   * Validates and copies the fields.
   *
   * @param limits the limits, not null (may be empty)
   * @param flatFee the flat fee, not null
   * @throws BillingException if a field is null, a dimension value is blank, a limit is
   *     negative or out of bounds, or the fee is negative or has more than 12 decimals
   */
  public CapacityTier {
    PriceChecks.required(limits, "limits");
    Map<String, BigDecimal> copy = new LinkedHashMap<>();
    for (Map.Entry<String, BigDecimal> e : limits.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "limits", e.getKey(), "a dimension value");
      }
      copy.put(e.getKey(), PriceChecks.nonNegative(PriceChecks.required(e.getValue(), "limits." + e.getKey()),
          "limits." + e.getKey()));
    }
    limits = java.util.Collections.unmodifiableMap(copy);
    flatFee = PriceChecks.price(PriceChecks.required(flatFee, "flat_fee"), "flat_fee");
  }

  /**
   * Tells whether every limit of the tier holds for the quantities per dimension value.
   *
   * @param quantities the quantity of each dimension value seen in the period (a value not seen
   *     counts as zero), not null
   * @return true when no named value's quantity exceeds its limit
   */
  public boolean holds(Map<String, BigDecimal> quantities) {
    for (Map.Entry<String, BigDecimal> l : limits.entrySet()) {
      BigDecimal q = quantities.getOrDefault(l.getKey(), BigDecimal.ZERO);
      if (q.compareTo(l.getValue()) > 0) {
        return false;
      }
    }
    return true;
  }
}
