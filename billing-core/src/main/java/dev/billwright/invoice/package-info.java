/**
 * Invoice documents and the operations on them: {@link dev.billwright.invoice.Invoice} with its
 * {@link dev.billwright.invoice.InvoiceLine}s and derived {@link dev.billwright.invoice.InvoiceTotals},
 * the lifecycle draft → finalized → paid / void / uncollectible
 * ({@link dev.billwright.invoice.InvoiceLifecycle}), deterministic idempotency keys
 * ({@link dev.billwright.invoice.InvoiceKey}), gap-free numbering
 * ({@link dev.billwright.invoice.InvoiceNumberSequence}, {@link dev.billwright.invoice.InvoiceSeries}),
 * the idempotent {@link dev.billwright.invoice.InvoiceStore} SPI, coupons applied before tax
 * ({@link dev.billwright.invoice.DiscountCalculator}), credit notes at the original tax rates
 * ({@link dev.billwright.invoice.CreditNoteCalculator}) and consolidation
 * ({@link dev.billwright.invoice.InvoiceConsolidator}), with their JSON codecs.
 *
 * <p>Lines are inputs: pricing, rating and subscriptions produce them; this package never prices.
 */
@dev.billwright.internal.BillwrightStyle
@NullMarked
package dev.billwright.invoice;

import org.jspecify.annotations.NullMarked;
