/**
 * Stripe for Billwright, on Stripe's official Java SDK ({@code com.stripe:stripe-java}):
 * {@link dev.billwright.payments.stripe.StripeGateway} implements the
 * {@link dev.billwright.payment.PaymentGateway} SPI with PaymentIntents and Refunds, and
 * {@link dev.billwright.payments.stripe.StripeWebhookEvents} turns a verified webhook into a
 * {@link dev.billwright.payment.webhook.PaymentEvent}.
 */
@NullMarked
package dev.billwright.payments.stripe;

import org.jspecify.annotations.NullMarked;
