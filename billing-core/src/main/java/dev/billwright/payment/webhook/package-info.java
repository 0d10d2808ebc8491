/**
 * Payment webhooks: signature checks for Stripe ({@link dev.billwright.payment.webhook.StripeWebhookSignature})
 * and Razorpay ({@link dev.billwright.payment.webhook.RazorpayWebhookSignature}), typed
 * {@link dev.billwright.payment.webhook.PaymentEvent}s, and a
 * {@link dev.billwright.payment.webhook.WebhookProcessor} that applies each event exactly once by
 * its event id, retries a failing handler with exponential backoff
 * ({@link dev.billwright.payment.webhook.RetryPolicy}) and parks what keeps failing in a
 * {@link dev.billwright.payment.webhook.DeadLetterStore} for replay. Parsing a provider's payload
 * into events lives in the adapter modules (billing-payments-stripe, billing-payments-razorpay).
 */
@NullMarked
package dev.billwright.payment.webhook;

import org.jspecify.annotations.NullMarked;
