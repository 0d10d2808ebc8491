package dev.billwright.payment;

import java.time.Instant;
import java.util.Optional;

/**
 * What a gateway answered.
 *
 * @param status the outcome, not null
 * @param gatewayReference the gateway's id for the payment (a Stripe PaymentIntent id, a
 *     Razorpay payment id), not null, may be empty on failure
 * @param failureReason why it failed, when it failed
 * @param at when the gateway answered, not null
 */
public record PaymentResult(Status status, String gatewayReference, Optional<String> failureReason, Instant at) {
  /** Outcomes of a payment attempt. */
  public enum Status {
    /** Collected: mark the invoice paid. */
    SUCCEEDED,
    /** Not yet known (an asynchronous method such as UPI collect or a bank transfer). */
    PENDING,
    /** Declined or failed: the invoice stays finalized; retry or mark it uncollectible. */
    FAILED
  }
}
