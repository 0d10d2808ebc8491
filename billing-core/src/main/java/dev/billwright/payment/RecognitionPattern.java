package dev.billwright.payment;

import dev.billwright.invoice.LineKind;

/**
 * When a line's revenue is earned (ASC 606-10-25-27 and Ind AS 115 para 35: a performance
 * obligation satisfied over time is recognised as it is satisfied; one satisfied at a point in
 * time, then). Named option {@code recognition}; defaults by line kind in {@link #defaultFor}.
 */
public enum RecognitionPattern {
  /** Ratably by day over the service period, each day weighted by the seconds of it in the period ({@code ratable_daily}). */
  RATABLE_DAILY,
  /** When used: by the usage per day when given, otherwise on the last day of the usage period ({@code as_used}). */
  AS_USED,
  /** At once, on the first day of the service period ({@code point_in_time}). */
  POINT_IN_TIME;

  /**
   * Returns the default pattern of a line kind: usage is earned as used, one-time charges at a
   * point in time, every fee, proration and true-up ratably over its service period (a
   * subscription is a stand-ready obligation satisfied over time).
   *
   * @param kind the line kind, not null
   * @return the pattern, never null
   */
  public static RecognitionPattern defaultFor(LineKind kind) {
    switch (kind) {
      case USAGE:
        return AS_USED;
      case ONE_TIME:
        return POINT_IN_TIME;
      default:
        return RATABLE_DAILY;
    }
  }
}
