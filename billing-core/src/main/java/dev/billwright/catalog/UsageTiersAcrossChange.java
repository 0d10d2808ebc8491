package dev.billwright.catalog;

/**
 * How a usage charge's tiers continue when a plan change cuts a billing period in two (plan
 * {@code billing.usage_tiers_across_change}). Each part of the period is always priced by the
 * plan in force during it; this decides where the second part's quantity starts in the new
 * plan's tiers.
 */
public enum UsageTiersAcrossChange {
  /**
   * The default: each phase's quantity is priced on its own, from the first tier, as if the
   * phase were a period of its own (Stripe bills a new price's usage as a new subscription item;
   * Lago terminates the old subscription and starts the new one; Kill Bill rates each contiguous
   * usage interval of a plan on its own).
   */
  RESTART,
  /**
   * The new phase's quantity continues where the period's earlier quantity left off, in the new
   * plan's tiers: its amount is {@code price(q_before + q_after) - price(q_before)}, both under
   * the new plan (OpenMeter rates a split line over the range {@code (before, before + current]}
   * of the period's quantity).
   */
  CONTINUE
}
