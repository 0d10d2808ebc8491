package dev.billwright.pricing;

import java.util.List;

/**
 * Volume tiers (model {@code volume}): all units are priced at the tier that contains the whole
 * quantity; amount = q × unit_price + flat_fee of that tier. Stripe {@code tiers_mode=volume},
 * Lago volume, OpenMeter volume, Kill Bill {@code TOP_TIER}.
 *
 * <p>{@code billFirstTierAtZero} (JSON {@code bill_first_tier_at_zero}, default true) bills the
 * first tier's flat fee at quantity 0, as Stripe, Lago (since lago-api PR 5760) and OpenMeter
 * do; false bills nothing at quantity 0, as Flexprice does.
 *
 * @param tiers the tiers, at least one, bounds strictly increasing, only the last unbounded
 * @param billFirstTierAtZero whether the first tier's flat fee is billed at quantity 0
 */
public record VolumePrice(List<Tier> tiers, boolean billFirstTierAtZero) implements Price {
  /**
   * Validates the tiers and copies the list.
   *
   * @param tiers the tiers
   * @param billFirstTierAtZero whether the first tier's flat fee is billed at quantity 0
   * @throws dev.billwright.error.BillingException with {@link dev.billwright.error.ErrorCode#INVALID_TIERS}
   *     naming the tier index if the list is empty, a bound does not strictly increase, a tier
   *     other than the last is unbounded or the last is bounded
   */
  public VolumePrice {
    tiers = ResolvedTiers.of(tiers);
  }

  /**
   * Returns the price with the default {@code billFirstTierAtZero = true}.
   *
   * @param tiers the tiers
   * @return the price
   * @throws dev.billwright.error.BillingException if the tiers are not well-formed
   */
  public static VolumePrice of(List<Tier> tiers) {
    return new VolumePrice(tiers, true);
  }

  @Override
  public String model() {
    return "volume";
  }
}
