package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A coupon applied to a customer or subscription, and how many periods it has discounted so far.
 * The host stores it and advances it with {@link #used()} after each invoice that used it.
 *
 * @param coupon the coupon, not null
 * @param periodsUsed the periods already discounted, at least 0
 * @param amountUsed the total discount the coupon already gave on issued invoices, in major units
 *     of its currency, zero or more, not null; read only for a coupon that carries its rest
 *     ({@link Coupon#carryRemaining()}). A bill run derives it from the discount lines of the
 *     subscription's issued invoices, so no balance is kept anywhere else
 */
public record CouponRedemption(Coupon coupon, int periodsUsed, BigDecimal amountUsed) {

  /**
   * Validates the redemption.
   *
   * @param coupon see the record component
   * @param periodsUsed see the record component
   * @param amountUsed see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if periodsUsed or amountUsed
   *     is negative
   */
  public CouponRedemption {
    if (coupon == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "coupon", null, "a coupon");
    }
    if (periodsUsed < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "periods_used", periodsUsed, "0 or more");
    }
    if (amountUsed == null || amountUsed.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "coupons[" + coupon.id() + "].amount_used", amountUsed,
          "an amount of 0 or more");
    }
  }

  /**
   * A redemption that has given no amount yet (for coupons that do not carry their rest, the
   * amount is never read).
   *
   * @param coupon the coupon, not null
   * @param periodsUsed the periods already discounted, at least 0
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if periodsUsed is negative
   */
  public CouponRedemption(Coupon coupon, int periodsUsed) {
    this(coupon, periodsUsed, BigDecimal.ZERO);
  }

  /**
   * Returns what a coupon that carries its rest can still give: its amount off less what it gave.
   *
   * @return the rest, zero or more, empty for a coupon that does not carry its rest
   */
  public Optional<Money> remaining() {
    if (!coupon.carryRemaining()) {
      return Optional.empty();
    }
    Money off = coupon.amountOff().orElseThrow();
    Money rest = off.minus(Money.of(off.currency(), amountUsed));
    return Optional.of(rest.isNegative() ? Money.zero(off.currency()) : rest);
  }

  /**
   * Returns the coupon as it applies to the next invoice: the coupon itself, or, for one that
   * carries its rest, a copy whose amount off is what remains.
   *
   * @return the coupon, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if it no longer applies
   */
  public Coupon nextPeriodCoupon() {
    if (!appliesToNextPeriod()) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "coupon " + coupon.id() + " no longer applies");
    }
    return remaining().map(coupon::withAmountOff).orElse(coupon);
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
   * period for once, for the first n periods for repeating(n); for a coupon that carries its
   * rest, while some of its amount remains.
   *
   * @return true if the coupon still applies
   */
  public boolean appliesToNextPeriod() {
    return remaining().map(Money::isPositive).orElseGet(() -> coupon.duration().appliesAfter(periodsUsed));
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
    return new CouponRedemption(coupon, periodsUsed + 1, amountUsed);
  }
}
