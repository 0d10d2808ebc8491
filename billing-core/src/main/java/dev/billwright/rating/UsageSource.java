package dev.billwright.rating;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Where a bill run gets usage: per subscription, usage charge and {@linkplain UsageWindow usage
 * window} of that subscription's own schedule ({@link UsageWindows}). Usually usage bound to
 * subscriptions by a {@link SubscriptionUsageAggregator} ({@link #of(SubscriptionUsage)}); or a
 * host's pre-aggregated quantities ({@link #preAggregated}), checked against the windows; or
 * fixed quantities in tests.
 */
@FunctionalInterface
public interface UsageSource {
  /** No usage for anyone. */
  UsageSource NONE = (subscription, window) -> PeriodUsage.NONE;

  /**
   * Returns the usage of one charge of a subscription in one of its windows.
   *
   * @param subscription the subscription, not null
   * @param window the window, of this subscription ({@link UsageWindows#of}), not null
   * @return the usage; only the entry of {@code window.chargeCode()} is read; never null
   * @throws BillingException with {@link ErrorCode#USAGE_WINDOW_MISMATCH} if the source holds
   *     usage for this charge over a period that overlaps the window but is not the window
   */
  PeriodUsage usage(Subscription subscription, UsageWindow window);

  /**
   * Returns the usage this source's aggregation could not bind to any subscription, for the bill
   * run's result.
   *
   * @return the report, {@link UnclaimedUsage#NONE} by default
   */
  default UnclaimedUsage unclaimed() {
    return UnclaimedUsage.NONE;
  }

  /**
   * Usage bound to subscriptions, with its unclaimed report and its event statistics (written
   * first in each usage line's explanation).
   *
   * @param usage the aggregation, not null
   * @return the source, never null
   */
  static UsageSource of(SubscriptionUsage usage) {
    return new PreAggregatedUsage(usage.quantities(), usage.unclaimed(), usage.statistics(), usage.buckets());
  }

  /**
   * A host's pre-aggregated usage, keyed by subscription, charge and window period. A window is
   * billed the quantities stored under exactly its key; a window with no key has no usage. A key
   * of the same subscription and charge whose period overlaps a window without being it (usage
   * aggregated by calendar month for a quarterly plan, in another zone, or across a plan change)
   * is an error when that window is billed, never 0.00.
   *
   * @param quantities key → group → quantity, not null
   * @return the source, never null
   */
  static UsageSource preAggregated(Map<UsageKey, ? extends Map<Map<String, String>, BigDecimal>> quantities) {
    return new PreAggregatedUsage(quantities, UnclaimedUsage.NONE);
  }
}
