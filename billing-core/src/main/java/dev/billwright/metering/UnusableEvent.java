package dev.billwright.metering;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An event the aggregator could not use, with the reason: it belongs to no billable period, or
 * a meter's value property is missing or not a decimal. Reported, never silently dropped.
 *
 * @param event the event, not null
 * @param meterCode the meter that could not use it, or null when no period contains it
 * @param reason the reason (naming the event, meter and field), not null
 */
public record UnusableEvent(UsageEvent event, @Nullable String meterCode, String reason) {
  /**
   * Validates.
   *
   * @param event the event, not null
   * @param meterCode the meter that could not use it, or null when no period contains it
   * @param reason the reason (naming the event, meter and field), not null
   * @throws NullPointerException if event or reason is null
   */
  public UnusableEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the meter that could not use the event.
   *
   * @return the meter code, empty when the event fits no period at all
   */
  public Optional<String> meter() {
    return Optional.ofNullable(meterCode);
  }
}
