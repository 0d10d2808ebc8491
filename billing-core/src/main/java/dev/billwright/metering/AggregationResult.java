package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of aggregating a stream of events: the quantities per customer, meter, period and
 * group, and an account of every event read (counted, duplicate, conflicting, late, without a
 * meter, or unusable).
 *
 * <p>Every event read is in exactly one of: {@code eventsMatched} (counted for at least one
 * meter; an event a meter could not use is also listed in {@code unusable} with that meter),
 * {@code duplicatesDropped}, {@code conflicts}, {@code lateEvents}, {@code eventsWithoutMeter}, or
 * {@code unusable} with no meter (no period contains it). Lists are sorted by event timestamp,
 * then id, then fingerprint (then meter code), so results compare equal whatever the input
 * order or parallelism.
 *
 * @param quantities key → quantity, unmodifiable, not null
 * @param eventsRead the number of events read
 * @param eventsMatched the events counted for at least one meter
 * @param duplicatesDropped the copies of an already-seen id with equal content, dropped
 * @param eventsWithoutMeter the events no meter matched
 * @param conflicts the copies of an already-seen id with different content, not counted
 * @param lateEvents the events for an already-invoiced period, routed as corrections
 * @param unusable events that fit no period, or that a meter could not use
 */
public record AggregationResult(Map<QuantityKey, AggregatedQuantity> quantities, long eventsRead, long eventsMatched,
    long duplicatesDropped, long eventsWithoutMeter, List<ConflictingDuplicate> conflicts, List<LateEvent> lateEvents,
    List<UnusableEvent> unusable) {
  /**
   * Copies the collections.
   *
   * @param quantities key → quantity, unmodifiable, not null
   * @param eventsRead the number of events read
   * @param eventsMatched the events counted for at least one meter
   * @param duplicatesDropped the copies of an already-seen id with equal content, dropped
   * @param eventsWithoutMeter the events no meter matched
   * @param conflicts the copies of an already-seen id with different content, not counted
   * @param lateEvents the events for an already-invoiced period, routed as corrections
   * @param unusable events that fit no period, or that a meter could not use
   * @throws NullPointerException if a collection is null
   */
  public AggregationResult {
    quantities = Map.copyOf(quantities);
    conflicts = List.copyOf(conflicts);
    lateEvents = List.copyOf(lateEvents);
    unusable = List.copyOf(unusable);
  }

  /**
   * Returns one quantity.
   *
   * @param customer the customer key
   * @param meterCode the meter code
   * @param period the period
   * @param group the group key (empty map for a meter without group-by)
   * @return the quantity, empty when no event contributed
   */
  public Optional<AggregatedQuantity> quantity(String customer, String meterCode, BillingPeriod period,
      Map<String, String> group) {
    return Optional.ofNullable(quantities.get(new QuantityKey(customer, meterCode, period, group)));
  }
}
