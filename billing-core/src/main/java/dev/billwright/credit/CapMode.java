package dev.billwright.credit;

/**
 * What happens when a deduction or a quota would be exceeded.
 */
public enum CapMode {
  /** Hard cap: refuse the event; nothing is deducted or recorded. */
  HARD,
  /**
   * Soft cap: allow the event and flag it; the wallet is drawn down to its overdraft limit and
   * the part not covered is reported as uncovered (to be invoiced in arrears).
   */
  SOFT
}
