package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An exact amount of money in one currency.
 *
 * <p>The amount is an exact {@link BigDecimal} in major units ({@code INR 1.50} is one rupee and
 * fifty paise). Arithmetic never rounds: {@code plus}, {@code minus}, {@code multipliedBy} and
 * {@code negated} are exact, and rounding happens only through a {@link RoundingPolicy} at a
 * named step (line, tax head, invoice total). Combining two currencies throws.
 *
 * <p>The amount is kept in a canonical form: trailing zeros removed, but never fewer decimals
 * than the currency's minor units. So {@code INR 1180} and {@code INR 1180.000} are the same
 * value, printed {@code INR 1180.00}, and {@link #equals} agrees with {@link #compareTo}.
 * {@link #parse(String)} reads what {@link #toString()} writes.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Money implements Comparable<Money>, Serializable {
  private static final long serialVersionUID = 1L;

  /** The currency. */
  private final Currency currency;
  /** The exact amount in major units, in canonical form. */
  private final BigDecimal amount;

  private Money(Currency currency, BigDecimal amount) {
    this.currency = currency;
    this.amount = amount;
  }

  /**
   * Obtains an amount of money.
   *
   * @param currency the currency, not null
   * @param amount the exact amount in major units, not null; at most 30 integer and 64 decimal
   *     digits (see {@link Decimals})
   * @return the money, never null
   * @throws BillingException if a value is missing or the amount is out of bounds
   */
  public static Money of(Currency currency, BigDecimal amount) {
    if (currency == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field 'currency' is required");
    }
    Decimals.checkBounds(amount, "amount");
    return new Money(currency, Decimals.canonical(amount, minorUnits(currency)));
  }

  /**
   * Obtains an amount of money from an ISO 4217 code and a plain decimal string.
   *
   * @param currencyCode the ISO 4217 code, such as {@code INR}
   * @param amount the amount as a plain decimal, such as {@code "1180.00"}
   * @return the money, never null
   * @throws BillingException if the currency code is unknown or the amount is not a bounded
   *     plain decimal
   */
  public static Money of(String currencyCode, String amount) {
    return of(currency(currencyCode), Decimals.parse(amount, "amount"));
  }

  /**
   * Obtains zero in a currency.
   *
   * @param currency the currency, not null
   * @return zero, with the currency's minor-unit scale, never null
   */
  public static Money zero(Currency currency) {
    if (currency == null) {
      return of(currency, BigDecimal.ZERO); // names the missing field
    }
    Money last = lastZero;
    if (last.currency == currency) { // Currency has one instance per code
      return last;
    }
    Money zero = ZEROS.get(currency);
    if (zero == null) {
      zero = ZEROS.computeIfAbsent(currency, c -> of(c, BigDecimal.ZERO));
    }
    lastZero = zero;
    return zero;
  }

  /** Zero in each currency asked for (an immutable value per currency; a few hundred at most). */
  private static final java.util.concurrent.ConcurrentMap<Currency, Money> ZEROS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The zero handed out last (most programs bill in one currency or a few): a racy but safe
   * cache, since a {@code Money} is immutable with final fields.
   */
  private static volatile Money lastZero = new Money(Currency.getInstance("XXX"), BigDecimal.ZERO);

  /**
   * Parses the form written by {@link #toString()}: an ISO 4217 code, one space and a plain
   * decimal, such as {@code "INR 1180.00"} or {@code "USD -0.005"}.
   *
   * @param text the text, not null
   * @return the money, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the text is not of that
   *     form or names an unknown currency
   */
  public static Money parse(String text) {
    if (text == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field 'money' is required");
    }
    int space = text.indexOf(' ');
    if (space != 3 || text.indexOf(' ', space + 1) >= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "money", text,
          "a currency code, one space and a plain decimal, such as \"INR 1180.00\"");
    }
    return of(currency(text.substring(0, 3)), Decimals.parse(text.substring(4), "money.amount"));
  }

  /**
   * Looks up an ISO 4217 currency, with a clear error for an unknown code.
   *
   * @param currencyCode the three-letter code, such as {@code INR}
   * @return the currency, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the code is unknown
   */
  public static Currency currency(String currencyCode) {
    if (currencyCode == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field 'currency' is required");
    }
    try {
      return Currency.getInstance(currencyCode);
    } catch (IllegalArgumentException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "currency", currencyCode,
          "an ISO 4217 currency code such as INR, USD or EUR");
    }
  }

  /**
   * Returns the number of minor-unit digits of a currency: 2 for INR and USD, 0 for JPY, 3 for
   * BHD and KWD; 0 for currencies without minor units (such as XAU).
   *
   * @param currency the currency, not null
   * @return the digits, at least 0
   */
  public static int minorUnits(Currency currency) {
    return Math.max(currency.getDefaultFractionDigits(), 0);
  }

  /**
   * Sums amounts that share a currency.
   *
   * @param currency the currency of the result and of every amount, not null
   * @param amounts the amounts, not null, may be empty
   * @return the exact sum, zero if empty
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if an amount has
   *     another currency
   */
  public static Money total(Currency currency, Iterable<Money> amounts) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Money m : amounts) {
      if (!m.currency.equals(currency)) {
        throw mismatch("total", currency, m.currency);
      }
      sum = sum.add(m.amount);
    }
    return of(currency, sum);
  }

  /**
   * Returns the currency.
   *
   * @return the currency, never null
   */
  public Currency currency() {
    return currency;
  }

  /**
   * Returns the exact amount in major units, with a scale of at least the currency's minor units.
   *
   * @return the amount, never null
   */
  public BigDecimal amount() {
    return amount;
  }

  /**
   * Adds another amount exactly.
   *
   * @param other the amount to add, in the same currency, not null
   * @return the exact sum, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if currencies differ
   */
  public Money plus(Money other) {
    requireSameCurrency("plus", other);
    return of(currency, amount.add(other.amount));
  }

  /**
   * Subtracts another amount exactly.
   *
   * @param other the amount to subtract, in the same currency, not null
   * @return the exact difference, never null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if currencies differ
   */
  public Money minus(Money other) {
    requireSameCurrency("minus", other);
    return of(currency, amount.subtract(other.amount));
  }

  /**
   * Multiplies by an exact factor (a quantity, a unit count, a rate as a fraction). Never
   * rounds; round the result with a {@link RoundingPolicy} at the step that calls for it.
   *
   * @param factor the factor, not null, within the bounds of {@link Decimals}
   * @return the exact product, never null
   * @throws BillingException if the factor is null or the product is out of bounds
   */
  public Money multipliedBy(BigDecimal factor) {
    Decimals.checkBounds(factor, "factor");
    return of(currency, amount.multiply(factor));
  }

  /**
   * Returns the amount with the opposite sign.
   *
   * @return the negated amount, never null
   */
  public Money negated() {
    return new Money(currency, amount.negate());
  }

  /**
   * Returns the absolute value.
   *
   * @return this amount if not negative, else its negation
   */
  public Money abs() {
    return amount.signum() < 0 ? negated() : this;
  }

  /**
   * Returns the larger of this and another amount.
   *
   * @param other the other amount, same currency, not null
   * @return the larger amount (this if equal)
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if currencies differ
   */
  public Money max(Money other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * Returns the smaller of this and another amount.
   *
   * @param other the other amount, same currency, not null
   * @return the smaller amount (this if equal)
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if currencies differ
   */
  public Money min(Money other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /**
   * Returns whether the amount is zero.
   *
   * @return true if zero
   */
  public boolean isZero() {
    return amount.signum() == 0;
  }

  /**
   * Returns whether the amount is above zero.
   *
   * @return true if positive
   */
  public boolean isPositive() {
    return amount.signum() > 0;
  }

  /**
   * Returns whether the amount is below zero.
   *
   * @return true if negative
   */
  public boolean isNegative() {
    return amount.signum() < 0;
  }

  /**
   * Splits this amount over weights without losing or inventing a minor unit, using the
   * largest-remainder method; see {@link Allocation#allocate(Money, List, RoundingPolicy)}.
   *
   * @param weights the non-negative weights, not all zero, not null
   * @param policy the rounding policy giving the scale of the parts, not null
   * @return one part per weight, in the same order, summing exactly to this amount
   * @throws BillingException as for {@link Allocation#allocate}
   */
  public List<Money> allocate(List<BigDecimal> weights, RoundingPolicy policy) {
    return Allocation.allocate(this, weights, policy);
  }

  /**
   * Compares amounts of the same currency numerically.
   *
   * @param other the other amount, same currency, not null
   * @return negative, zero or positive as this is less than, equal to or greater than other
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency("compareTo", other);
    return amount.compareTo(other.amount);
  }

  /**
   * Equal when the currency is the same and the amounts are numerically equal
   * ({@code INR 1.5} equals {@code INR 1.50}); consistent with {@link #compareTo}.
   *
   * @param obj the other object, may be null
   * @return true if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    if (this == obj) {
      return true;
    }
    return obj instanceof Money
        && currency.equals(((Money) obj).currency)
        && amount.equals(((Money) obj).amount);
  }

  /**
   * A hash code consistent with {@link #equals}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(currency.getCurrencyCode(), amount);
  }

  /**
   * Returns {@code CODE amount}, such as {@code INR 1180.00}; the amount is a plain decimal with
   * at least the currency's minor-unit digits. {@link #parse(String)} reads it back.
   *
   * @return the text, never null
   */
  @Override
  public String toString() {
    return currency.getCurrencyCode() + ' ' + amount.toPlainString();
  }

  private void requireSameCurrency(String operation, Money other) {
    Objects.requireNonNull(other, "other");
    if (!currency.equals(other.currency)) {
      throw mismatch(operation, currency, other.currency);
    }
  }

  private static BillingException mismatch(String operation, Currency expected, Currency actual) {
    return new BillingException(ErrorCode.CURRENCY_MISMATCH,
        "cannot " + operation + " " + actual.getCurrencyCode() + " with "
            + expected.getCurrencyCode() + ": amounts in different currencies never combine;"
            + " convert one first with an explicit exchange rate");
  }
}
