package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * A coupon: a percentage or a fixed amount off, for a duration, optionally limited to some
 * charges. Applied before tax by {@link DiscountCalculator} (as Stripe coupons {@code percent_off}
 * / {@code amount_off}, and Lago's coupons-before-tax).
 *
 * @param id the coupon id, not blank
 * @param type percentage or fixed
 * @param percentOff for {@link Type#PERCENTAGE}: the rate in percent, above 0 and at most 100;
 *     empty for fixed
 * @param amountOff for {@link Type#FIXED}: the positive amount off per period; empty for
 *     percentage
 * @param duration how many periods it applies, not null
 * @param chargeScope the charge codes it applies to; empty means every charge
 * @param carryRemaining for a fixed-amount coupon of duration once ({@code carry_remaining}):
 *     {@code false} (default) drops what the one invoice it applies to cannot use, as Stripe
 *     does with an {@code amount_off} larger than the invoice; {@code true} keeps the rest for
 *     the next invoices until the amount is used up, as Lago's fixed-amount coupons of frequency
 *     once do ({@code amount_cents_remaining}, Lago API "The applied coupon object"). The rest is
 *     derived from the discounts of the invoices already issued ({@link CouponRedemption#amountUsed()})
 */
public record Coupon(
    String id, Type type, Optional<BigDecimal> percentOff, Optional<Money> amountOff, CouponDuration duration,
    Set<String> chargeScope, boolean carryRemaining) {
  /** The kinds of discount. */
  public enum Type {
    /** A percentage of each line in scope, rounded per line. */
    PERCENTAGE,
    /** A fixed amount, capped at the lines in scope and allocated over them. */
    FIXED
  }

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * Validates the coupon.
   *
   * @param id see the record component
   * @param type see the record component
   * @param percentOff see the record component
   * @param amountOff see the record component
   * @param duration see the record component
   * @param chargeScope see the record component
   * @param carryRemaining see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} or
   *     {@link ErrorCode#INVALID_VALUE} naming the field (also for {@code carry_remaining} on a
   *     percentage coupon or on a duration other than once)
   */
  public Coupon {
    if (id == null || id.isBlank() || type == null || percentOff == null || amountOff == null || duration == null
        || chargeScope == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "a coupon needs an id, a type, a percent or amount off, a duration and a scope; got id=" + id);
    }
    chargeScope = Set.copyOf(chargeScope);
    if (type == Type.PERCENTAGE) {
      BigDecimal p = percentOff.orElseThrow(() -> BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING,
          "coupons[" + id + "].percent_off", null, "a percentage for a percentage coupon"));
      Decimals.checkBounds(p, "coupons[" + id + "].percent_off");
      if (p.signum() <= 0 || p.compareTo(HUNDRED) > 0 || amountOff.isPresent()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "coupons[" + id + "].percent_off", p,
            "above 0 and at most 100, and no amount_off");
      }
    } else {
      Money a = amountOff.orElseThrow(() -> BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING,
          "coupons[" + id + "].amount_off", null, "an amount for a fixed coupon"));
      if (!a.isPositive() || percentOff.isPresent()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "coupons[" + id + "].amount_off", a,
            "a positive amount, and no percent_off");
      }
    }
    if (carryRemaining && (type != Type.FIXED || duration != CouponDuration.ONCE)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "coupons[" + id + "].carry_remaining", true,
          "false for a " + (type == Type.FIXED ? "fixed-amount coupon of duration " + duration
              : "percentage coupon") + ": the rest is carried for a fixed-amount coupon of duration once only"
              + " (Lago keeps amount_cents_remaining for frequency once)");
    }
  }

  /**
   * Validates a coupon that does not carry its rest ({@code carry_remaining: false}).
   *
   * @param id see the record component
   * @param type see the record component
   * @param percentOff see the record component
   * @param amountOff see the record component
   * @param duration see the record component
   * @param chargeScope see the record component
   * @throws BillingException as the canonical constructor does
   */
  public Coupon(String id, Type type, Optional<BigDecimal> percentOff, Optional<Money> amountOff,
      CouponDuration duration, Set<String> chargeScope) {
    this(id, type, percentOff, amountOff, duration, chargeScope, false);
  }

  /**
   * Returns a copy that carries what an invoice cannot use to the next invoices, or drops it.
   *
   * @param carry true to carry the rest (Lago), false to drop it (Stripe)
   * @return the coupon, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if {@code carry} is true and
   *     the coupon is not a fixed-amount coupon of duration once
   */
  public Coupon withCarryRemaining(boolean carry) {
    return new Coupon(id, type, percentOff, amountOff, duration, chargeScope, carry);
  }

  /**
   * Returns a copy with another amount off (the rest of a carried coupon for the next invoice).
   *
   * @param amount the positive amount, not null
   * @return the coupon, never null
   * @throws BillingException as the constructor does, such as for a percentage coupon
   */
  public Coupon withAmountOff(Money amount) {
    return new Coupon(id, type, percentOff, Optional.ofNullable(amount), duration, chargeScope, carryRemaining);
  }

  /**
   * Obtains a percentage coupon for every charge.
   *
   * @param id the id, not blank
   * @param percent the rate in percent, above 0, at most 100
   * @param duration the duration, not null
   * @return the coupon, never null
   * @throws BillingException as for the constructor
   */
  public static Coupon percentage(String id, BigDecimal percent, CouponDuration duration) {
    return new Coupon(id, Type.PERCENTAGE, Optional.ofNullable(percent), Optional.empty(), duration, Set.of());
  }

  /**
   * Obtains a fixed-amount coupon for every charge.
   *
   * @param id the id, not blank
   * @param amount the positive amount off per period, not null
   * @param duration the duration, not null
   * @return the coupon, never null
   * @throws BillingException as for the constructor
   */
  public static Coupon fixed(String id, Money amount, CouponDuration duration) {
    return new Coupon(id, Type.FIXED, Optional.empty(), Optional.ofNullable(amount), duration, Set.of());
  }

  /**
   * Returns a copy with another duration.
   *
   * @param newDuration the duration, not null
   * @return the copy, never null
   * @throws BillingException as the canonical constructor does (for example {@code carry_remaining}
   *     with a duration other than once)
   */
  public Coupon withDuration(CouponDuration newDuration) {
    return new Coupon(id, type, percentOff, amountOff, newDuration, chargeScope, carryRemaining);
  }

  /**
   * Returns a copy limited to some charges.
   *
   * @param chargeCodes the charge codes, not null; empty for every charge
   * @return the coupon, never null
   */
  public Coupon withChargeScope(Set<String> chargeCodes) {
    return new Coupon(id, type, percentOff, amountOff, duration, chargeCodes, carryRemaining);
  }

  /**
   * Returns whether the coupon applies to a charge.
   *
   * @param chargeCode the charge code, not null
   * @return true if the scope is empty or names the charge
   */
  public boolean appliesTo(String chargeCode) {
    return chargeScope.isEmpty() || chargeScope.contains(chargeCode);
  }
}
