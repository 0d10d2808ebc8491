package dev.billwright.memory;

import dev.billwright.payment.webhook.ScheduledRetry;
import dev.billwright.payment.webhook.WebhookEventStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory, thread-safe {@link WebhookEventStore}. */
public final class InMemoryWebhookEventStore implements WebhookEventStore {
  private final Map<String, Instant> processed = new ConcurrentHashMap<>();
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final Map<String, ScheduledRetry> retries = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryWebhookEventStore() {}

  @Override
  public synchronized boolean tryClaim(String eventId) {
    return !processed.containsKey(eventId) && claimed.add(eventId);
  }

  @Override
  public synchronized void markProcessed(String eventId, Instant at) {
    processed.put(eventId, at);
    claimed.remove(eventId);
  }

  @Override
  public void release(String eventId) {
    claimed.remove(eventId);
  }

  @Override
  public boolean isProcessed(String eventId) {
    return processed.containsKey(eventId);
  }

  @Override
  public void schedule(ScheduledRetry retry) {
    retries.put(retry.event().eventId(), retry);
  }

  @Override
  public void unschedule(String eventId) {
    retries.remove(eventId);
  }

  @Override
  public List<ScheduledRetry> due(Instant now) {
    return retries.values().stream().filter(r -> !r.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(ScheduledRetry::nextAttemptAt)).toList();
  }

  @Override
  public int attempts(String eventId) {
    ScheduledRetry r = retries.get(eventId);
    return r == null ? 0 : r.attempts();
  }
}
