package dev.billwright.billing;

import dev.billwright.catalog.Plan;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.BillingPeriod;

/**
 * Where a bill run gets each subscription's usage for a closing period: usually an index over a
 * metering aggregation ({@link ChargeMeters#index}), or fixed quantities in tests.
 */
@FunctionalInterface
public interface UsageSource {
  /** No usage for anyone. */
  UsageSource NONE = (subscription, plan, period) -> PeriodUsage.NONE;

  /**
   * Returns the usage of a subscription under a plan for a schedule period.
   *
   * @param subscription the subscription, not null
   * @param plan the plan in effect at the end of the period (overrides applied), not null
   * @param fullPeriod the schedule's (unclipped) period events were assigned to, not null
   * @return the usage per charge, never null
   */
  PeriodUsage usage(Subscription subscription, Plan plan, BillingPeriod fullPeriod);

  /**
   * Usage from a metering aggregation, keyed by the subscription's customer.
   *
   * @param index the index over an aggregation result, not null
   * @return the source, never null
   */
  static UsageSource of(ChargeMeters.UsageIndex index) {
    return (subscription, plan, period) -> index.usage(subscription.customerId(), plan, period);
  }
}
