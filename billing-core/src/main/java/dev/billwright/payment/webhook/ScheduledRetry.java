package dev.billwright.payment.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * An event whose handler failed, waiting for its next attempt.
 *
 * @param event the event, not null
 * @param attempts the attempts made so far, at least 1
 * @param nextAttemptAt when it is due again, not null
 * @param lastError the last failure's message, not null
 */
public record ScheduledRetry(PaymentEvent event, int attempts, Instant nextAttemptAt, String lastError) {
  /**
   * Validates.
   *
   * @param event see the record component
   * @param attempts see the record component
   * @param nextAttemptAt see the record component
   * @param lastError see the record component
   * @throws NullPointerException if a component is null
   */
  public ScheduledRetry {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
  }
}
