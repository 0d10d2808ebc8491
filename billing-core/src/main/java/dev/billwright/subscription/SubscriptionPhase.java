package dev.billwright.subscription;

import dev.billwright.catalog.Plan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A stretch of a subscription's life with one plan version (overrides applied) and one quantity
 * of seats: the half-open interval {@code [start, end)}, where an empty end means "until further
 * notice".
 *
 * @param start the first instant of the phase, not null
 * @param end the first instant after the phase, or null if open-ended
 * @param plan the resolved plan (overrides applied), not null
 * @param seats the quantity of recurring charges, positive
 * @param startedBy the id of the change that started the phase, or {@code "start"}
 */
public record SubscriptionPhase(Instant start, Instant end, Plan plan, BigDecimal seats, String startedBy) {
  /**
   * Returns the end, if the phase has one.
   *
   * @return the exclusive end
   */
  public Optional<Instant> endOptional() {
    return Optional.ofNullable(end);
  }

  /**
   * Returns whether the phase contains an instant.
   *
   * @param at the instant, not null
   * @return true if {@code start <= at < end}
   */
  public boolean contains(Instant at) {
    return !at.isBefore(start) && (end == null || at.isBefore(end));
  }
}
