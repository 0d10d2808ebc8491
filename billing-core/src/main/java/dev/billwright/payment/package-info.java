/**
 * Payments: the {@link dev.billwright.payment.PaymentGateway} SPI (Stripe, Razorpay or custom,
 * implemented by the host) and {@link dev.billwright.payment.InvoiceCollection}, which collects a
 * finalized invoice idempotently and marks it paid.
 */
@NullMarked
package dev.billwright.payment;

import org.jspecify.annotations.NullMarked;
