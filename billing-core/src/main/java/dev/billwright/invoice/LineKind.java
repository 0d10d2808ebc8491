package dev.billwright.invoice;

/**
 * What an invoice line bills.
 */
public enum LineKind {
  /** A recurring fee (in advance or in arrears). */
  RECURRING_FEE,
  /** A usage charge rated from metered events. */
  USAGE,
  /** A one-time charge. */
  ONE_TIME,
  /** A credit for unused time after a plan change (usually negative). */
  PRORATION_CREDIT,
  /** A charge for the remaining time after a plan change. */
  PRORATION_CHARGE,
  /** A true-up to a minimum spend. */
  MINIMUM_TRUE_UP,
  /** A true-up to a committed spend. */
  COMMITMENT_TRUE_UP,
  /** A manual adjustment. */
  ADJUSTMENT
}
