package dev.billwright.invoice;

/**
 * What an invoice bills; part of its {@link InvoiceKey}.
 */
public enum InvoiceKind {
  /** The regular invoice of one subscription for one billing period. */
  PERIOD,
  /** A correction or extra charge for a period already invoiced. */
  ADJUSTMENT,
  /** One invoice for several subscriptions of an account (see {@link InvoiceConsolidator}). */
  CONSOLIDATED,
  /** A one-off charge outside any subscription cycle. */
  ONE_OFF,
  /**
   * The opening invoice of a subscription: in-advance fees (and one-time charges) for its first
   * period, issued at its start, before any period has closed.
   */
  OPENING,
  /**
   * A progressive-billing invoice: the usage of a period billed when its accrued amount reached a
   * usage threshold, issued at the instant of the event that reached it (Stripe billing
   * thresholds, Lago progressive billing); the period's later invoices bill only the rest.
   */
  PROGRESSIVE
}
