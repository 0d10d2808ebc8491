package dev.billwright.invoice;

/**
 * What issued a credit note, typed: the engine decides from it (never from the credit note's id)
 * whether a billed line was already credited for unused time, and how many late-usage
 * corrections a period had. The customer-facing {@link CreditNoteReason} (Lago's reasons) stays
 * what it was; the origin says which mechanism issued the note.
 */
public enum CreditNoteOrigin {
  /** Issued by the host ({@link CreditNoteCalculator#issue}): a refund, a goodwill credit. */
  MANUAL,
  /** The unused time of in-advance fees after a plan or seat change, moved off the next invoice
   * ({@code dev.billwright.billing.ProrationCredits.Mode#CREDIT_NOTE}). */
  PRORATION_CREDIT,
  /** The unused time of an in-advance fee after the subscription's end
   * ({@link CreditNoteCalculator#unusedTime}). */
  CANCELLATION_CREDIT,
  /** The decreases of a late-usage correction ({@code dev.billwright.billing.LateUsageCorrector}). */
  USAGE_CORRECTION
}
