package dev.billwright.alert;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Usage and cost of one customer in one period so far, with the projected end-of-period amount,
 * for a host's dashboard API.
 *
 * @param customerId the customer id, not null
 * @param periodStart the period start (inclusive), not null
 * @param periodEnd the period end (exclusive), not null
 * @param asOf the instant the figures are for, within the period, not null
 * @param usage the quantity used so far per meter code, not null
 * @param costByCode the rated cost so far per charge or meter code, not null
 * @param costSoFar the sum of {@code costByCode}, exact, not null
 * @param projectedTotal the cost projected to the end of the period (see
 *     {@link InsightCalculator}), rounded by the calculator's rounding policy, not null
 */
public record UsageInsight(String customerId, Instant periodStart, Instant periodEnd, Instant asOf,
    Map<String, BigDecimal> usage, Map<String, Money> costByCode, Money costSoFar,
    Money projectedTotal) {
  /**
   * Creates an insight, copying the maps.
   *
   * @param customerId the customer id
   * @param periodStart the period start
   * @param periodEnd the period end
   * @param asOf the instant
   * @param usage the usage per meter
   * @param costByCode the cost per code
   * @param costSoFar the cost so far
   * @param projectedTotal the projected total
   * @throws NullPointerException if a map is null or holds a null
   */
  public UsageInsight {
    usage = Map.copyOf(usage);
    costByCode = Map.copyOf(costByCode);
  }
}
