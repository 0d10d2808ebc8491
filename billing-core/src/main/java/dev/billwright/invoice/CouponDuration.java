package dev.billwright.invoice;

import dev.billwright.catalog.CouponDurationUnit;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.time.ZoneId;

/**
 * For how many billing periods a coupon applies, as Stripe's coupon {@code duration}
 * ({@code once}, {@code repeating} with {@code duration_in_months}, {@code forever}).
 *
 * @param kind once, repeating or forever, not null
 * @param periods the number of periods: 1 for once, at least 1 for repeating, 0 for forever
 * @param unit what a repeating duration's {@code periods} counts ({@code duration_unit}):
 *     {@link CouponDurationUnit#INVOICES} (the default: invoices discounted) or
 *     {@link CouponDurationUnit#MONTHS} (calendar months from the redemption, Stripe's
 *     {@code duration_in_months}); {@code MONTHS} only for a repeating duration; not null
 */
public record CouponDuration(Kind kind, int periods, CouponDurationUnit unit) {
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
   * A duration counted in invoices ({@link CouponDurationUnit#INVOICES}).
   *
   * @param kind see the record component
   * @param periods see the record component
   * @throws BillingException as the canonical constructor does
   */
  public CouponDuration(Kind kind, int periods) {
    this(kind, periods, CouponDurationUnit.INVOICES);
  }

  /**
   * Validates the duration.
   *
   * @param kind see the record component
   * @param periods see the record component
   * @param unit see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the periods do not match
   *     the kind, or the unit is months for a duration that is not repeating;
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} if the kind or unit is null
   */
  public CouponDuration {
    if (kind == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "duration.kind", null, "once, repeating or forever");
    }
    if (unit == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "duration_unit", null, "invoices or months");
    }
    if (unit == CouponDurationUnit.MONTHS && kind != Kind.REPEATING) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "duration_unit", "months",
          "invoices for a coupon of duration " + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " (months counts a repeating coupon's duration_in_periods)");
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
   * Obtains a repeating duration counted in calendar months from the redemption
   * ({@link CouponDurationUnit#MONTHS}, Stripe's {@code duration_in_months}).
   *
   * @param months the number of months, at least 1
   * @return the duration, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if months is below 1
   */
  public static CouponDuration repeatingMonths(int months) {
    return new CouponDuration(Kind.REPEATING, months, CouponDurationUnit.MONTHS);
  }

  /**
   * Returns whether the coupon still applies after some periods used. A duration counted in
   * months is not limited by the count (every invoice inside its months is discounted, see
   * {@link #appliesAt}), so it answers true.
   *
   * @param periodsUsed the periods already discounted, at least 0
   * @return true if the next period is discounted
   */
  public boolean appliesAfter(int periodsUsed) {
    return kind == Kind.FOREVER || unit == CouponDurationUnit.MONTHS || periodsUsed < periods;
  }

  /**
   * Returns whether an invoice issued at an instant falls inside the duration's calendar window:
   * for {@link CouponDurationUnit#MONTHS}, before the redemption plus {@code periods} months in
   * the zone (a day past a short month's end clamps to it, {@link java.time.ZonedDateTime#plusMonths});
   * every other duration has no calendar window (true).
   *
   * @param redeemedAt when the coupon was redeemed, not null
   * @param issuedAt the instant the invoice is issued for (its boundary), not null
   * @param zone the zone months are counted in (the subscription's), not null
   * @return true if the invoice is inside the window
   */
  public boolean appliesAt(Instant redeemedAt, Instant issuedAt, ZoneId zone) {
    if (unit != CouponDurationUnit.MONTHS) {
      return true;
    }
    return issuedAt.isBefore(redeemedAt.atZone(zone).plusMonths(periods).toInstant());
  }
}
