package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The running level at a period's start for weighted_sum meters (for example the storage in
 * use when the month began: the previous period's final level, as Lago carries a recurring
 * metric's value). Consulted once per (customer, meter, period, group) that has events or is named
 * with {@link AggregationRun#expect} (use that for a level held through a period without events).
 * Must be thread-safe.
 */
@FunctionalInterface
public interface CarryIn {
  /** No carry-in: every level starts at zero. */
  CarryIn NONE = (customer, meter, period, group) -> BigDecimal.ZERO;

  /**
   * Returns the level at the period start.
   *
   * @param customer the customer key, not null
   * @param meter the weighted_sum meter, not null
   * @param period the period, not null
   * @param group the group key, not null
   * @return the level, not null (zero for none), within {@link dev.billwright.money.Decimals} bounds
   */
  BigDecimal levelAtStart(String customer, Meter meter, BillingPeriod period, Map<String, String> group);
}
