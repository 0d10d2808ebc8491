package dev.billwright.payment.webhook;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a webhook request came from the payment provider: a pure function of the raw
 * body, the provider's signature header and the time it was received.
 */
@FunctionalInterface
public interface WebhookVerifier {
  /**
   * Verifies a webhook.
   *
   * @param payload the raw request body, byte for byte as received (never re-serialised JSON),
   *     not null
   * @param signatureHeader the provider's signature header ({@code Stripe-Signature},
   *     {@code X-Razorpay-Signature}), or null when the request had none
   * @param receivedAt when the request was received, not null (used by schemes with a timestamp)
   * @return the verdict, never null; never throws for bad input
   */
  WebhookVerification verify(byte[] payload, @Nullable String signatureHeader, Instant receivedAt);
}
