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
  ONE_OFF
}
