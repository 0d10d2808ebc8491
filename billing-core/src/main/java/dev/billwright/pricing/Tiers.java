package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/** Checks that a tier list is well-formed; messages name the tier index. */
final class Tiers {
  private Tiers() {}

  static <T> List<T> check(List<T> tiers, Function<T, BigDecimal> upTo) {
    if (tiers == null || tiers.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers", tiers == null ? null : "[]",
          "at least one tier");
    }
    BigDecimal previous = null;
    for (int i = 0; i < tiers.size(); i++) {
      T tier = tiers.get(i);
      if (tier == null) {
        throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers[" + i + "]", null, "a tier");
      }
      BigDecimal bound = upTo.apply(tier);
      boolean last = i == tiers.size() - 1;
      if (bound == null && !last) {
        throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers[" + i + "].up_to", null,
            "a bound: only the last tier may be unbounded");
      }
      if (bound != null && last) {
        throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers[" + i + "].up_to",
            bound.toPlainString(), "null: the last tier must be unbounded");
      }
      if (bound != null && previous != null && bound.compareTo(previous) <= 0) {
        throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers[" + i + "].up_to",
            bound.toPlainString(), "greater than tiers[" + (i - 1) + "].up_to ("
                + previous.toPlainString() + "): bounds must strictly increase");
      }
      previous = bound;
    }
    return List.copyOf(tiers);
  }
}
