package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateProvider;
import dev.billwright.money.Money;
import dev.billwright.tax.DocumentType;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GST for a bill run whose invoices may be billed in a foreign currency, such as an export
 * invoiced in USD ({@link GstTaxCalculator#withExchangeRates}).
 *
 * <p>An INR request is calculated by the {@link GstTaxCalculator} as it is. A foreign-currency
 * invoice follows CGST Rules 2017, Rule 34: the rate from its currency to INR for the date of
 * time of supply ({@link GstInvoice#rateForSupply}, the invoice date) converts each line's
 * taxable value once to INR (HALF_UP to paise), the calculator computes the tax heads on those
 * INR values, per line and head, and each head's INR tax is stated back on the invoice in its
 * currency, {@code round(tax / rate)} once HALF_UP to its minor unit, beside the line's own
 * foreign taxable value. The tax is determined in INR; the invoice's figure is informative, and
 * it is the one {@link GstInvoice#fromForeignCurrency} writes into {@code ValDtls.TotInvValFc},
 * so the invoice total equals the e-invoice's foreign total. The decision is the INR one (place
 * of supply, supply type, endorsements) with a note naming the rate; there is no rupee
 * round-off on a foreign-currency invoice.
 *
 * <p>A foreign-currency credit or debit note is refused here: it adjusts its invoice at that
 * invoice's rate, which a note request does not carry. Bill runs credit the invoice's own tax
 * lines; its GST document is {@link GstInvoice#fromForeignCurrencyNote}. Immutable and
 * thread-safe.
 */
public final class GstForeignCurrencyTax implements TaxCalculator {
  private static final Currency INR = Money.currency("INR");

  private final GstTaxCalculator gst;
  private final ExchangeRateProvider rates;

  /**
   * Creates the calculator.
   *
   * @param gst the GST calculator, not null
   * @param rates the host's exchange rates, not null
   * @throws NullPointerException if an argument is null
   */
  public GstForeignCurrencyTax(GstTaxCalculator gst, ExchangeRateProvider rates) {
    this.gst = Objects.requireNonNull(gst, "gst");
    this.rates = Objects.requireNonNull(rates, "rates");
  }

  /**
   * Calculates GST on a document (see the class comment).
   *
   * @param request the request, not null
   * @return the tax lines in the request's currency, never null
   * @throws BillingException with {@link ErrorCode#EXCHANGE_RATE_MISSING} if there is no rate
   *     for a foreign-currency invoice's date, {@link ErrorCode#INVALID_TAX_DOCUMENT} naming
   *     {@code document_type} for a foreign-currency note, or as
   *     {@link GstTaxCalculator#calculate(TaxRequest)}
   */
  @Override
  public TaxResult calculate(TaxRequest request) {
    Currency currency = request.currency();
    if (currency.equals(INR)) {
      return gst.calculate(request);
    }
    if (request.documentType() != DocumentType.INVOICE) {
      throw GstInvoiceLine.invalid("document_type", request.documentType(),
          "an invoice: a foreign-currency note adjusts its invoice at that invoice's rate"
              + " (GstInvoice.fromForeignCurrencyNote)");
    }
    ExchangeRate rate = GstInvoice.rateForSupply(currency, request.documentDate(), rates);
    TaxResult inr = gst.calculate(GstInvoice.inInr(request, rate, Optional.empty()));
    List<TaxLine> out = new ArrayList<>();
    for (TaxableLine line : request.lines()) {
      for (TaxLine head : inr.linesOf(line.lineId())) {
        out.add(new TaxLine(line.lineId(), head.head(), head.ratePercent(), line.taxableAmount(),
            GstInvoice.fromInr(head.taxAmount(), currency, rate), head.collectible()));
      }
    }
    TaxDecision d = inr.decision();
    List<String> notes = new ArrayList<>(d.notes());
    notes.add("Taxable values and tax determined in INR at " + currency.getCurrencyCode() + "/INR "
        + rate.rate().toPlainString() + " (" + rate.source() + ", published " + rate.publishedAt()
        + ") for the date of supply " + request.documentDate() + " (CGST Rule 34); amounts in "
        + currency.getCurrencyCode() + " are for information");
    return TaxResult.of(currency, out, new TaxDecision(d.placeOfSupply(), d.supplyType(), d.reverseCharge(), notes,
        Optional.empty()));
  }
}
