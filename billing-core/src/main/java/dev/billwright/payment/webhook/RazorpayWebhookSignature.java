package dev.billwright.payment.webhook;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.Locale;

/**
 * Razorpay's webhook signature ({@code X-Razorpay-Signature} header), as documented in
 * Razorpay's "Validate Webhooks": the lower-case hex HMAC-SHA256 of the raw request body, keyed
 * with the webhook secret set in the Dashboard (not the API key secret). The scheme has no
 * timestamp: replays are stopped by processing each {@code X-Razorpay-Event-Id} once
 * ({@link WebhookProcessor}).
 */
public final class RazorpayWebhookSignature implements WebhookVerifier {
  private final String secret;

  private RazorpayWebhookSignature(String secret) {
    this.secret = secret;
  }

  /**
   * Returns a verifier for a webhook secret.
   *
   * @param secret the webhook secret, not blank
   * @return the verifier, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank secret
   */
  public static RazorpayWebhookSignature of(String secret) {
    if (secret == null || secret.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "secret", secret, "a non-blank webhook secret");
    }
    return new RazorpayWebhookSignature(secret);
  }

  /**
   * Returns the signature Razorpay would send for a payload (for tests and local stubs).
   *
   * @param payload the raw body, not null
   * @param secret the webhook secret, not null
   * @return the lower-case hex HMAC-SHA256, never null
   */
  public static String signature(byte[] payload, String secret) {
    return Hmac.sha256Hex(secret, payload);
  }

  @Override
  public WebhookVerification verify(byte[] payload, String signatureHeader, Instant receivedAt) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return WebhookVerification.rejected("no X-Razorpay-Signature header");
    }
    String given = signatureHeader.trim().toLowerCase(Locale.ROOT);
    if (!given.matches("[0-9a-f]{64}")) {
      return WebhookVerification.rejected("the X-Razorpay-Signature '" + signatureHeader
          + "' is not 64 hex characters (an HMAC-SHA256)");
    }
    if (!Hmac.equalsConstantTime(signature(payload, secret), given)) {
      return WebhookVerification.rejected("the signature does not match the payload (wrong secret, or the"
          + " payload was changed)");
    }
    return WebhookVerification.ok();
  }
}
