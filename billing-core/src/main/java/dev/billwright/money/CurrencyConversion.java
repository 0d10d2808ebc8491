package dev.billwright.money;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * Converts money between currencies at a rate from an {@link ExchangeRateProvider}, rounding
 * once through a {@link RoundingPolicy} (a named step: "conversion"). Converting to the same
 * currency returns the amount unchanged. Stateless and thread-safe.
 *
 * @param rates the rate source, not null
 * @param rounding how converted amounts are rounded, not null
 */
public record CurrencyConversion(ExchangeRateProvider rates, RoundingPolicy rounding) {
  /**
   * Validates the components.
   *
   * @param rates the rate source
   * @param rounding the rounding policy
   * @throws NullPointerException if a component is null
   */
  public CurrencyConversion {
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(rounding, "rounding");
  }

  /**
   * Converts an amount.
   *
   * @param amount the amount, not null
   * @param to the target currency, not null
   * @param at the instant whose rate applies, not null
   * @return the converted amount, rounded by the policy in the target currency, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the provider has no rate,
   *     or a rate that is not positive or has more than 12 decimals
   */
  public Money convert(Money amount, Currency to, Instant at) {
    if (amount.currency().equals(to)) {
      return amount;
    }
    BigDecimal rate = rates.rate(amount.currency(), to, at).orElseThrow(() -> BillingException.invalid(
        ErrorCode.INVALID_VALUE, "exchange_rate", amount.currency().getCurrencyCode() + "/" + to.getCurrencyCode(),
        "a rate known to the exchange-rate provider at " + at));
    Decimals.checkBounds(rate, "exchange_rate");
    if (rate.signum() <= 0 || rate.stripTrailingZeros().scale() > 12) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "exchange_rate", rate.toPlainString(),
          "a positive rate with at most 12 decimals");
    }
    return rounding.round(Money.of(to, amount.amount().multiply(rate)));
  }
}
