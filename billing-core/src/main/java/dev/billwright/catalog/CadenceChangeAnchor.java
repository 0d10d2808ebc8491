package dev.billwright.catalog;

/**
 * Where the billing periods start after a plan change that changes a subscription's billing
 * periods (another plan cadence, such as monthly to yearly, or a charge of another cadence): the
 * plan format's {@code billing.cadence_change_anchor} (JSON: {@code keep}, {@code reset}), read
 * from the plan changed <em>to</em>.
 *
 * <p>Either way the change instant is a billing boundary: the invoice issued at it credits the
 * unused part of the old in-advance fees and bills the new in-advance fees from the change.
 */
public enum CadenceChangeAnchor {
  /**
   * Keep the billing cycle anchor (default): the new periods are laid out with the plan's
   * alignment and the subscription's anchor, as if the subscription had always been on the new
   * cadence, so the first new period runs from the change to the next anniversary (or calendar)
   * boundary and is prorated. Lago: an upgraded subscription keeps the anniversary it inherits,
   * and its daily price is measured over the period of that inherited anniversary.
   */
  KEEP,
  /**
   * Reset the billing cycle anchor to the change: the new periods are anniversary periods from
   * the change instant (whatever the plan's alignment), so the first new period is whole. Stripe:
   * a price change to another billing interval resets {@code billing_cycle_anchor} to the time of
   * the change and invoices at once.
   */
  RESET
}
