package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.util.stream.Stream;

/**
 * The SPI for the host's event storage: idempotent append by event id, and reads by customer,
 * event type (or meter) and period.
 *
 * <p>Contract (checked by {@code dev.billwright.testkit.metering.UsageEventStoreContractTest},
 * which a host implementation can extend): ids are unique across the store; appending an event
 * whose id is stored returns {@link DedupOutcome#DUPLICATE} when the content is equal and
 * {@link DedupOutcome#CONFLICT} when it differs, and changes nothing either way; reads return
 * the stored events whose timestamp lies in the half-open period, ordered by timestamp then id.
 * Implementations must be thread-safe.
 */
public interface UsageEventStore {
  /**
   * Appends an event unless its id is already stored.
   *
   * @param event the event, not null
   * @return {@link DedupOutcome#NEW} if stored, {@link DedupOutcome#DUPLICATE} if an equal event
   *     with that id is stored, {@link DedupOutcome#CONFLICT} if a different one is; never null
   */
  DedupOutcome append(UsageEvent event);

  /**
   * Reads a customer's events of one event type in a period.
   *
   * @param customer the customer key, not null
   * @param eventType the event type, not null
   * @param period the period; events with {@code start <= timestamp < end}, not null
   * @return the events ordered by timestamp then id; the caller closes the stream
   */
  Stream<UsageEvent> read(String customer, String eventType, BillingPeriod period);

  /**
   * Reads a customer's events that a meter matches (event type and filters) in a period.
   *
   * @param customer the customer key, not null
   * @param meter the meter, not null
   * @param period the period, not null
   * @return the matching events ordered by timestamp then id; the caller closes the stream
   */
  default Stream<UsageEvent> read(String customer, Meter meter, BillingPeriod period) {
    return read(customer, meter.eventType(), period).filter(meter::matches);
  }

  /**
   * Returns the number of events stored.
   *
   * @return the count, at least 0
   */
  long size();
}
