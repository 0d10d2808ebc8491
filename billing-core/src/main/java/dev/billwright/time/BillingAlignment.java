package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Locale;

/**
 * Where a schedule's periods start: on calendar boundaries, or on the subscription's billing
 * cycle anchor. The plan format's {@code alignment} field ({@code calendar}, {@code anniversary}).
 */
public enum BillingAlignment {
  /**
   * Periods start on calendar boundaries in the customer's zone: local midnight for days, the
   * week-start day (Monday unless configured) for weeks, the 1st of the month for months, 1 January,
   * 1 April, 1 July and 1 October for quarters, 1 January and 1 July for half-years, 1 January for
   * years. Lago's default ("calendar billing"); Stripe's {@code billing_cycle_anchor} set to the
   * 1st of the month gives the same periods.
   */
  CALENDAR,
  /**
   * Periods start on the subscription's billing cycle anchor (usually its start): the same day of
   * the month each month, clamped to the end of a short month and back to the anchor day when it
   * exists (31 January, 28/29 February, 31 March). Stripe's default; Lago's "anniversary billing";
   * Kill Bill's billing cycle day (BCD).
   */
  ANNIVERSARY;

  /**
   * Returns the plan-format name: {@code calendar} or {@code anniversary}.
   *
   * @return the lower-case name, never null
   */
  public String jsonName() {
    return this == CALENDAR ? "calendar" : "anniversary";
  }

  /**
   * Returns the alignment with a plan-format name.
   *
   * @param name {@code calendar} or {@code anniversary}, case-insensitive
   * @return the alignment, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the name is null or unknown
   */
  public static BillingAlignment fromJsonName(String name) {
    if (name != null) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (BillingAlignment a : values()) {
        if (a.jsonName().equals(lower)) {
          return a;
        }
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "alignment", name,
        "one of calendar, anniversary");
  }
}
