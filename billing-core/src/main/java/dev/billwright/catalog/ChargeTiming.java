package dev.billwright.catalog;

/**
 * When a charge is billed relative to the period it pays for (JSON: {@code in_advance},
 * {@code in_arrears}).
 *
 * <p>In advance: billed at the start of the period it covers (a subscription fee for November on
 * the invoice issued on 1 November). In arrears: billed after the period ends (October's usage
 * on the same 1 November invoice). Defaults: usage charges in arrears, recurring and one-time
 * charges in advance, as Stripe ("licensed" prices are billed in advance, "metered" in arrears)
 * and Lago ({@code pay_in_advance: false} for usage) do.
 */
public enum ChargeTiming {
  /** Billed at the start of the period it covers. */
  IN_ADVANCE,
  /** Billed after the period it covers ends. */
  IN_ARREARS
}
