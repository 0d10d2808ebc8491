package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.Money;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The foreign-currency side of a GST document billed in a currency other than the rupee: the
 * currency, the rate used to determine the INR values, and each line's value as billed.
 *
 * <p>Rule: CGST Rules 2017, Rule 34 (as substituted by Notification 17/2017-Central Tax of
 * 27 July 2017): the value of taxable goods is determined at the rate of exchange notified by
 * the Board under s.14 of the Customs Act 1962, and the value of taxable services at the rate
 * determined by generally accepted accounting principles, in each case for the date of time of
 * supply (CGST Act s.12, s.13). The rule as first notified named the Reserve Bank of India
 * reference rate on that date. Which published rate applies is the host's choice; this value
 * records the one used ({@link ExchangeRate#source()}, {@link ExchangeRate#publishedAt()}). The
 * e-invoice states the currency in {@code ExpDtls.ForCur}, the buyer's country in
 * {@code ExpDtls.CntCode} (exports only) and the foreign-currency total in
 * {@code ValDtls.TotInvValFc} (FORM GST INV-01 schema 1.1); every other amount is in INR.
 *
 * @param currency the currency the document was billed in, not INR, not null
 * @param countryCode the buyer's ISO 3166-1 alpha-2 country code ({@code CntCode}); required for
 *     an export supply, empty otherwise (the IRP expects it blank for other supply types)
 * @param rate the rate from {@code currency} to INR used for every line, not null
 * @param lineValues each line's taxable value in {@code currency}, in the order of the
 *     document's lines, rounded to the currency's minor unit, not negative
 * @param lineTotals each line's total (taxable value plus tax) in {@code currency}, same order
 * @param totalValue the document's total in {@code currency} ({@code TotInvValFc}): the sum of
 *     {@code lineTotals}
 */
public record GstForeignCurrency(
    Currency currency,
    Optional<String> countryCode,
    ExchangeRate rate,
    List<Money> lineValues,
    List<Money> lineTotals,
    Money totalValue) {

  private static final Currency INR = Money.currency("INR");

  /**
   * Validates the values.
   *
   * @param currency see the record component
   * @param countryCode see the record component
   * @param rate see the record component
   * @param lineValues see the record component
   * @param lineTotals see the record component
   * @param totalValue see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} naming the field if a
   *     component is null, the currency is INR, the rate is not from the currency to INR, the
   *     country code is not two upper-case letters, the lists differ in size or currency, or the
   *     total is not the sum of the line totals
   */
  public GstForeignCurrency {
    if (currency == null || countryCode == null || rate == null || lineValues == null || lineTotals == null
        || totalValue == null) {
      throw GstInvoiceLine.invalid("foreign_currency.*", null, "all components not null");
    }
    if (currency.equals(INR)) {
      throw GstInvoiceLine.invalid("foreign_currency.currency", "INR", "a currency other than INR");
    }
    if (!rate.from().equals(currency) || !rate.to().equals(INR)) {
      throw GstInvoiceLine.invalid("foreign_currency.rate", rate.from() + "/" + rate.to(),
          "a rate from " + currency.getCurrencyCode() + " to INR");
    }
    countryCode.ifPresent(c -> {
      if (!c.matches("[A-Z]{2}")) {
        throw GstInvoiceLine.invalid("foreign_currency.country_code", c, "an ISO 3166-1 alpha-2 code such as US");
      }
    });
    lineValues = List.copyOf(lineValues);
    lineTotals = List.copyOf(lineTotals);
    if (lineValues.size() != lineTotals.size()) {
      throw GstInvoiceLine.invalid("foreign_currency.line_totals", lineTotals.size(),
          lineValues.size() + " line totals, one per line");
    }
    Money sum = Money.zero(currency);
    for (int i = 0; i < lineValues.size(); i++) {
      Money value = lineValues.get(i);
      Money total = lineTotals.get(i);
      if (!value.currency().equals(currency) || !total.currency().equals(currency) || value.amount().signum() < 0
          || total.compareTo(value) < 0) {
        throw GstInvoiceLine.invalid("foreign_currency.lines[" + (i + 1) + "]", value + "/" + total,
            "a value and a total not below it, in " + currency.getCurrencyCode());
      }
      sum = sum.plus(total);
    }
    if (sum.compareTo(totalValue) != 0) {
      throw GstInvoiceLine.invalid("foreign_currency.total_value", totalValue, "the sum of the line totals " + sum);
    }
  }
}
