package dev.billwright.payment.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * An event that failed every attempt of its {@link RetryPolicy}, kept for inspection and replay.
 *
 * @param event the event, not null
 * @param attempts the attempts made, at least 1
 * @param lastError the last failure's message, not null
 * @param deadLetteredAt when it was parked, not null
 */
public record DeadLetter(PaymentEvent event, int attempts, String lastError, Instant deadLetteredAt) {
  /**
   * Validates.
   *
   * @param event see the record component
   * @param attempts see the record component
   * @param lastError see the record component
   * @param deadLetteredAt see the record component
   * @throws NullPointerException if a component is null
   */
  public DeadLetter {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
  }
}
