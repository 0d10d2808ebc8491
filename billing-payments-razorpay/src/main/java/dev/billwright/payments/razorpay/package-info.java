/**
 * Razorpay for Billwright, on Razorpay's official Java SDK ({@code com.razorpay:razorpay-java}):
 * {@link dev.billwright.payments.razorpay.RazorpayGateway} implements the
 * {@link dev.billwright.payment.PaymentGateway} SPI with Orders and Refunds, and
 * {@link dev.billwright.payments.razorpay.RazorpayWebhookEvents} turns a verified webhook into a
 * {@link dev.billwright.payment.webhook.PaymentEvent}.
 */
@NullMarked
package dev.billwright.payments.razorpay;

import org.jspecify.annotations.NullMarked;
