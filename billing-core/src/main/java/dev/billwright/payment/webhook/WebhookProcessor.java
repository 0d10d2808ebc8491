package dev.billwright.payment.webhook;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Applies verified webhook events exactly once by event id, with retries and a dead-letter store.
 *
 * <p>Providers deliver at least once (Stripe and Razorpay both retry an endpoint that does not
 * answer 2xx), so the same event can arrive many times and concurrently. {@link #process} claims
 * the event id in the {@link WebhookEventStore}; a duplicate is acknowledged without running the
 * handler. When the handler throws, the claim is released and a retry is scheduled after the
 * {@link RetryPolicy}'s backoff; the host's scheduler calls {@link #retryDue} (nothing here sleeps
 * or reads a clock: every method takes {@code now}). After the last attempt the event goes to the
 * {@link DeadLetterStore}; {@link #replay} runs it again with a fresh set of attempts.
 *
 * <p>Acknowledge the provider's request (HTTP 2xx) for every outcome but a rejected signature:
 * retries are ours from then on.
 */
public final class WebhookProcessor {
  private final WebhookEventStore events;
  private final DeadLetterStore deadLetters;
  private final RetryPolicy retryPolicy;
  private final Consumer<PaymentEvent> handler;

  /** What happened to one delivery. */
  public enum Status {
    /** The handler ran and the event is recorded as processed. */
    PROCESSED,
    /** The event id was already processed (or is being processed): the handler did not run. */
    DUPLICATE,
    /** The handler failed; a retry is scheduled. */
    RETRY_SCHEDULED,
    /** The handler failed its last attempt; the event is in the dead-letter store. */
    DEAD_LETTERED
  }

  /**
   * The outcome of one delivery.
   *
   * @param eventId the event id
   * @param status what happened
   * @param attempts the attempts made so far (0 for a duplicate)
   * @param nextAttemptAt when the retry is due, for {@link Status#RETRY_SCHEDULED}
   * @param error the handler's failure message, for failures
   */
  public record Outcome(String eventId, Status status, int attempts, Optional<Instant> nextAttemptAt,
      Optional<String> error) {}

  /**
   * Creates a processor.
   *
   * @param events the processed-event and retry store, not null
   * @param deadLetters the dead-letter store, not null
   * @param retryPolicy the retry policy, not null
   * @param handler applies an event (updates payment state, credits a wallet); not null; it
   *     signals a failure by throwing a {@link RuntimeException}
   * @throws NullPointerException if an argument is null
   */
  public WebhookProcessor(WebhookEventStore events, DeadLetterStore deadLetters, RetryPolicy retryPolicy,
      Consumer<PaymentEvent> handler) {
    this.events = Objects.requireNonNull(events, "events");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Verifies and processes one delivery in one step.
   *
   * @param verifier the provider's signature check, not null
   * @param payload the raw body, not null
   * @param signatureHeader the signature header, or null
   * @param parser turns a verified payload into an event (the adapter's parser), not null
   * @param now the receiving time, not null
   * @return the outcome, never null
   * @throws BillingException with {@link ErrorCode#INVALID_WEBHOOK} if the signature is
   *     rejected (answer the provider 400), naming the reason
   */
  public Outcome receive(WebhookVerifier verifier, byte[] payload, @Nullable String signatureHeader,
      java.util.function.Function<byte[], PaymentEvent> parser, Instant now) {
    WebhookVerification v = verifier.verify(payload, signatureHeader, now);
    if (!v.valid()) {
      throw new BillingException(ErrorCode.INVALID_WEBHOOK, "webhook rejected: " + v.reason());
    }
    return process(parser.apply(payload), now);
  }

  /**
   * Processes a verified event: runs the handler unless the event id was already processed.
   *
   * @param event the event, not null
   * @param now the current time, not null
   * @return the outcome, never null
   */
  public Outcome process(PaymentEvent event, Instant now) {
    return attempt(event, events.attempts(event.eventId()), now);
  }

  /**
   * Runs the retries that are due.
   *
   * @param now the current time, not null
   * @return one outcome per due retry, in due order, never null
   */
  public List<Outcome> retryDue(Instant now) {
    List<Outcome> outcomes = new ArrayList<>();
    for (ScheduledRetry r : events.due(now)) {
      outcomes.add(attempt(r.event(), r.attempts(), now));
    }
    return outcomes;
  }

  /**
   * Takes an event out of the dead-letter store and processes it again with a fresh set of attempts.
   *
   * @param eventId the event id, not null
   * @param now the current time, not null
   * @return the outcome, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if no letter has that id
   */
  public Outcome replay(String eventId, Instant now) {
    DeadLetter letter = deadLetters.remove(eventId).orElseThrow(() -> BillingException.invalid(
        ErrorCode.INVALID_VALUE, "event_id", eventId, "the id of an event in the dead-letter store"));
    return attempt(letter.event(), 0, now);
  }

  private Outcome attempt(PaymentEvent event, int previousAttempts, Instant now) {
    String id = event.eventId();
    if (!events.tryClaim(id)) {
      return new Outcome(id, Status.DUPLICATE, 0, Optional.empty(), Optional.empty());
    }
    int attempts = previousAttempts + 1;
    try {
      handler.accept(event);
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (attempts >= retryPolicy.maxAttempts()) {
        events.unschedule(id);
        deadLetters.add(new DeadLetter(event, attempts, error, now));
        events.release(id);
        return new Outcome(id, Status.DEAD_LETTERED, attempts, Optional.empty(), Optional.of(error));
      }
      Instant next = now.plus(retryPolicy.delayBefore(attempts));
      events.schedule(new ScheduledRetry(event, attempts, next, error));
      events.release(id);
      return new Outcome(id, Status.RETRY_SCHEDULED, attempts, Optional.of(next), Optional.of(error));
    }
    events.unschedule(id);
    events.markProcessed(id, now);
    return new Outcome(id, Status.PROCESSED, attempts, Optional.empty(), Optional.empty());
  }
}
