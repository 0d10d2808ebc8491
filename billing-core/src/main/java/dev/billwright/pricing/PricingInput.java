package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a price is applied to: an aggregate quantity, individual events, or quantities already
 * grouped by dimension values (what metering's group-by produces, used by {@link MatrixPrice}).
 * Nothing at all means zero usage. Quantity models use {@link #totalQuantity()}; {@code percentage} and
 * {@code dynamic} need events; {@code matrix} uses groups, or groups the events itself.
 *
 * @param quantity the aggregate quantity, zero or more, or null
 * @param events the events in order, not null (copied)
 * @param groups quantities per combination of dimension values, not null (copied, order kept)
 */
public record PricingInput(@Nullable BigDecimal quantity, List<PricedEvent> events,
    Map<Map<String, String>, BigDecimal> groups) {
  /**
   * Validates and copies the fields.
   *
   * @param quantity the quantity, or null
   * @param events the events; null means none
   * @param groups the grouped quantities; null means none
   * @throws BillingException if a quantity is negative or out of bounds, or an element is null
   */
  public PricingInput {
    quantity = quantity == null ? null : PriceChecks.nonNegative(quantity, "quantity");
    events = events == null ? List.of() : List.copyOf(events);
    Map<Map<String, String>, BigDecimal> copy = new LinkedHashMap<>();
    if (groups != null) {
      for (Map.Entry<Map<String, String>, BigDecimal> e : groups.entrySet()) {
        PriceChecks.required(e.getKey(), "groups.key");
        copy.put(Map.copyOf(e.getKey()), PriceChecks.nonNegative(e.getValue(), "groups" + e.getKey()));
      }
    }
    groups = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Returns an input holding an aggregate quantity.
   *
   * @param quantity the quantity, zero or more
   * @return the input
   * @throws BillingException if the quantity is null, negative or out of bounds
   */
  public static PricingInput ofQuantity(BigDecimal quantity) {
    if (quantity == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field 'quantity' is required");
    }
    return new PricingInput(quantity, List.of(), Map.of());
  }

  /**
   * Returns an input holding events (possibly none: zero usage).
   *
   * @param events the events, not null
   * @return the input
   * @throws BillingException if the list or an event is null
   */
  public static PricingInput ofEvents(List<PricedEvent> events) {
    PriceChecks.required(events, "events");
    return new PricingInput(null, events, Map.of());
  }

  /**
   * Returns an input holding quantities grouped by dimension values.
   *
   * @param groups quantity per combination of dimension values, not null
   * @return the input
   * @throws BillingException if the map, a key or a quantity is invalid
   */
  public static PricingInput ofGroups(Map<Map<String, String>, BigDecimal> groups) {
    PriceChecks.required(groups, "groups");
    return new PricingInput(null, List.of(), groups);
  }

  /**
   * Returns the aggregate quantity: {@link #quantity()} when given, else the sum of the event
   * values, else the sum of the grouped quantities (zero when there is nothing).
   *
   * @return the aggregate quantity, zero or more
   */
  public BigDecimal totalQuantity() {
    if (quantity != null) {
      return quantity;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (PricedEvent e : events) {
      sum = sum.add(e.value());
    }
    for (BigDecimal q : groups.values()) {
      sum = sum.add(q);
    }
    return sum;
  }
}
