package dev.billwright.kafka;

import dev.billwright.metering.Accumulator;
import dev.billwright.pricing.EventStatistics;
import java.util.Optional;

/**
 * The running aggregate of one (subscription, charge, period, group) in one input partition: the
 * billing-core {@link Accumulator} of the events counted (empty when only duplicates or late
 * events touched the key) and their {@link EventStatistics}. Partials of the same key from
 * different partitions {@link #merge} into the aggregate of all their events, exactly.
 *
 * <p>Mutable (the accumulator is), single-threaded, as the accumulator.
 *
 * @param accumulator the accumulator, empty if no event was counted
 * @param statistics the event statistics, empty if none were recorded
 */
public record AggregatePartial(Optional<Accumulator> accumulator, Optional<EventStatistics> statistics) {
  /**
   * Checks the components.
   *
   * @param accumulator see the record component
   * @param statistics see the record component
   * @throws NullPointerException if a component is null
   */
  public AggregatePartial {
    java.util.Objects.requireNonNull(accumulator, "accumulator");
    java.util.Objects.requireNonNull(statistics, "statistics");
  }

  /** An empty partial. */
  static final AggregatePartial EMPTY = new AggregatePartial(Optional.empty(), Optional.empty());

  /**
   * Returns the partial of this one's events and another's: a new accumulator (neither input is
   * changed) and the merged statistics.
   *
   * @param other the other partial of the same key, not null
   * @return the merged partial, never null
   * @throws dev.billwright.error.BillingException as {@link Accumulator#merge} throws for
   *     accumulators of different meters or periods
   */
  public AggregatePartial merge(AggregatePartial other) {
    Optional<Accumulator> acc;
    if (accumulator.isEmpty()) {
      acc = other.accumulator.map(Accumulator::copy);
    } else if (other.accumulator.isEmpty()) {
      acc = accumulator.map(Accumulator::copy);
    } else {
      Accumulator a = accumulator.get().copy();
      a.merge(other.accumulator.get());
      acc = Optional.of(a);
    }
    Optional<EventStatistics> st;
    if (statistics.isEmpty()) {
      st = other.statistics;
    } else if (other.statistics.isEmpty()) {
      st = statistics;
    } else {
      st = Optional.of(statistics.get().merge(other.statistics.get()));
    }
    return new AggregatePartial(acc, st);
  }
}
