package dev.billwright.pricing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a usage line's quantity came from, before any price: the meter, its aggregation, how many
 * events it counted, how many copies of already-seen events (duplicates) and events of an
 * already-invoiced period (late events) were excluded from it, and the time of the first and last
 * event counted. Made by the usage aggregator for each subscription, charge, usage window and
 * group, and written first in the line's explanation ({@link ExplanationJson#write(Explanation,
 * EventStatistics)}), so an explanation starts at the events and then shows the tiers.
 *
 * <p>Statistics of the same key {@link #merge} associatively, as the accumulators do, so partial
 * aggregations combine in any order.
 *
 * @param meterCode the meter the charge names, not blank
 * @param aggregation the meter's aggregation in lower snake case ({@code count}, {@code sum}…),
 *     not blank
 * @param eventsCounted events added to the quantity, at least 0
 * @param duplicatesExcluded copies of an id already seen (with equal content) that this line's
 *     charge would have counted, at least 0
 * @param lateExcluded events of this line's window that arrived after the window was invoiced,
 *     at least 0 (they go to a correction, never into this quantity)
 * @param firstEventAt the earliest timestamp counted, empty if none was
 * @param lastEventAt the latest timestamp counted, empty if none was
 */
public record EventStatistics(String meterCode, String aggregation, long eventsCounted, long duplicatesExcluded,
    long lateExcluded, Optional<Instant> firstEventAt, Optional<Instant> lastEventAt) {
  /**
   * Validates the statistics.
   *
   * @param meterCode see the record component
   * @param aggregation see the record component
   * @param eventsCounted see the record component
   * @param duplicatesExcluded see the record component
   * @param lateExcluded see the record component
   * @param firstEventAt see the record component
   * @param lastEventAt see the record component
   * @throws IllegalArgumentException if a count is negative, or the first and last times are
   *     not both present exactly when events were counted, or out of order
   * @throws NullPointerException if a component is null
   */
  public EventStatistics {
    Objects.requireNonNull(meterCode, "meterCode");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(firstEventAt, "firstEventAt");
    Objects.requireNonNull(lastEventAt, "lastEventAt");
    if (eventsCounted < 0 || duplicatesExcluded < 0 || lateExcluded < 0) {
      throw new IllegalArgumentException("event counts must be >= 0");
    }
    if (firstEventAt.isPresent() != (eventsCounted > 0) || lastEventAt.isPresent() != (eventsCounted > 0)) {
      throw new IllegalArgumentException("first and last event times are present exactly when events were counted");
    }
    if (firstEventAt.isPresent() && firstEventAt.get().isAfter(lastEventAt.get())) {
      throw new IllegalArgumentException("first event after last event");
    }
  }

  /**
   * No events yet for a meter.
   *
   * @param meterCode the meter code, not null
   * @param aggregation the aggregation name, not null
   * @return the empty statistics, never null
   */
  public static EventStatistics none(String meterCode, String aggregation) {
    return new EventStatistics(meterCode, aggregation, 0, 0, 0, Optional.empty(), Optional.empty());
  }

  /**
   * Returns these statistics with one more event counted at a time.
   *
   * @param at the event's timestamp, not null
   * @return the new statistics, never null
   */
  public EventStatistics counted(Instant at) {
    Instant first = firstEventAt.filter(f -> !f.isAfter(at)).orElse(at);
    Instant last = lastEventAt.filter(l -> !l.isBefore(at)).orElse(at);
    return new EventStatistics(meterCode, aggregation, eventsCounted + 1, duplicatesExcluded, lateExcluded,
        Optional.of(first), Optional.of(last));
  }

  /**
   * Returns these statistics with one more duplicate excluded.
   *
   * @return the new statistics, never null
   */
  public EventStatistics duplicate() {
    return new EventStatistics(meterCode, aggregation, eventsCounted, duplicatesExcluded + 1, lateExcluded,
        firstEventAt, lastEventAt);
  }

  /**
   * Returns these statistics with one more late event excluded.
   *
   * @return the new statistics, never null
   */
  public EventStatistics late() {
    return new EventStatistics(meterCode, aggregation, eventsCounted, duplicatesExcluded, lateExcluded + 1,
        firstEventAt, lastEventAt);
  }

  /**
   * Combines the statistics of two parts of the same key (associative and commutative): counts
   * add, the first time is the earlier, the last the later. The meter and aggregation are this
   * one's (a group merged over several meters, such as a matrix line, keeps the first).
   *
   * @param other the other part, not null
   * @return the combined statistics, never null
   */
  public EventStatistics merge(EventStatistics other) {
    Optional<Instant> first = firstEventAt.isEmpty() ? other.firstEventAt
        : other.firstEventAt.isEmpty() || !firstEventAt.get().isAfter(other.firstEventAt.get()) ? firstEventAt
        : other.firstEventAt;
    Optional<Instant> last = lastEventAt.isEmpty() ? other.lastEventAt
        : other.lastEventAt.isEmpty() || !lastEventAt.get().isBefore(other.lastEventAt.get()) ? lastEventAt
        : other.lastEventAt;
    return new EventStatistics(meterCode, aggregation, eventsCounted + other.eventsCounted,
        duplicatesExcluded + other.duplicatesExcluded, lateExcluded + other.lateExcluded, first, last);
  }
}
