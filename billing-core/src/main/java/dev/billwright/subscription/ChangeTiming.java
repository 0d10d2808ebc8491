package dev.billwright.subscription;

/**
 * When a subscription change takes effect (Stripe's {@code proration_behavior} with
 * {@code billing_cycle_anchor: unchanged}; Kill Bill's {@code IMMEDIATE} and
 * {@code END_OF_TERM} policies).
 */
public enum ChangeTiming {
  /** At the requested instant: in-advance fees already billed are credited for the unused part and the new price is charged for the rest of the period. */
  IMMEDIATE,
  /** At the end of the billing period that contains the requested instant: no proration. */
  AT_PERIOD_END
}
