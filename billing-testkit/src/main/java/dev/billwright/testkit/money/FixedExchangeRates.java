package dev.billwright.testkit.money;

import dev.billwright.money.Decimals;
import dev.billwright.money.ExchangeRateProvider;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link ExchangeRateProvider} with fixed rates (the same at every instant), for
 * tests and examples. Only the rates put in are known; inverses are not derived (a published
 * USD/INR rate does not give the INR/USD rate a treasury uses).
 */
public final class FixedExchangeRates implements ExchangeRateProvider {
  private final Map<String, BigDecimal> rates = new ConcurrentHashMap<>();

  /** Creates a provider with no rates. */
  public FixedExchangeRates() {}

  /**
   * Sets a rate.
   *
   * @param from the currency converted from, not null
   * @param to the currency converted to, not null
   * @param rate units of {@code to} per unit of {@code from}, positive
   * @return this provider
   */
  public FixedExchangeRates with(Currency from, Currency to, BigDecimal rate) {
    rates.put(from.getCurrencyCode() + to.getCurrencyCode(), Decimals.checkBounds(rate, "rate"));
    return this;
  }

  @Override
  public Optional<BigDecimal> rate(Currency from, Currency to, Instant at) {
    return Optional.ofNullable(rates.get(from.getCurrencyCode() + to.getCurrencyCode()));
  }
}
