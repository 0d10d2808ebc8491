/**
 * Subscriptions: a customer's {@link dev.billwright.subscription.Subscription} to a plan version,
 * with trials, seats, overrides and scheduled {@link dev.billwright.subscription.SubscriptionChange}s
 * (upgrade, downgrade, seat change, cancellation; immediate or at period end), resolved into
 * {@link dev.billwright.subscription.SubscriptionPhase}s.
 */
@NullMarked
package dev.billwright.subscription;

import org.jspecify.annotations.NullMarked;
