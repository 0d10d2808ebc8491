package dev.billwright.catalog;

/**
 * Where the billing cycle anchor of a subscription with a free trial lies when the subscription
 * gives none of its own: the plan format's {@code billing.trial_anchor} (JSON: {@code start},
 * {@code trial_end}), read from the plan the subscription starts on. It only moves money for
 * anniversary alignment (calendar periods do not depend on the anchor).
 */
public enum TrialAnchor {
  /**
   * Default: the anchor stays at the subscription's start, so the first period runs from the
   * start and the part of it after the trial is billed prorated (Billwright's version-1
   * behaviour; Stripe gets it by combining a trial with an explicit {@code billing_cycle_anchor},
   * "a free period followed by a prorated period").
   */
  START,
  /**
   * The anchor moves to the trial end: the first paid period starts at the trial end and is
   * billed whole, and later periods fall on its anniversaries (Stripe docs, "Setting the subscription
   * billing cycle date": the anchor's default "is either the subscription creation date or the
   * trial end date (if you're using a trial period)"; "Use trial periods on subscriptions": "a new
   * billing cycle also begins for the customer when the trial ends").
   * A subscription whose own {@code billing_cycle_anchor} differs from its start keeps it.
   */
  TRIAL_END
}
