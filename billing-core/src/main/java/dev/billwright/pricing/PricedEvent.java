package dev.billwright.pricing;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One event as the price models see it: a value (the amount of a payment for
 * {@code percentage}, the units of a usage for {@code matrix}) and string properties (matrix
 * dimensions, the dynamic amount).
 *
 * @param id the event's id for explanations, or null
 * @param value the event's value, zero or more
 * @param properties the event's properties, not null (copied; no null keys or values)
 */
public record PricedEvent(@Nullable String id, BigDecimal value, Map<String, String> properties) {
  /**
   * Validates and copies the fields.
   *
   * @param id the id, or null
   * @param value the value, zero or more
   * @param properties the properties; null means none
   * @throws dev.billwright.error.BillingException if the value is missing, negative or out of
   *     bounds, or a property key or value is null
   */
  public PricedEvent {
    value = PriceChecks.nonNegative(value, "value");
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /**
   * Returns an event without id.
   *
   * @param value the value, zero or more
   * @param properties the properties
   * @return the event
   * @throws dev.billwright.error.BillingException if the value is invalid
   */
  public static PricedEvent of(BigDecimal value, Map<String, String> properties) {
    return new PricedEvent(null, value, properties);
  }
}
