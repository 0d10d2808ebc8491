package dev.billwright.payment;

/** How far an invoice is settled by credits and payments (see {@link InvoiceBalance}). */
public enum SettlementStatus {
  /** Something is due and nothing was paid. */
  UNPAID,
  /** Something was paid and something is still due. */
  PARTIALLY_PAID,
  /** Nothing is due and nothing was paid beyond the total. */
  PAID,
  /** More was paid (net of refunds) than total − credits: the excess goes where the {@link OverpaymentPolicy} says. */
  OVERPAID
}
