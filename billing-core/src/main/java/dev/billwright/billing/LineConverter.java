package dev.billwright.billing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineConversion;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.ExchangeRateProvider;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The conversion step of {@link InvoiceAssembler}: each line priced in a currency other than the
 * invoice's is converted at a dated rate from the {@link ExchangeRateProvider}, its exact amount
 * in the price currency times the rate, rounded once, in the invoice currency, through the plan's
 * rounding policy (the line's rounding step; a line is never rounded twice in the invoice
 * currency). The rate's date follows an {@link ExchangeRateDate} rule:
 * <ul>
 *   <li>{@code invoice_date} (default): the invoice's issue instant;</li>
 *   <li>{@code period_end}: the end of the line's service period, or the issue instant when the
 *       period ends after it (an in-advance fee), so that no rate published after the invoice is
 *       ever asked for;</li>
 *   <li>{@code contract}: the subscription's start, for every invoice (a fixed contract rate).</li>
 * </ul>
 * A missing rate is an error ({@link ErrorCode#EXCHANGE_RATE_MISSING}), never an unconverted
 * amount. Immutable and thread-safe.
 */
final class LineConverter {
  /** No provider: a line priced in another currency is refused. */
  static final LineConverter NONE = new LineConverter(Optional.empty(), ExchangeRateDate.INVOICE_DATE);

  private final Optional<ExchangeRateProvider> rates;
  private final ExchangeRateDate rule;

  LineConverter(Optional<ExchangeRateProvider> rates, ExchangeRateDate rule) {
    this.rates = Objects.requireNonNull(rates, "rates");
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** The rate provider, empty for {@link #NONE}. */
  Optional<ExchangeRateProvider> provider() {
    return rates;
  }

  ExchangeRateDate rule() {
    return rule;
  }

  /** The instant whose rate applies to an amount with a service period on an invoice. */
  Instant rateFor(BillingPeriod servicePeriod, Instant issuedAt, Instant contractStart) {
    return switch (rule) {
      case INVOICE_DATE -> issuedAt;
      case CONTRACT -> contractStart;
      case PERIOD_END -> servicePeriod.end().isAfter(issuedAt) ? issuedAt : servicePeriod.end();
    };
  }

  /** The rate from one currency to another at an instant; an error if the provider has none. */
  ExchangeRate rate(Currency from, Currency to, Instant at, String field) {
    Optional<ExchangeRate> quote = rates.flatMap(p -> p.quote(from, to, at));
    if (quote.isEmpty()) {
      throw BillingException.invalid(ErrorCode.EXCHANGE_RATE_MISSING, field,
          from.getCurrencyCode() + "/" + to.getCurrencyCode(),
          rates.isEmpty() ? "an assembler with an exchange-rate provider (InvoiceAssembler.withExchangeRates): "
              + "the amount is priced in " + from.getCurrencyCode() + " and invoiced in " + to.getCurrencyCode()
              : "a rate known to the exchange-rate provider at " + at + " (rule " + rule.jsonName() + ")");
    }
    ExchangeRate r = quote.get();
    if (!r.from().equals(from) || !r.to().equals(to)) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, field, r.from() + "/" + r.to(),
          "the rate asked for, " + from + "/" + to);
    }
    return r;
  }

  /**
   * Converts a prorated fee line from its exact full-period amount: the line's amount becomes
   * {@code full × rate × fraction} rounded once, in the invoice currency, through the policy
   * ({@link LineConversion#converted}); the price-currency share rounded for the line is only
   * stated, never converted. The rate is the one the rule names for the line's service period.
   *
   * @param line the prorated fee, rated in {@code full}'s currency, whose amount is
   *     {@code round(full × fraction)} by the same policy
   * @param full the fee's exact amount for the full period, in the price currency
   * @param fraction the share of the full period billed, below 1
   */
  InvoiceLine convertProrated(InvoiceLine line, dev.billwright.money.Money full,
      dev.billwright.time.ProrationFraction fraction, Currency to, Instant issuedAt, Instant contractStart,
      RoundingPolicy rounding) {
    Instant at = rateFor(line.servicePeriod(), issuedAt, contractStart);
    ExchangeRate rate = rate(full.currency(), to, at, "lines[" + line.lineId() + "].exchange_rate");
    return line.withConversion(new LineConversion(full, rate, rule, at, Optional.of(fraction)), rounding);
  }

  /**
   * Converts every line not in the invoice currency; lines in it are kept as they are. Runs
   * before discounts and tax: a converted line has no discount and no tax lines yet.
   */
  List<InvoiceLine> convert(List<InvoiceLine> lines, Currency to, Instant issuedAt, Instant contractStart,
      RoundingPolicy rounding) {
    List<InvoiceLine> out = new ArrayList<>(lines.size());
    for (InvoiceLine l : lines) {
      Currency from = l.exactAmount().currency();
      if (from.equals(to)) {
        out.add(l);
        continue;
      }
      Instant at = rateFor(l.servicePeriod(), issuedAt, contractStart);
      ExchangeRate rate = rate(from, to, at, "lines[" + l.lineId() + "].exchange_rate");
      out.add(l.withConversion(new LineConversion(l.exactAmount(), rate, rule, at), rounding));
    }
    return out;
  }
}
