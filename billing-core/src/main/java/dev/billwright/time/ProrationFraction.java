package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact proration fraction {@code numerator / denominator} between 0 and 1, kept as reduced
 * BigIntegers so that nothing is rounded before the amount it scales (Kill Bill rounds its
 * fractions to 9 decimals first, so 7/31 + 3/31 is not 10/31 there; here it is).
 *
 * <p>Text form {@code n/d}, such as {@code 10/31}; {@link #parse(CharSequence)} reads it back.
 * Equal fractions are equal whatever they were made from ({@code 2/4} is {@code 1/2}). Immutable
 * and thread-safe.
 */
public final class ProrationFraction implements Comparable<ProrationFraction>, Serializable {
  private static final long serialVersionUID = 1L;

  /** Zero: nothing of the period. */
  public static final ProrationFraction ZERO = new ProrationFraction(BigInteger.ZERO, BigInteger.ONE);
  /** One: the whole period. */
  public static final ProrationFraction ONE = new ProrationFraction(BigInteger.ONE, BigInteger.ONE);

  /** The reduced numerator, 0 to denominator. */
  private final BigInteger numerator;
  /** The reduced denominator, positive. */
  private final BigInteger denominator;

  private ProrationFraction(BigInteger numerator, BigInteger denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /**
   * Obtains a fraction, reduced to lowest terms.
   *
   * @param numerator the numerator, not null, from 0 to the denominator
   * @param denominator the denominator, not null, positive
   * @return the fraction, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the denominator is not
   *     positive or the fraction is not between 0 and 1
   */
  public static ProrationFraction of(BigInteger numerator, BigInteger denominator) {
    Required.nonNull(numerator, "numerator");
    Required.nonNull(denominator, "denominator");
    if (denominator.signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "denominator", denominator,
          "a positive integer");
    }
    if (numerator.signum() < 0 || numerator.compareTo(denominator) > 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "numerator", numerator,
          "an integer from 0 to the denominator " + denominator + " (a fraction from 0 to 1)");
    }
    BigInteger gcd = numerator.gcd(denominator);
    return new ProrationFraction(numerator.divide(gcd), denominator.divide(gcd));
  }

  /**
   * Obtains a fraction from longs, reduced to lowest terms.
   *
   * @param numerator the numerator, from 0 to the denominator
   * @param denominator the denominator, positive
   * @return the fraction, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if out of range
   */
  public static ProrationFraction of(long numerator, long denominator) {
    return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  /**
   * Parses {@code n/d} (decimal integers, no spaces), as written by {@link #toString()}.
   *
   * @param text the text, not null
   * @return the fraction, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if malformed or out of range
   */
  public static ProrationFraction parse(CharSequence text) {
    Required.nonNull(text, "text");
    String s = text.toString();
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1 || s.length() > 2000
        || !s.substring(0, slash).chars().allMatch(Character::isDigit)
        || !s.substring(slash + 1).chars().allMatch(Character::isDigit)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "fraction", s,
          "n/d with digits only, such as 10/31");
    }
    return of(new BigInteger(s.substring(0, slash)), new BigInteger(s.substring(slash + 1)));
  }

  /**
   * Returns the reduced numerator.
   *
   * @return the numerator, from 0 to the denominator
   */
  public BigInteger numerator() {
    return numerator;
  }

  /**
   * Returns the reduced denominator.
   *
   * @return the denominator, positive
   */
  public BigInteger denominator() {
    return denominator;
  }

  /**
   * Returns whether this is zero.
   *
   * @return true if zero
   */
  public boolean isZero() {
    return numerator.signum() == 0;
  }

  /**
   * Returns whether this is one.
   *
   * @return true if one
   */
  public boolean isOne() {
    return numerator.equals(denominator);
  }

  /**
   * Scales an amount by this fraction and rounds once, from the exact product, with
   * {@link RoundingPolicy#roundRatio}.
   *
   * @param amount the amount, not null, any sign
   * @param policy the rounding policy, not null
   * @return {@code amount × numerator / denominator} rounded by the policy, never null
   */
  public Money applyTo(Money amount, RoundingPolicy policy) {
    Required.nonNull(amount, "amount");
    return Required.nonNull(policy, "policy").roundRatio(amount, numerator, denominator);
  }

  /**
   * Returns the fraction as a decimal, for display or comparison; never use the result to compute
   * amounts (use {@link #applyTo}).
   *
   * @param context the precision and rounding of the division, not null
   * @return the decimal, never null
   * @throws ArithmeticException if the context is unlimited and the decimal does not terminate
   */
  public BigDecimal toBigDecimal(MathContext context) {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), context);
  }

  /**
   * Compares by value.
   *
   * @param other the other fraction, not null
   * @return the comparison
   */
  @Override
  public int compareTo(ProrationFraction other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
  }

  @Override
  public boolean equals(Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof ProrationFraction)) {
      return false;
    }
    ProrationFraction o = (ProrationFraction) obj;
    return numerator.equals(o.numerator) && denominator.equals(o.denominator);
  }

  @Override
  public int hashCode() {
    return numerator.hashCode() * 31 + denominator.hashCode();
  }

  /**
   * Returns {@code n/d} in lowest terms, such as {@code 10/31} ({@code 0/1} and {@code 1/1} for
   * zero and one).
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
