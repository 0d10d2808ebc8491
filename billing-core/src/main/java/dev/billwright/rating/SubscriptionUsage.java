package dev.billwright.rating;

import dev.billwright.metering.ConflictingDuplicate;
import dev.billwright.metering.LateEvent;
import dev.billwright.metering.UnusableEvent;
import dev.billwright.pricing.EventStatistics;
import java.math.BigDecimal;
import dev.billwright.pricing.UsageBuckets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage bound to subscriptions ({@link SubscriptionUsageAggregator}): the quantity per
 * subscription, usage charge, usage window and group, and an account of every event read.
 *
 * <p>Every event read is in exactly one of: {@code eventsBilled} (counted for at least one
 * window), {@link #unclaimed()} (its {@code events} or its {@code ambiguous} list),
 * {@code duplicatesDropped}, {@code conflicts}, {@code eventsWithoutMeter}, {@code lateEvents},
 * or {@code unusable} with no window that took it ({@code eventsUnusable}); see
 * {@link #rejected()}.
 *
 * @param quantities key → group → quantity (≥ 0 for sum and count meters), not null
 * @param eventsRead the events read
 * @param eventsBilled the events counted for a subscription's window
 * @param duplicatesDropped copies of an already-seen id with equal content, dropped
 * @param conflicts copies of an already-seen id with different content, not counted
 * @param eventsWithoutMeter events no usage charge of any subscription's plans meters
 * @param lateEvents events bound to a window the host says is already invoiced, not counted
 * @param unusable events a charge's meter could not use (one entry per meter)
 * @param eventsUnusable the events that no window took because every meter rejected them
 * @param unclaimed the events no subscription claims, and the ambiguous ones, not null
 * @param statistics key → group → the events behind the quantity ({@link EventStatistics}: counted,
 *     duplicates and late events excluded, first and last event), for every key and group that
 *     counted or excluded an event; not null
 * @param buckets key → group → the quantity per time bucket, for the groups of meters with a
 *     {@code bucket} (plan format 1.1), not null
 */
public record SubscriptionUsage(Map<UsageKey, Map<Map<String, String>, BigDecimal>> quantities, long eventsRead,
    long eventsBilled, long duplicatesDropped, List<ConflictingDuplicate> conflicts, long eventsWithoutMeter,
    List<LateEvent> lateEvents, List<UnusableEvent> unusable, long eventsUnusable, UnclaimedUsage unclaimed,
    Map<UsageKey, Map<Map<String, String>, EventStatistics>> statistics,
    Map<UsageKey, Map<Map<String, String>, UsageBuckets>> buckets) {
  /**
   * Copies the collections.
   *
   * @param quantities the quantities
   * @param eventsRead the events read
   * @param eventsBilled the events billed
   * @param duplicatesDropped the duplicates
   * @param conflicts the conflicts
   * @param eventsWithoutMeter the events without meter
   * @param lateEvents the late events
   * @param unusable the unusable entries
   * @param eventsUnusable the events no meter could use
   * @param unclaimed the unclaimed report
   * @param statistics the event statistics per key and group
   * @param buckets the quantities per time bucket
   * @throws NullPointerException if a collection is null
   */
  public SubscriptionUsage {
    Map<UsageKey, Map<Map<String, String>, EventStatistics>> st = new LinkedHashMap<>();
    statistics.forEach((k, v) -> st.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    statistics = Collections.unmodifiableMap(st);
    Map<UsageKey, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
    quantities.forEach((k, v) -> q.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    quantities = Collections.unmodifiableMap(q);
    conflicts = List.copyOf(conflicts);
    lateEvents = List.copyOf(lateEvents);
    unusable = List.copyOf(unusable);
    java.util.Objects.requireNonNull(unclaimed, "unclaimed");
    Map<UsageKey, Map<Map<String, String>, UsageBuckets>> b = new LinkedHashMap<>();
    buckets.forEach((k, v) -> b.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    buckets = Collections.unmodifiableMap(b);
  }

  /**
   * Creates the usage of meters without buckets or event statistics.
   *
   * @param quantities key → group → quantity, not null
   * @param eventsRead the events read
   * @param eventsBilled the events counted for a subscription's window
   * @param duplicatesDropped copies of an already-seen id with equal content, dropped
   * @param conflicts copies of an already-seen id with different content, not null
   * @param eventsWithoutMeter events no usage charge meters
   * @param lateEvents events bound to an invoiced window, not null
   * @param unusable events a charge's meter could not use, not null
   * @param eventsUnusable the events no window took
   * @param unclaimed the unclaimed report, not null
   */
  public SubscriptionUsage(Map<UsageKey, Map<Map<String, String>, BigDecimal>> quantities, long eventsRead,
      long eventsBilled, long duplicatesDropped, List<ConflictingDuplicate> conflicts, long eventsWithoutMeter,
      List<LateEvent> lateEvents, List<UnusableEvent> unusable, long eventsUnusable, UnclaimedUsage unclaimed) {
    this(quantities, eventsRead, eventsBilled, duplicatesDropped, conflicts, eventsWithoutMeter, lateEvents,
        unusable, eventsUnusable, unclaimed, Map.of(), Map.of());
  }

  /**
   * Returns the events read that were neither billed nor unclaimed: duplicates, conflicts,
   * events without a meter, late events and unusable events. So
   * {@code eventsBilled + unclaimed.events + unclaimed.ambiguous.size + rejected == eventsRead}.
   *
   * @return the number of rejected events, at least 0
   */
  public long rejected() {
    return duplicatesDropped + conflicts.size() + eventsWithoutMeter + lateEvents.size() + eventsUnusable;
  }

  /**
   * Returns the grouped quantities of one key.
   *
   * @param key the subscription, charge and window, not null
   * @return group → quantity, empty when no event was counted
   */
  public Map<Map<String, String>, BigDecimal> groups(UsageKey key) {
    return quantities.getOrDefault(key, Map.of());
  }
}
