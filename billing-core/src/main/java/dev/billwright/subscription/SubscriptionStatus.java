package dev.billwright.subscription;

/** The status of a subscription at an instant (Stripe's subscription statuses, simplified). */
public enum SubscriptionStatus {
  /** Before its start. */
  PENDING,
  /** In its free trial. */
  TRIALING,
  /** Billing normally. */
  ACTIVE,
  /** At or after its end (cancelled or expired). */
  ENDED
}
