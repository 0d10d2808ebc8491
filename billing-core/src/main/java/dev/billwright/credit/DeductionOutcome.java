package dev.billwright.credit;

/**
 * Whether a deduction was allowed.
 */
public enum DeductionOutcome {
  /** Fully covered by grants in scope; nothing flagged. */
  ALLOWED,
  /**
   * Allowed but flagged: the wallet went into its overdraft, or (soft cap only) part of the
   * amount could not be covered at all.
   */
  FLAGGED,
  /** Refused by a hard cap: nothing was deducted and the state is unchanged. */
  REFUSED;

  /**
   * Returns whether the event may go ahead.
   *
   * @return true for {@link #ALLOWED} and {@link #FLAGGED}
   */
  public boolean isAllowed() {
    return this != REFUSED;
  }
}
