package dev.billwright.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;

/**
 * SPI: exchange rates from the host's source (a treasury feed, a central bank's reference
 * rates, a contract's fixed rate). Billwright never fetches rates itself; amounts in different
 * currencies never combine without an explicit conversion through {@link CurrencyConversion}.
 *
 * <p>A rate is the price of one unit of {@code from} in units of {@code to}: with
 * {@code rate(USD, INR, t) = 83.25}, USD 1.00 converts to INR 83.25. Implementations are
 * thread-safe; an in-memory implementation is {@code dev.billwright.memory.FixedExchangeRates}.
 */
@FunctionalInterface
public interface ExchangeRateProvider {
  /**
   * Returns the rate in effect at an instant.
   *
   * @param from the currency converted from, not null
   * @param to the currency converted to, not null
   * @param at the instant the rate applies to (the invoice date, usually), not null
   * @return the positive rate, exact as published (at most 12 decimals), or empty if unknown
   */
  Optional<BigDecimal> rate(Currency from, Currency to, Instant at);

  /**
   * Returns the rate in effect at an instant with its source and date, as an invoice line states
   * it. The default wraps {@link #rate}: source {@code provider}, dated at {@code at};
   * providers that know when and by whom a rate was published override it.
   *
   * @param from the currency converted from, not null
   * @param to the currency converted to, not null, not {@code from}
   * @param at the instant the rate applies to, not null
   * @return the rate, or empty if unknown
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#INVALID_VALUE} if the provider's rate is not
   *     positive or has more than 12 decimals
   */
  default Optional<ExchangeRate> quote(Currency from, Currency to, Instant at) {
    return rate(from, to, at).map(r -> new ExchangeRate(from, to, r, "provider", at));
  }
}
