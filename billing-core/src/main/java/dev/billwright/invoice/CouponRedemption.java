package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * A coupon applied to a customer or subscription, and how many periods it has discounted so far.
 * The host stores it and advances it with {@link #used()} after each invoice that used it.
 *
 * @param coupon the coupon, not null
 * @param periodsUsed the periods already discounted, at least 0
 */
public record CouponRedemption(Coupon coupon, int periodsUsed) {

  /**
   * Validates the redemption.
   *
   * @param coupon see the record component
   * @param periodsUsed see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if periodsUsed is negative
   */
  public CouponRedemption {
    if (coupon == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "coupon", null, "a coupon");
    }
    if (periodsUsed < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "periods_used", periodsUsed, "0 or more");
    }
  }

  /**
   * Starts a redemption with no period used.
   *
   * @param coupon the coupon, not null
   * @return the redemption, never null
   */
  public static CouponRedemption start(Coupon coupon) {
    return new CouponRedemption(coupon, 0);
  }

  /**
   * Returns whether the coupon applies to the next period: always for forever, for the first
   * period for once, for the first n periods for repeating(n).
   *
   * @return true if the coupon still applies
   */
  public boolean appliesToNextPeriod() {
    return coupon.duration().appliesAfter(periodsUsed);
  }

  /**
   * Returns the redemption after one more period used.
   *
   * @return the advanced redemption, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if the coupon no longer
   *     applies
   */
  public CouponRedemption used() {
    if (!appliesToNextPeriod()) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "coupon " + coupon.id() + " is used up after "
          + periodsUsed + " period(s) (" + coupon.duration() + ")");
    }
    return new CouponRedemption(coupon, periodsUsed + 1);
  }
}
