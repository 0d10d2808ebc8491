package dev.billwright.pricing;

import java.util.List;

/**
 * Stairstep tiers (model {@code stairstep}): amount = the flat fee of the tier that contains the
 * quantity (a stepped fixed fee, as Orb {@code threshold_total_amount} and Stripe volume tiers
 * with only a flat amount). Unit prices must be zero.
 *
 * <p>{@code billFirstTierAtZero} (JSON {@code bill_first_tier_at_zero}, default true) bills the
 * first tier's flat fee at quantity 0, as Stripe, Lago (since lago-api PR 5760) and OpenMeter
 * do; false bills nothing at quantity 0, as Flexprice does.
 *
 * @param tiers the tiers, at least one, bounds strictly increasing, only the last unbounded
 * @param billFirstTierAtZero whether the first tier's flat fee is billed at quantity 0
 */
public record StairstepPrice(List<Tier> tiers, boolean billFirstTierAtZero) implements Price {
  /**
   * Validates the tiers and copies the list.
   *
   * @param tiers the tiers
   * @param billFirstTierAtZero whether the first tier's flat fee is billed at quantity 0
   * @throws dev.billwright.error.BillingException with {@link dev.billwright.error.ErrorCode#INVALID_TIERS}
   *     naming the tier index if the list is empty, a bound does not strictly increase, a tier
   *     other than the last is unbounded or the last is bounded, or a tier has a unit price or
   *     blocks
   */
  public StairstepPrice {
    tiers = ResolvedTiers.of(tiers);
    for (int i = 0; i < tiers.size(); i++) {
      if (tiers.get(i).perBlock()) {
        throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_TIERS,
            "tiers[" + i + "].block_size", tiers.get(i).blockSize().toPlainString(),
            "absent: a stairstep tier has only a flat_fee (blocks are for graduated and volume tiers)");
      }
      if (tiers.get(i).unitPrice().signum() != 0) {
        throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_TIERS,
            "tiers[" + i + "].unit_price", tiers.get(i).unitPrice().toPlainString(),
            "zero or absent: a stairstep tier has only a flat_fee");
      }
    }
  }

  /**
   * Returns the price with the default {@code billFirstTierAtZero = true}.
   *
   * @param tiers the tiers
   * @return the price
   * @throws dev.billwright.error.BillingException if the tiers are not well-formed
   */
  public static StairstepPrice of(List<Tier> tiers) {
    return new StairstepPrice(tiers, true);
  }

  @Override
  public String model() {
    return "stairstep";
  }
}
