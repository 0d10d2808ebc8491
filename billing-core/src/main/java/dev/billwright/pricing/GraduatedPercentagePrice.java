package dev.billwright.pricing;

import java.util.List;

/**
 * Graduated percentage tiers (model {@code graduated_percentage}, Lago's graduated percentage
 * charge model): the summed event value (the quantity) is split over the tiers as for
 * {@link GraduatedPrice}; each tier charges its part × rate / 100 plus its flat fee once reached.
 *
 * @param tiers the tiers, at least one, bounds strictly increasing, only the last unbounded
 * @param billFirstTierAtZero whether the first tier's flat fee is billed at quantity 0 (JSON
 *     {@code bill_first_tier_at_zero}, default true)
 */
public record GraduatedPercentagePrice(List<PercentageTier> tiers, boolean billFirstTierAtZero)
    implements Price {
  /**
   * Validates the tiers and copies the list.
   *
   * @param tiers the tiers
   * @param billFirstTierAtZero whether the first tier's flat fee is billed at quantity 0
   * @throws dev.billwright.error.BillingException with {@link dev.billwright.error.ErrorCode#INVALID_TIERS}
   *     naming the tier index if the tiers are not well-formed
   */
  public GraduatedPercentagePrice {
    tiers = Tiers.check(tiers, PercentageTier::upTo);
  }

  /**
   * Returns the price with the default {@code billFirstTierAtZero = true}.
   *
   * @param tiers the tiers
   * @return the price
   * @throws dev.billwright.error.BillingException if the tiers are not well-formed
   */
  public static GraduatedPercentagePrice of(List<PercentageTier> tiers) {
    return new GraduatedPercentagePrice(tiers, true);
  }

  @Override
  public String model() {
    return "graduated_percentage";
  }
}
