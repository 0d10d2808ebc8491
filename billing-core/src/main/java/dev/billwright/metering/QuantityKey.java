package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.util.Map;
import java.util.Objects;

/**
 * Identifies one aggregated quantity: a customer's usage of a meter in a billing period, for one
 * group (the values of the meter's group-by properties).
 *
 * @param customer the customer key, not null
 * @param meterCode the meter code, not null
 * @param period the billing period, not null
 * @param group group-by property → value, empty when the meter has no group-by, not null; copied
 */
public record QuantityKey(String customer, String meterCode, BillingPeriod period, Map<String, String> group) {
  /**
   * Validates and copies.
   *
   * @param customer the customer key, not null
   * @param meterCode the meter code, not null
   * @param period the billing period, not null
   * @param group group-by property → value, empty when the meter has no group-by, not null; copied
   * @throws NullPointerException if a component is null
   */
  public QuantityKey {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(meterCode, "meterCode");
    Objects.requireNonNull(period, "period");
    group = Map.copyOf(group);
  }
}
