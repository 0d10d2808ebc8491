package dev.billwright.pricing;

/**
 * What a usage charge's price is applied to (plan format 1.1, {@code price_per}).
 */
public enum PricePer {
  /** The period's quantity is priced once (default; plan format version 1). */
  PERIOD,
  /**
   * Each bucket's quantity of the meter's {@code bucket} is priced on its own and the amounts
   * are added (Flexprice bucketed pricing: tiers restart in every bucket).
   */
  BUCKET
}
