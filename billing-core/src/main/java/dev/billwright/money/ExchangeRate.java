package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One published exchange rate: the price of one unit of {@code from} in units of {@code to}, as
 * a source published it at an instant. What an invoice line states when its amount was
 * converted (the rate, its source and its date).
 *
 * @param from the currency converted from, not null
 * @param to the currency converted to, not null, not {@code from}
 * @param rate units of {@code to} per unit of {@code from}: positive, at most 12 decimals, not null
 * @param source who published the rate (a feed name such as {@code ecb}, a contract reference),
 *     not blank
 * @param publishedAt the instant the rate is in effect from (its date), not null
 */
public record ExchangeRate(Currency from, Currency to, BigDecimal rate, String source, Instant publishedAt) {
  /** The most decimals a rate may carry. */
  public static final int MAX_SCALE = 12;

  /**
   * Validates the components.
   *
   * @param from the currency converted from
   * @param to the currency converted to
   * @param rate the rate
   * @param source the source
   * @param publishedAt the publication instant
   * @throws NullPointerException if a component is null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if {@code from} equals
   *     {@code to}, the rate is not positive or has more than 12 decimals, or the source is blank
   */
  public ExchangeRate {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(publishedAt, "publishedAt");
    if (from.equals(to)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "exchange_rate.to", to.getCurrencyCode(),
          "a currency other than from (" + from.getCurrencyCode() + ")");
    }
    Decimals.checkBounds(rate, "exchange_rate.rate");
    if (rate.signum() <= 0 || rate.stripTrailingZeros().scale() > MAX_SCALE) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "exchange_rate.rate", rate.toPlainString(),
          "a positive rate with at most " + MAX_SCALE + " decimals");
    }
    if (source.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "exchange_rate.source", source,
          "the non-blank name of the rate's source");
    }
  }

  /**
   * Converts an exact amount at this rate, without rounding (the caller rounds once, at its
   * named step).
   *
   * @param amount an amount in {@link #from()}, not null
   * @return {@code amount × rate} in {@link #to()}, exact, never null
   * @throws IllegalArgumentException if the amount is not in {@link #from()}
   */
  public Money applyExact(Money amount) {
    if (!amount.currency().equals(from)) {
      throw new IllegalArgumentException("amount " + amount + " is not in " + from.getCurrencyCode());
    }
    return Money.of(to, amount.amount().multiply(rate));
  }
}
