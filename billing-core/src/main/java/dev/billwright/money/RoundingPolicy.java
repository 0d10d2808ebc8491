package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * How and to what an exact amount is rounded: the only place rounding happens in Billwright.
 *
 * <p>A policy is a rounding mode plus a target: either the currency's minor units (INR and USD
 * to 0.01, JPY to 1, BHD and KWD to 0.001), a fixed scale (for example 0 to round GST grand
 * totals to the rupee), or an increment (for example 0.05 for cash rounding). The default,
 * {@link #DEFAULT}, is the currency's minor units with {@link RoundingMode#HALF_UP}, as Stripe,
 * Lago and the GST rules (CGST Rule 46, "rounded off to the nearest paisa") expect; choose
 * {@link RoundingMode#HALF_EVEN} to match a system that rounds half to even.
 *
 * <p>Immutable and thread-safe.
 */
public final class RoundingPolicy {
  /** Currency minor units, {@link RoundingMode#HALF_UP}. */
  public static final RoundingPolicy DEFAULT = new RoundingPolicy(RoundingMode.HALF_UP, null, null);

  /** The rounding mode. */
  private final RoundingMode mode;
  /** The fixed scale, or null to use the currency's minor units (or the increment). */
  private final Integer scale;
  /** The increment, or null. */
  private final BigDecimal increment;

  private RoundingPolicy(RoundingMode mode, Integer scale, BigDecimal increment) {
    this.mode = mode;
    this.scale = scale;
    this.increment = increment;
  }

  /**
   * Rounds to the currency's minor units with the given mode.
   *
   * @param mode the rounding mode, not null; {@link RoundingMode#UNNECESSARY} makes rounding of
   *     an amount that is not already at scale an error
   * @return the policy, never null
   */
  public static RoundingPolicy ofCurrency(RoundingMode mode) {
    return new RoundingPolicy(Objects.requireNonNull(mode, "mode"), null, null);
  }

  /**
   * Rounds to a fixed number of decimal places, whatever the currency.
   *
   * @param scale the decimal places, 0 to 12 (0 rounds to whole units)
   * @param mode the rounding mode, not null
   * @return the policy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if scale is out of range
   */
  public static RoundingPolicy ofScale(int scale, RoundingMode mode) {
    if (scale < 0 || scale > 12) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "scale", scale, "0 to 12");
    }
    return new RoundingPolicy(Objects.requireNonNull(mode, "mode"), scale, null);
  }

  /**
   * Rounds to a multiple of an increment, such as 0.05 (Swiss cash rounding) or 1 (nearest
   * rupee).
   *
   * @param increment the positive increment, not null
   * @param mode the rounding mode applied to the number of increments, not null
   * @return the policy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if increment is not positive
   */
  public static RoundingPolicy ofIncrement(BigDecimal increment, RoundingMode mode) {
    Decimals.checkBounds(increment, "increment");
    if (increment.signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "increment", increment, "a positive decimal");
    }
    return new RoundingPolicy(Objects.requireNonNull(mode, "mode"), null, increment.stripTrailingZeros());
  }

  /**
   * Returns the rounding mode.
   *
   * @return the mode, never null
   */
  public RoundingMode mode() {
    return mode;
  }

  /**
   * Returns the scale amounts in a currency are rounded to: the fixed scale if set, the
   * increment's scale if an increment is set, else the currency's minor units.
   *
   * @param currency the currency, not null
   * @return the scale, at least 0
   */
  public int scaleFor(Currency currency) {
    if (scale != null) {
      return scale;
    }
    if (increment != null) {
      return Math.max(increment.scale(), 0);
    }
    return Money.minorUnits(currency);
  }

  /**
   * Rounds an exact amount.
   *
   * @param money the exact amount, not null
   * @return the rounded amount, same currency, never null
   * @throws ArithmeticException if the mode is {@link RoundingMode#UNNECESSARY} and rounding is
   *     needed
   */
  public Money round(Money money) {
    return Money.of(money.currency(), round(money.amount(), money.currency()));
  }

  /**
   * Rounds an exact decimal amount in a currency.
   *
   * @param amount the exact amount in major units, not null
   * @param currency the currency that decides the minor units, not null
   * @return the rounded decimal, at {@link #scaleFor(Currency)}, never null
   * @throws ArithmeticException if the mode is {@link RoundingMode#UNNECESSARY} and rounding is
   *     needed
   */
  public BigDecimal round(BigDecimal amount, Currency currency) {
    if (increment != null) {
      BigDecimal steps = amount.divide(increment, 0, mode);
      return steps.multiply(increment).setScale(scaleFor(currency), RoundingMode.UNNECESSARY);
    }
    return amount.setScale(scaleFor(currency), mode);
  }

  /**
   * Rounds {@code money × numerator / denominator} once, from the exact quotient. Use it for
   * proration and shares, so the fraction is never rounded before the amount is.
   *
   * @param money the amount, not null
   * @param numerator the numerator, not null, at least 0
   * @param denominator the denominator, not null, positive
   * @return the rounded share, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the denominator is not
   *     positive or the numerator is negative
   */
  public Money roundRatio(Money money, BigInteger numerator, BigInteger denominator) {
    if (denominator.signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "denominator", denominator, "a positive integer");
    }
    if (numerator.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "numerator", numerator, "zero or more");
    }
    BigDecimal dividend = money.amount().multiply(new BigDecimal(numerator));
    BigDecimal divisor = new BigDecimal(denominator);
    BigDecimal rounded;
    if (increment != null) {
      rounded = dividend.divide(divisor.multiply(increment), 0, mode).multiply(increment)
          .setScale(scaleFor(money.currency()), RoundingMode.UNNECESSARY);
    } else {
      rounded = dividend.divide(divisor, scaleFor(money.currency()), mode);
    }
    return Money.of(money.currency(), rounded);
  }

  /**
   * Returns whether an amount is already exactly at this policy's precision.
   *
   * @param money the amount, not null
   * @return true if {@link #round(Money)} would not change it
   */
  public boolean isRounded(Money money) {
    return round(money.amount(), money.currency()).compareTo(money.amount()) == 0;
  }

  /**
   * Returns the smallest step of this policy in a currency: 0.01 for INR by default.
   *
   * @param currency the currency, not null
   * @return the unit, positive, never null
   */
  public BigDecimal unit(Currency currency) {
    return increment != null ? increment : BigDecimal.ONE.movePointLeft(scaleFor(currency));
  }

  @Override
  public boolean equals(Object obj) {
    if (!(obj instanceof RoundingPolicy)) {
      return false;
    }
    RoundingPolicy other = (RoundingPolicy) obj;
    return mode == other.mode && Objects.equals(scale, other.scale)
        && Objects.equals(increment, other.increment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, scale, increment);
  }

  @Override
  public String toString() {
    String target = scale != null ? "scale " + scale
        : increment != null ? "increment " + increment.toPlainString() : "currency minor units";
    return "RoundingPolicy[" + target + ", " + mode + "]";
  }
}
