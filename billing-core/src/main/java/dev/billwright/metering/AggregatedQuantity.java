package dev.billwright.metering;

import dev.billwright.pricing.UsageBuckets;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One aggregated quantity and the number of events it was computed from.
 *
 * @param quantity the exact aggregate (see {@link Accumulator#result()}), not null
 * @param events the number of events used, at least 0
 * @param buckets for a meter with a {@code bucket} (plan format 1.1), the quantity of each time
 *     bucket that saw events (they sum to {@code quantity}); null for a meter without one
 */
public record AggregatedQuantity(BigDecimal quantity, long events, @Nullable UsageBuckets buckets) {
  /**
   * Validates.
   *
   * @param quantity the exact aggregate (see {@link Accumulator#result()}), not null
   * @param events the number of events used, at least 0
   * @param buckets the bucket quantities, or null
   * @throws NullPointerException if quantity is null
   * @throws IllegalArgumentException if events is negative
   */
  public AggregatedQuantity {
    Objects.requireNonNull(quantity, "quantity");
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0, got " + events);
    }
  }

  /**
   * Creates the quantity of a meter without buckets.
   *
   * @param quantity the exact aggregate, not null
   * @param events the number of events used, at least 0
   * @throws NullPointerException if quantity is null
   * @throws IllegalArgumentException if events is negative
   */
  public AggregatedQuantity(BigDecimal quantity, long events) {
    this(quantity, events, null);
  }
}
