package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateProvider;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.util.Currency;
import java.util.Objects;

/**
 * An invoice's totals restated in the host's reporting currency, for revenue reports: each total
 * is the invoice's own total times one named rate (the rate in effect at the invoice's issue
 * instant), rounded once through the rounding policy. The invoice itself is not changed: its
 * document amounts stay in the invoice currency. An invoice already in the reporting currency is
 * restated as it is, without a rate lookup ({@link #rate()} empty).
 *
 * <p>Because each total is converted on its own, {@code subtotal − discount + tax} in the
 * reporting currency may differ from the converted {@code total} by one minor unit; reports that
 * need additivity sum the converted figures they use.
 *
 * @param invoiceId the invoice's id, not blank
 * @param rate the rate used, from the invoice currency to the reporting currency; empty when the
 *     invoice is in the reporting currency; not null
 * @param subtotal the subtotal in the reporting currency, not null
 * @param discountTotal the discount total in the reporting currency, not null
 * @param totalTax the tax in the reporting currency, not null
 * @param total the total in the reporting currency, not null
 */
public record ReportingTotals(String invoiceId, java.util.Optional<ExchangeRate> rate, Money subtotal, Money discountTotal, Money totalTax,
    Money total) {
  /**
   * Validates the components.
   *
   * @param invoiceId the invoice's id
   * @param rate the rate
   * @param subtotal the subtotal
   * @param discountTotal the discount total
   * @param totalTax the tax
   * @param total the total
   * @throws NullPointerException if a component is null
   * @throws BillingException with {@link ErrorCode#CURRENCY_MISMATCH} if the figures are not all
   *     in one currency or the rate does not convert to it
   */
  public ReportingTotals {
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(subtotal, "subtotal");
    Objects.requireNonNull(discountTotal, "discountTotal");
    Objects.requireNonNull(totalTax, "totalTax");
    Objects.requireNonNull(total, "total");
    Currency reporting = total.currency();
    for (Money m : new Money[] {subtotal, discountTotal, totalTax}) {
      if (!m.currency().equals(reporting)) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "reporting_totals", m,
            "an amount in the reporting currency " + reporting.getCurrencyCode());
      }
    }
    if (rate.isPresent() && !rate.get().to().equals(reporting)) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "reporting_totals.rate.to",
          rate.get().to().getCurrencyCode(), "the reporting currency " + reporting.getCurrencyCode());
    }
  }

  /**
   * Returns the same totals for an invoice under another id (a draft renumbered as a revision).
   *
   * @param id the invoice's new id, not blank
   * @return the totals, never null
   */
  public ReportingTotals withInvoiceId(String id) {
    return new ReportingTotals(id, rate, subtotal, discountTotal, totalTax, total);
  }

  /**
   * Returns the reporting currency, that of every figure.
   *
   * @return the currency, never null
   */
  public Currency currency() {
    return total.currency();
  }

  /**
   * Restates an invoice's totals in a reporting currency at the rate in effect at its issue
   * instant.
   *
   * @param invoice the invoice, not null
   * @param reporting the reporting currency, not null
   * @param rates the host's rate source, not null
   * @param rounding how each restated total is rounded (in the reporting currency), not null
   * @return the restated totals, never null
   * @throws BillingException with {@link ErrorCode#EXCHANGE_RATE_MISSING} if the provider has no
   *     rate from the invoice currency to the reporting currency at the issue instant
   */
  public static ReportingTotals of(Invoice invoice, Currency reporting, ExchangeRateProvider rates,
      RoundingPolicy rounding) {
    Currency from = invoice.currency();
    InvoiceTotals t = invoice.totals();
    if (from.equals(reporting)) {
      return new ReportingTotals(invoice.id(), java.util.Optional.empty(), t.subtotal(), t.discountTotal(), t.totalTax(), t.total());
    }
    ExchangeRate rate = rates.quote(from, reporting, invoice.issuedAt()).orElseThrow(() -> BillingException.invalid(
        ErrorCode.EXCHANGE_RATE_MISSING, "invoices[" + invoice.id() + "].reporting_rate",
        from.getCurrencyCode() + "/" + reporting.getCurrencyCode(),
        "a rate known to the exchange-rate provider at the invoice's issue instant " + invoice.issuedAt()));
    return new ReportingTotals(invoice.id(), java.util.Optional.of(rate), rounding.round(rate.applyExact(t.subtotal())),
        rounding.round(rate.applyExact(t.discountTotal())), rounding.round(rate.applyExact(t.totalTax())),
        rounding.round(rate.applyExact(t.total())));
  }
}
