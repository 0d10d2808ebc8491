package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A named dunning policy: when to retry a failed invoice payment, how long to wait after the
 * last retry (the grace period) before the invoice is marked uncollectible, and whether usage is
 * blocked then (through a hard quota, {@code dev.billwright.credit.QuotaTracker}).
 *
 * <p>Retry days are counted after the previous attempt ({@link Basis#AFTER_PREVIOUS_ATTEMPT}, as
 * Stripe's custom retry schedule: "retry N days after the previous attempt") or after the first
 * failure ({@link Basis#AFTER_FIRST_FAILURE}, as Chargebee's and Recurly's "retry on day N"); days
 * are calendar days in the invoice's zone.
 *
 * @param name the policy name, such as {@code standard}, not blank
 * @param retryDays the days of each retry, each at least 1 (strictly increasing for
 *     AFTER_FIRST_FAILURE); may be empty (no retries, only reminders and the grace period)
 * @param basis what the retry days count from, not null
 * @param graceDays days after the last attempt before the invoice is uncollectible, zero or more
 * @param blockUsage whether usage is blocked when the invoice becomes uncollectible
 */
public record DunningPolicy(String name, List<Integer> retryDays, Basis basis, int graceDays, boolean blockUsage) {
  /** Retry 3, 5 and 7 days after each previous attempt, 7 days' grace, then uncollectible. */
  public static final DunningPolicy STANDARD = new DunningPolicy("standard", List.of(3, 5, 7),
      Basis.AFTER_PREVIOUS_ATTEMPT, 7, false);

  /** What retry days count from. */
  public enum Basis {
    /** Each retry N days after the previous attempt (the default). */
    AFTER_PREVIOUS_ATTEMPT,
    /** Each retry on day N after the first failure. */
    AFTER_FIRST_FAILURE
  }

  /**
   * Validates and copies.
   *
   * @param name see the record component
   * @param retryDays see the record component
   * @param basis see the record component
   * @param graceDays see the record component
   * @param blockUsage see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the bad field
   */
  public DunningPolicy {
    if (name == null || name.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "name", name, "a non-blank policy name");
    }
    if (retryDays == null || basis == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "dunning policy " + name
          + " needs retry_days and basis");
    }
    for (int i = 0; i < retryDays.size(); i++) {
      Integer d = retryDays.get(i);
      if (d == null || d < 1 || (basis == Basis.AFTER_FIRST_FAILURE && i > 0 && d <= retryDays.get(i - 1))) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "retry_days[" + i + "]", d,
            basis == Basis.AFTER_FIRST_FAILURE ? "strictly increasing days of 1 or more" : "a day count of 1 or more");
      }
    }
    if (graceDays < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grace_days", graceDays, "zero or more");
    }
    retryDays = List.copyOf(retryDays);
  }

  /**
   * Parses retry days written as {@code "3,5,7"}, counted after the previous attempt.
   *
   * @param name the policy name, not blank
   * @param retryDays the days, comma-separated, not null
   * @param graceDays the grace period in days
   * @return the policy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a day that is not a whole number of 1 or more
   */
  public static DunningPolicy of(String name, String retryDays, int graceDays) {
    List<Integer> days = new ArrayList<>();
    for (String part : retryDays.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        days.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "retry_days", retryDays,
            "comma-separated whole numbers of days, such as 3,5,7");
      }
    }
    return new DunningPolicy(name, days, Basis.AFTER_PREVIOUS_ATTEMPT, graceDays, false);
  }
}
