package dev.billwright.memory;

import dev.billwright.money.Decimals;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateProvider;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory {@link ExchangeRateProvider} for tests and examples: rates put in with
 * {@link #with(Currency, Currency, BigDecimal)} hold at every instant; rates put in with
 * {@link #published(Currency, Currency, BigDecimal, Instant)} hold from their publication instant
 * until a later one of the same pair (the rate at an instant is the latest published at or before
 * it, so a rate published after an invoice never changes that invoice). Only the rates put in are
 * known; inverses are not derived (a published USD/INR rate does not give the INR/USD rate a
 * treasury uses). Thread-safe.
 */
public final class FixedExchangeRates implements ExchangeRateProvider {
  private final Map<String, NavigableMap<Instant, BigDecimal>> rates = new ConcurrentHashMap<>();
  private final String source;

  /** Creates a provider with no rates, whose rates name the source {@code fixed}. */
  public FixedExchangeRates() {
    this("fixed");
  }

  /**
   * Creates a provider with no rates.
   *
   * @param source the source its rates name ({@link ExchangeRate#source()}), not blank
   * @throws IllegalArgumentException if the source is blank
   */
  public FixedExchangeRates(String source) {
    if (source.isBlank()) {
      throw new IllegalArgumentException("source is blank");
    }
    this.source = source;
  }

  /**
   * Sets a rate that holds at every instant (published at {@link Instant#MIN}).
   *
   * @param from the currency converted from, not null
   * @param to the currency converted to, not null
   * @param rate units of {@code to} per unit of {@code from}, positive
   * @return this provider
   * @throws dev.billwright.error.BillingException if the rate is out of bounds
   */
  public FixedExchangeRates with(Currency from, Currency to, BigDecimal rate) {
    return published(from, to, rate, Instant.MIN);
  }

  /**
   * Publishes a rate that holds from an instant until the next one published for the pair.
   *
   * @param from the currency converted from, not null
   * @param to the currency converted to, not null
   * @param rate units of {@code to} per unit of {@code from}, positive
   * @param at the publication instant, not null
   * @return this provider
   * @throws dev.billwright.error.BillingException if the rate is out of bounds
   */
  public FixedExchangeRates published(Currency from, Currency to, BigDecimal rate, Instant at) {
    rates.computeIfAbsent(from.getCurrencyCode() + to.getCurrencyCode(), k -> new ConcurrentSkipListMap<>())
        .put(at, Decimals.checkBounds(rate, "rate"));
    return this;
  }

  @Override
  public Optional<BigDecimal> rate(Currency from, Currency to, Instant at) {
    return entry(from, to, at).map(Map.Entry::getValue);
  }

  /**
   * Returns the latest rate published at or before the instant, with this provider's source and
   * its publication instant (the instant asked for, for a rate that holds at every instant).
   *
   * @param from the currency converted from, not null
   * @param to the currency converted to, not null
   * @param at the instant the rate applies to, not null
   * @return the rate, or empty if none is published by then
   */
  @Override
  public Optional<ExchangeRate> quote(Currency from, Currency to, Instant at) {
    return entry(from, to, at).map(e -> new ExchangeRate(from, to, e.getValue(), source,
        e.getKey().equals(Instant.MIN) ? at : e.getKey()));
  }

  /**
   * Returns every rate published, in publication order per pair, as {@code from, to, rate, at}.
   *
   * @return the rates, never null
   */
  public List<ExchangeRate> all() {
    return rates.entrySet().stream().flatMap(pair -> pair.getValue().entrySet().stream()
        .map(e -> new ExchangeRate(Currency.getInstance(pair.getKey().substring(0, 3)),
            Currency.getInstance(pair.getKey().substring(3)), e.getValue(), source, e.getKey()))).toList();
  }

  private Optional<Map.Entry<Instant, BigDecimal>> entry(Currency from, Currency to, Instant at) {
    NavigableMap<Instant, BigDecimal> pair = rates.get(from.getCurrencyCode() + to.getCurrencyCode());
    return pair == null ? Optional.empty() : Optional.ofNullable(pair.floorEntry(at));
  }
}
