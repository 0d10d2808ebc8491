package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * For how many billing periods a coupon applies, as Stripe's coupon {@code duration}
 * ({@code once}, {@code repeating} with {@code duration_in_months}, {@code forever}).
 *
 * @param kind once, repeating or forever, not null
 * @param periods the number of periods: 1 for once, at least 1 for repeating, 0 for forever
 */
public record CouponDuration(Kind kind, int periods) {
  /** The duration kinds. */
  public enum Kind {
    /** The first period only. */
    ONCE,
    /** A fixed number of periods. */
    REPEATING,
    /** Every period. */
    FOREVER
  }

  /** The first period only. */
  public static final CouponDuration ONCE = new CouponDuration(Kind.ONCE, 1);
  /** Every period. */
  public static final CouponDuration FOREVER = new CouponDuration(Kind.FOREVER, 0);

  /**
   * Validates the duration.
   *
   * @param kind see the record component
   * @param periods see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the periods do not match
   *     the kind
   */
  public CouponDuration {
    if (kind == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "duration.kind", null, "once, repeating or forever");
    }
    int expected = kind == Kind.ONCE ? 1 : kind == Kind.FOREVER ? 0 : Math.max(periods, 1);
    if (periods != expected) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "duration.periods", periods,
          kind == Kind.REPEATING ? "at least 1" : expected + " for " + kind);
    }
  }

  /**
   * Obtains a repeating duration.
   *
   * @param periods the number of periods, at least 1
   * @return the duration, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if periods is below 1
   */
  public static CouponDuration repeating(int periods) {
    return new CouponDuration(Kind.REPEATING, periods);
  }

  /**
   * Returns whether the coupon still applies after some periods used.
   *
   * @param periodsUsed the periods already discounted, at least 0
   * @return true if the next period is discounted
   */
  public boolean appliesAfter(int periodsUsed) {
    return kind == Kind.FOREVER || periodsUsed < periods;
  }
}
