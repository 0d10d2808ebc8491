package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * Converts between {@link Money} and the whole number of minor units that payment providers
 * take on the wire (Stripe's {@code amount}, Razorpay's {@code amount} in paise): the amount
 * times ten to the currency's exponent. INR 1180.50 is {@code 118050}; JPY 500 is {@code 500}
 * (exponent 0); BHD 1.234 is {@code 1234} (exponent 3).
 *
 * <p>The exponent is the ISO 4217 one ({@link Money#minorUnits(Currency)}), as both Stripe
 * ("zero-decimal currencies", docs: Currencies) and Razorpay ("amount in the smallest currency
 * sub-unit", docs: Orders API) document. Conversion is exact: an amount that is not a whole number
 * of minor units is rejected, never rounded here (round at a named step first).
 */
public final class MinorUnits {
  private MinorUnits() {}

  /**
   * Returns the amount in minor units.
   *
   * @param money the amount, not null
   * @return the whole number of minor units, with the amount's sign
   * @throws BillingException with {@link ErrorCode#AMOUNT_NOT_AT_SCALE} if the amount has more
   *     decimals than the currency's exponent, or {@link ErrorCode#INVALID_VALUE} if it does not
   *     fit a {@code long}
   */
  public static long toMinor(Money money) {
    int exponent = Money.minorUnits(money.currency());
    BigDecimal scaled = money.amount().movePointRight(exponent);
    try {
      return scaled.toBigIntegerExact().longValueExact();
    } catch (ArithmeticException e) {
      if (scaled.stripTrailingZeros().scale() > 0) {
        throw BillingException.invalid(ErrorCode.AMOUNT_NOT_AT_SCALE, "amount", money,
            "a whole number of minor units (" + exponent + " decimals for " + money.currency() + ")");
      }
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", money,
          "an amount of at most " + Long.MAX_VALUE + " minor units");
    }
  }

  /**
   * Returns the money for a number of minor units.
   *
   * @param minor the number of minor units, any sign
   * @param currency the currency, not null
   * @return the amount at the currency's scale, never null
   */
  public static Money fromMinor(long minor, Currency currency) {
    return Money.of(currency, BigDecimal.valueOf(minor, Money.minorUnits(currency)));
  }

  /**
   * Returns the money for a number of minor units given by an ISO currency code, such as a
   * provider's lower-case {@code "inr"}.
   *
   * @param minor the number of minor units
   * @param currencyCode the ISO 4217 code, either case, not null
   * @return the amount, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for an unknown code
   */
  public static Money fromMinor(long minor, String currencyCode) {
    return fromMinor(minor, Money.currency(currencyCode.toUpperCase(java.util.Locale.ROOT)));
  }
}
