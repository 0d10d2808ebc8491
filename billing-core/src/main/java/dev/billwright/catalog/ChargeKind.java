package dev.billwright.catalog;

/**
 * What a charge bills for (JSON: {@code usage}, {@code recurring}, {@code one_time}).
 */
public enum ChargeKind {
  /** Priced on a meter's aggregate for the period (Stripe "metered", Lago "usage-based charge"). */
  USAGE,
  /** A fixed fee each period; its quantity is the subscription's seats (default 1). */
  RECURRING,
  /** Billed once, on the subscription's first invoice. */
  ONE_TIME
}
