package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Amounts written the Indian way: in figures with lakh and crore grouping ({@code 1,23,45,678.90})
 * and in words ({@code Rupees One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred
 * Seventy-Eight and Ninety Paise Only}), as CGST Rule 46(i) asks for the total value "in figures
 * and in words".
 *
 * <p>The Indian system groups the last three digits, then pairs: thousand (10³), lakh (10⁵), crore
 * (10⁷); above 99 crore the count of crores is itself written in the same system ({@code One Lakh
 * Crore} is 10¹²). Amounts are never rounded here: an amount with more than two decimals is
 * rejected, since a printed total must be the rounded one.
 */
public final class IndianAmounts {
  private static final String[] ONES = {"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
      "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
  private static final String[] TENS = {"", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty",
      "Ninety"};
  private static final BigInteger CRORE = BigInteger.valueOf(10_000_000);

  private IndianAmounts() {}

  /**
   * Writes a whole number in words, Indian system: {@code 0} is {@code Zero}, {@code 105} is
   * {@code One Hundred Five}, {@code 1234567} is {@code Twelve Lakh Thirty-Four Thousand Five
   * Hundred Sixty-Seven}; tens and ones are joined by a hyphen ({@code Forty-Two}).
   *
   * @param n the number, zero or more, not null
   * @return the words, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if {@code n} is negative
   */
  public static String numberInWords(BigInteger n) {
    if (n == null || n.signum() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "number", n, "a whole number, 0 or more");
    }
    if (n.signum() == 0) {
      return ONES[0];
    }
    StringBuilder b = new StringBuilder();
    words(n, b);
    return b.toString();
  }

  private static void words(BigInteger n, StringBuilder b) {
    if (n.compareTo(CRORE) >= 0) {
      BigInteger[] qr = n.divideAndRemainder(CRORE);
      words(qr[0], b);
      append(b, "Crore");
      n = qr[1];
    }
    int rest = n.intValueExact();
    if (rest >= 100_000) {
      below100(rest / 100_000, b);
      append(b, "Lakh");
      rest %= 100_000;
    }
    if (rest >= 1_000) {
      below100(rest / 1_000, b);
      append(b, "Thousand");
      rest %= 1_000;
    }
    if (rest >= 100) {
      below100(rest / 100, b);
      append(b, "Hundred");
      rest %= 100;
    }
    if (rest > 0) {
      below100(rest, b);
    }
  }

  private static void below100(int n, StringBuilder b) {
    if (n < 20) {
      append(b, ONES[n]);
    } else {
      append(b, n % 10 == 0 ? TENS[n / 10] : TENS[n / 10] + "-" + ONES[n % 10]);
    }
  }

  private static void append(StringBuilder b, String word) {
    if (b.length() > 0) {
      b.append(' ');
    }
    b.append(word);
  }

  /**
   * Writes an INR amount in words: {@code Rupees ... Only}, with {@code and N Paise} when the
   * paise are not zero; a negative amount starts with {@code Minus}. {@code INR 100000.50} is
   * {@code Rupees One Lakh and Fifty Paise Only}.
   *
   * @param amount the amount in INR with at most 2 decimals, not null
   * @return the words, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the currency is not INR or
   *     the amount has more than 2 decimals (round it first, at the invoice-total step)
   */
  public static String inWords(Money amount) {
    if (amount == null || !"INR".equals(amount.currency().getCurrencyCode())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "an INR amount");
    }
    BigDecimal value = amount.amount();
    if (value.stripTrailingZeros().scale() > 2) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "at most 2 decimals (paise)");
    }
    BigDecimal abs = value.abs();
    BigInteger rupees = abs.toBigInteger();
    int paise = abs.subtract(new BigDecimal(rupees)).movePointRight(2).intValueExact();
    StringBuilder b = new StringBuilder(value.signum() < 0 ? "Minus " : "");
    b.append("Rupees ").append(numberInWords(rupees));
    if (paise != 0) {
      b.append(" and ").append(numberInWords(BigInteger.valueOf(paise))).append(" Paise");
    }
    return b.append(" Only").toString();
  }

  /**
   * Writes a decimal in figures with Indian grouping: {@code 12345678.9} with 2 decimals is
   * {@code 12,345,678.90} in the Western system and {@code 1,23,45,678.90} here. The value is
   * shown at {@code decimals} places without rounding.
   *
   * @param value the value, not null; negative values start with {@code -}
   * @param decimals the places to show, 0 to 6
   * @return the figures, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the value has more
   *     decimals than {@code decimals} (showing it would round it) or {@code decimals} is out of
   *     bounds
   */
  public static String figures(BigDecimal value, int decimals) {
    if (value == null || decimals < 0 || decimals > 6) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "value", value, "a decimal and 0 to 6 places");
    }
    BigDecimal shown;
    try {
      shown = value.setScale(decimals, java.math.RoundingMode.UNNECESSARY); // never rounds: throws when inexact
    } catch (ArithmeticException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "value", value, "at most " + decimals + " decimals");
    }
    String plain = shown.abs().toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    StringBuilder b = new StringBuilder();
    int len = whole.length();
    for (int i = 0; i < len; i++) {
      int left = len - i;
      b.append(whole.charAt(i));
      if (left > 1 && (left == 4 || left > 4 && (left - 4) % 2 == 0)) {
        b.append(',');
      }
    }
    if (dot >= 0) {
      b.append(plain, dot, plain.length());
    }
    return (shown.signum() < 0 ? "-" : "") + b;
  }

  /**
   * Writes an amount in figures at 2 decimals with Indian grouping ({@link #figures}).
   *
   * @param amount the amount, not null, at most 2 decimals
   * @return the figures without a currency sign, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if it has more than 2 decimals
   */
  public static String figures(Money amount) {
    return figures(amount.amount(), 2);
  }
}
