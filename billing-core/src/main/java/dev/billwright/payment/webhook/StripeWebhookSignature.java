package dev.billwright.payment.webhook;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stripe's webhook signature ({@code Stripe-Signature} header), as documented in Stripe's
 * "Check the webhook signatures / Verify signatures manually": the header is a comma-separated
 * list of {@code key=value} pairs; {@code t} is the signing time in Unix seconds and each
 * {@code v1} is a lower-case hex HMAC-SHA256, keyed with the endpoint's signing secret
 * ({@code whsec_...}), of {@code t + "." + payload}. A header may carry several {@code v1}
 * values (secret rotation): one match is enough. Other schemes ({@code v0}) are ignored.
 *
 * <p>Freshness: a signature whose timestamp is more than the tolerance before the receiving time
 * is rejected (replay protection); Stripe's libraries default to 300 seconds and, like them, a
 * tolerance of zero turns the check off and a timestamp in the future is not rejected
 * (stripe-java {@code Webhook.Signature.verifyHeader}).
 */
public final class StripeWebhookSignature implements WebhookVerifier {
  /** Stripe's default tolerance: 300 seconds. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private final String secret;
  private final Duration tolerance;

  private StripeWebhookSignature(String secret, Duration tolerance) {
    this.secret = secret;
    this.tolerance = tolerance;
  }

  /**
   * Returns a verifier for an endpoint's signing secret.
   *
   * @param secret the signing secret ({@code whsec_...}), not blank
   * @param tolerance how old a signature may be, zero (no check) or more, not null
   * @return the verifier, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a blank secret or a
   *     negative tolerance
   */
  public static StripeWebhookSignature of(String secret, Duration tolerance) {
    if (secret == null || secret.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "secret", secret, "a non-blank signing secret");
    }
    if (tolerance == null || tolerance.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "tolerance", tolerance, "a duration of zero or more");
    }
    return new StripeWebhookSignature(secret, tolerance);
  }

  /**
   * Returns the {@code Stripe-Signature} header Stripe would send for a payload (for tests and
   * local stubs).
   *
   * @param payload the raw body, not null
   * @param secret the signing secret, not null
   * @param timestamp the signing time in Unix seconds
   * @return {@code t=<timestamp>,v1=<hex>}, never null
   */
  public static String header(byte[] payload, String secret, long timestamp) {
    return "t=" + timestamp + ",v1=" + Hmac.sha256Hex(secret,
        (timestamp + ".").getBytes(StandardCharsets.UTF_8), payload);
  }

  @Override
  public WebhookVerification verify(byte[] payload, String signatureHeader, Instant receivedAt) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return WebhookVerification.rejected("no Stripe-Signature header");
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String element : signatureHeader.split(",", -1)) {
      int eq = element.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = element.substring(0, eq).trim();
      String value = element.substring(eq + 1).trim();
      if (key.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return WebhookVerification.rejected("the Stripe-Signature timestamp t='" + value + "' is not a number");
        }
      } else if (key.equals("v1")) {
        signatures.add(value.toLowerCase(Locale.ROOT));
      }
    }
    if (timestamp == null) {
      return WebhookVerification.rejected("the Stripe-Signature header has no timestamp t=");
    }
    if (signatures.isEmpty()) {
      return WebhookVerification.rejected("the Stripe-Signature header has no v1 signature");
    }
    String expected = Hmac.sha256Hex(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), payload);
    boolean matched = false;
    for (String s : signatures) {
      matched |= Hmac.equalsConstantTime(expected, s);
    }
    if (!matched) {
      return WebhookVerification.rejected("no v1 signature matches the payload signed at t=" + timestamp
          + " (wrong secret, or the payload was changed)");
    }
    if (!tolerance.isZero() && timestamp < receivedAt.getEpochSecond() - tolerance.getSeconds()) {
      return WebhookVerification.rejected("the signature timestamp t=" + timestamp + " ("
          + Instant.ofEpochSecond(timestamp) + ") is more than " + tolerance.getSeconds()
          + " s before " + receivedAt + " (expired or replayed)");
    }
    return WebhookVerification.ok();
  }
}
