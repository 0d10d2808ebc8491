package dev.billwright.metering;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One aggregated quantity and the number of events it was computed from.
 *
 * @param quantity the exact aggregate (see {@link Accumulator#result()}), not null
 * @param events the number of events used, at least 0
 */
public record AggregatedQuantity(BigDecimal quantity, long events) {
  /**
   * Validates.
   *
   * @param quantity the exact aggregate (see {@link Accumulator#result()}), not null
   * @param events the number of events used, at least 0
   * @throws NullPointerException if quantity is null
   * @throws IllegalArgumentException if events is negative
   */
  public AggregatedQuantity {
    Objects.requireNonNull(quantity, "quantity");
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0, got " + events);
    }
  }
}
