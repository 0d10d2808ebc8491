package dev.billwright.memory;

import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventStore;
import dev.billwright.time.BillingPeriod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link UsageEventStore} in memory: events by id (for idempotent append) and, per customer and
 * event type, ordered by (timestamp, id) for period reads. Thread-safe (one lock). For tests and
 * small hosts; not persistent.
 */
public final class InMemoryUsageEventStore implements UsageEventStore {
  private static final Comparator<Key> ORDER = Comparator.comparing(Key::timestamp).thenComparing(Key::id);

  private final Map<String, UsageEvent> byId = new HashMap<>();
  private final Map<String, NavigableMap<Key, UsageEvent>> byCustomerAndType = new HashMap<>();

  /** Creates an empty store. */
  public InMemoryUsageEventStore() {}

  private record Key(java.time.Instant timestamp, String id) {}

  @Override
  public synchronized DedupOutcome append(UsageEvent event) {
    Objects.requireNonNull(event, "event");
    UsageEvent stored = byId.get(event.id());
    if (stored != null) {
      return stored.equals(event) ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
    }
    byId.put(event.id(), event);
    byCustomerAndType.computeIfAbsent(event.customer() + '\u0000' + event.eventType(), k -> new TreeMap<>(ORDER))
        .put(new Key(event.timestamp(), event.id()), event);
    return DedupOutcome.NEW;
  }

  @Override
  public synchronized Stream<UsageEvent> read(String customer, String eventType, BillingPeriod period) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(period, "period");
    NavigableMap<Key, UsageEvent> events = byCustomerAndType.get(customer + '\u0000' + eventType);
    if (events == null) {
      return Stream.empty();
    }
    List<UsageEvent> out = new ArrayList<>(
        events.subMap(new Key(period.start(), ""), true, new Key(period.end(), ""), false).values());
    return out.stream();
  }

  @Override
  public synchronized long size() {
    return byId.size();
  }
}
