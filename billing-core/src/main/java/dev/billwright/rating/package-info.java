/**
 * Rating's inputs: usage as a function of the subscription billed. {@link dev.billwright.rating.UsageWindows}
 * lists a subscription's usage windows from its own per-charge schedules (the one source of truth
 * for both event binding and billing); {@link dev.billwright.rating.SubscriptionUsageAggregator}
 * binds each event to one subscription (or reports it unclaimed or ambiguous) and aggregates it
 * per window; {@link dev.billwright.rating.UsageSource} is what a bill run asks for a window's
 * usage; {@link dev.billwright.rating.Accounts} rolls child accounts and alias ids up to a billing
 * account. This package sits below {@code dev.billwright.billing} and never depends on it.
 */
@NullMarked
package dev.billwright.rating;

import org.jspecify.annotations.NullMarked;
