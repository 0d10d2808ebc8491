package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Locale;

/**
 * How the share of a period that a partial period covers is measured: the plan format's
 * {@code proration} field ({@code seconds}, {@code days}, {@code days_30}, {@code none}).
 * {@link ProrationCalculator} gives the exact rules.
 */
public enum ProrationBasis {
  /**
   * Exact elapsed time of the half-open periods: {@code duration(part) / duration(full)}, to the
   * nanosecond (to the second for whole-second instants). Stripe prorates this way; the library
   * default (ARCHITECTURE.md).
   */
  SECONDS("seconds"),
  /**
   * Actual local calendar days in the customer's zone. Kill Bill prorates by whole local days
   * ({@code InvoiceDateUtils}); Lago and Orb by days too.
   */
  DAYS("days"),
  /**
   * Every month counts as 30 days and a year as 360 (a 30/360 day count: the 31st of a month
   * counts 0 days, the last day of February makes up the month to 30). Kill Bill's
   * {@code proration.fixed.days = 30} setting is the nearest peer option.
   */
  DAYS_30("days_30"),
  /** No proration: a partial period is billed as a whole one (fraction 1). */
  NONE("none");

  private final String jsonName;

  ProrationBasis(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * Returns the plan-format name: {@code seconds}, {@code days}, {@code days_30} or {@code none}.
   *
   * @return the name, never null
   */
  public String jsonName() {
    return jsonName;
  }

  /**
   * Returns the basis with a plan-format name.
   *
   * @param name the name, such as {@code days_30}; case-insensitive
   * @return the basis, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the name is null or unknown
   */
  public static ProrationBasis fromJsonName(String name) {
    if (name != null) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (ProrationBasis b : values()) {
        if (b.jsonName.equals(lower)) {
          return b;
        }
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "proration", name,
        "one of seconds, days, days_30, none");
  }
}
