package dev.billwright.payment.webhook;

import java.util.Objects;

/**
 * The answer of a webhook signature check: valid, or rejected with the reason.
 *
 * @param valid whether the signature is genuine and, where the scheme has one, fresh
 * @param reason why it was rejected, or {@code "valid"}; never null
 */
public record WebhookVerification(boolean valid, String reason) {
  /**
   * Validates the reason.
   *
   * @param valid the verdict
   * @param reason the reason
   * @throws NullPointerException if reason is null
   */
  public WebhookVerification {
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns a valid verdict.
   *
   * @return the verdict, never null
   */
  public static WebhookVerification ok() {
    return new WebhookVerification(true, "valid");
  }

  /**
   * Returns a rejection.
   *
   * @param reason why, not null
   * @return the verdict, never null
   */
  public static WebhookVerification rejected(String reason) {
    return new WebhookVerification(false, reason);
  }
}
