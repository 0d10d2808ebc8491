package dev.billwright.catalog;

/**
 * Whether the day a subscription part ends on is billed to it: the plan format's
 * {@code billing.termination_day} (JSON: {@code not_billed}, {@code billed}), read from the plan
 * of the part that ends (a cancellation, or the old plan of a plan change).
 */
public enum TerminationDay {
  /**
   * Default: periods are half-open, so a part ended at instant E is billed up to E and not for
   * the rest of E's day (a cancellation at 2026-04-15T00:00 bills 1–14 April). Stripe and Kill
   * Bill bill up to the cancellation instant or date.
   */
  NOT_BILLED,
  /**
   * The ending day is billed to the ending part: its fees run to the start of the next day in
   * the plan's zone (clamped to the end of the period), so a cancellation during 15 April bills
   * 1–15 April and credits only from 16 April. Lago: a terminated subscription is billed
   * including its termination day (Lago docs, "Terminate a subscription").
   */
  BILLED
}
