package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.List;

/**
 * Capacity tiers (plan format 1.1, model {@code capacity}): the period's usage is grouped by the
 * charge's single {@code group_by} dimension; the first tier whose every limit holds for the
 * quantities of those dimension values is billed its flat fee, once for the period. A tier with
 * no limits is unbounded; a limit is inclusive (a quantity equal to it holds); a dimension value
 * a tier does not name is not limited by it. When no tier holds, pricing fails with
 * {@link ErrorCode#NO_CAPACITY_TIER} rather than bill nothing.
 *
 * <p>This is Kill Bill's {@code CAPACITY} usage type (catalog {@code usageType="CAPACITY"}, tiers
 * of {@code limits} per unit and a {@code recurringPrice}): Kill Bill picks the first tier whose
 * every limit is met by the rolled-up amount of each unit and fails the invoice when none is.
 * With no usage every quantity is zero, so the first tier is billed.
 *
 * @param tiers the tiers, at least one, in order of evaluation
 */
public record CapacityPrice(List<CapacityTier> tiers) implements Price {
  /**
   * Validates and copies the tiers.
   *
   * @param tiers the tiers
   * @throws BillingException with {@link ErrorCode#INVALID_TIERS} if the list is empty or holds
   *     null
   */
  public CapacityPrice {
    if (tiers == null || tiers.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers", tiers == null ? null : "[]",
          "at least one tier");
    }
    for (int i = 0; i < tiers.size(); i++) {
      if (tiers.get(i) == null) {
        throw BillingException.invalid(ErrorCode.INVALID_TIERS, "tiers[" + i + "]", null, "a tier");
      }
    }
    tiers = List.copyOf(tiers);
  }

  @Override
  public String model() {
    return "capacity";
  }

  @Override
  public boolean pricesGroups() {
    return true;
  }
}
