package dev.billwright.payment.webhook;

/**
 * What a provider's webhook says happened to a payment. Provider event names map onto these in
 * the adapters: Stripe {@code payment_intent.succeeded}, Razorpay {@code payment.captured} and
 * {@code order.paid} are {@link #PAYMENT_SUCCEEDED}, and so on.
 */
public enum PaymentEventType {
  /** The payment is in progress (Stripe {@code payment_intent.processing}, Razorpay {@code payment.authorized}). */
  PAYMENT_PENDING,
  /** The money was collected. */
  PAYMENT_SUCCEEDED,
  /** The payment failed or was declined. */
  PAYMENT_FAILED,
  /** A refund was made. */
  REFUND_SUCCEEDED,
  /** A refund failed. */
  REFUND_FAILED,
  /** An event the payment flow does not act on; processed (and so deduplicated) all the same. */
  UNHANDLED
}
