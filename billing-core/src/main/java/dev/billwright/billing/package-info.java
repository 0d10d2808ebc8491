/**
 * Billing: turns subscriptions, plans and metered usage into invoices. The
 * {@link dev.billwright.billing.InvoiceAssembler} is the pure function from one
 * {@link dev.billwright.billing.BillingCycle} of a subscription to its draft invoice;
 * {@link dev.billwright.billing.BillRun} runs it for many subscriptions through the host's stores,
 * exactly once per cycle, with catch-up of missed periods.
 */
@NullMarked
package dev.billwright.billing;

import org.jspecify.annotations.NullMarked;
