package dev.billwright.subscription;

/** The status of a subscription at an instant (Stripe's subscription statuses, simplified). */
public enum SubscriptionStatus {
  /** Before its start. */
  PENDING,
  /** In its free trial. */
  TRIALING,
  /** Billing normally. */
  ACTIVE,
  /**
   * Paused ({@link SubscriptionChange.Kind#PAUSE}, until a {@link SubscriptionChange.Kind#RESUME}):
   * no recurring fee or usage is billed (Kill Bill's paused entitlement, Stripe's {@code paused}).
   */
  PAUSED,
  /** At or after its end (cancelled or expired). */
  ENDED
}
