package dev.billwright.payment.webhook;

import java.time.Instant;
import java.util.List;

/**
 * SPI: the host's record of which webhook events were processed and which wait for a retry, so
 * that each event id is applied exactly once across restarts and threads. An in-memory
 * implementation is {@code dev.billwright.memory.InMemoryWebhookEventStore}.
 *
 * <p>Contract: {@link #tryClaim} is atomic — of concurrent claims of one id at most one wins, and
 * an id that was {@link #markProcessed processed} is never claimed again.
 */
public interface WebhookEventStore {
  /**
   * Claims an event for processing.
   *
   * @param eventId the event id, not null
   * @return true if the caller may process it now; false if it was processed or is being processed
   */
  boolean tryClaim(String eventId);

  /**
   * Records that a claimed event was applied.
   *
   * @param eventId the event id, not null
   * @param at when, not null
   */
  void markProcessed(String eventId, Instant at);

  /**
   * Gives up a claim after a failed attempt, so that a retry (or the provider's redelivery) may claim it.
   *
   * @param eventId the event id, not null
   */
  void release(String eventId);

  /**
   * Returns whether an event was processed.
   *
   * @param eventId the event id, not null
   * @return true once {@link #markProcessed} was called for it
   */
  boolean isProcessed(String eventId);

  /**
   * Stores (or replaces) an event's scheduled retry.
   *
   * @param retry the retry, not null
   */
  void schedule(ScheduledRetry retry);

  /**
   * Removes an event's scheduled retry, if any.
   *
   * @param eventId the event id, not null
   */
  void unschedule(String eventId);

  /**
   * Returns the scheduled retries due at an instant.
   *
   * @param now the instant, not null
   * @return the retries with {@code nextAttemptAt <= now}, oldest first, never null
   */
  List<ScheduledRetry> due(Instant now);

  /**
   * Returns the scheduled attempts made so far for an event.
   *
   * @param eventId the event id, not null
   * @return the attempts of its scheduled retry, or 0 when none is scheduled
   */
  int attempts(String eventId);
}
