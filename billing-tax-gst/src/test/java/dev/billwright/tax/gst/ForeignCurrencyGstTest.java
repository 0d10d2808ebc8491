package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.ExchangeRateProvider;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxableLine;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * GST on an invoice billed in USD: the INR values at the rate for the date of time of supply
 * (CGST Rules 2017, Rule 34), tax heads per line and per head in INR, and the e-invoice's
 * {@code ExpDtls.ForCur}/{@code CntCode} and {@code ValDtls.TotInvValFc}. The figures are
 * derived by hand from the rule: 1,234.56 × 83.4567 = 103,032.303552 → 103,032.30;
 * 10.05 × 83.4567 = 838.739835 → 838.74; IGST 18 % per line 18,545.814 → 18,545.81 and
 * 150.9732 → 150.97 (sum 18,696.78, whereas 18 % of the summed 103,871.04 would be 18,696.79).
 */
class ForeignCurrencyGstTest {

  static final Currency USD = Money.currency("USD");
  static final Currency INR = Money.currency("INR");
  static final LocalDate DATE = LocalDate.of(2026, 10, 1);
  /** Published at 13:30 IST on the invoice date (RBI reference-rate time). */
  static final Instant PUBLISHED = Instant.parse("2026-10-01T08:00:00Z");
  static final TaxParty US_BUYER = TaxParty.of("Globex Inc", "US");
  static final GstParty BUYER = new GstParty(GstParty.UNREGISTERED, "Globex Inc", "1 Market St", "San Francisco",
      Optional.empty(), GstState.FOREIGN_COUNTRY);

  /** One USD/INR rate in effect from {@link #PUBLISHED}; nothing before it. */
  static final ExchangeRateProvider RATES = new ExchangeRateProvider() {
    @Override
    public Optional<BigDecimal> rate(Currency from, Currency to, Instant at) {
      return quote(from, to, at).map(ExchangeRate::rate);
    }

    @Override
    public Optional<ExchangeRate> quote(Currency from, Currency to, Instant at) {
      if (from.equals(USD) && to.equals(INR) && !at.isBefore(PUBLISHED)) {
        return Optional.of(new ExchangeRate(USD, INR, new BigDecimal("83.4567"), "rbi", PUBLISHED));
      }
      return Optional.empty();
    }
  };

  static TaxRequest usdRequest(TaxParty supplier, LocalDate date) {
    return TaxRequest.invoice(date, USD, supplier, US_BUYER, List.of(
        TaxableLine.of("subscription", "SAC:998315", Money.of("USD", "1234.56")),
        new TaxableLine("api", "SAC:998315", "API calls", new BigDecimal("1005"), Optional.empty(),
            Money.of("USD", "10.05"), Optional.empty())));
  }

  static Money inr(String s) {
    return Money.of("INR", s);
  }

  @Test
  void exportWithPaymentHasInrValuesAndPerLineIgst() {
    GstInvoice doc = GstInvoice.fromForeignCurrency("EXP/26-27/001", EInvoiceTest.SELLER, BUYER,
        usdRequest(EInvoiceTest.SUPPLIER, DATE), GstTaxCalculator.DEFAULT, RATES);
    assertThat(doc.supplyType()).isEqualTo(SupplyType.EXPWP);
    assertThat(doc.lines()).extracting(GstInvoiceLine::taxableValue).containsExactly(inr("103032.30"), inr("838.74"));
    assertThat(doc.lines()).extracting(GstInvoiceLine::igst).containsExactly(inr("18545.81"), inr("150.97"));
    assertThat(doc.igstTotal()).isEqualTo(inr("18696.78"));
    assertThat(doc.taxableTotal()).isEqualTo(inr("103871.04"));
    assertThat(doc.totalValue()).isEqualTo(inr("122567.82"));
    GstForeignCurrency fc = doc.foreignCurrency().orElseThrow();
    assertThat(fc.currency()).isEqualTo(USD);
    assertThat(fc.countryCode()).contains("US");
    assertThat(fc.rate().source()).isEqualTo("rbi");
    assertThat(fc.lineValues()).containsExactly(Money.of("USD", "1234.56"), Money.of("USD", "10.05"));
    // INR tax back at the rate: 18545.81 / 83.4567 = 222.2207… → 222.22; 150.97 / 83.4567 = 1.8090… → 1.81
    assertThat(fc.lineTotals()).containsExactly(Money.of("USD", "1456.78"), Money.of("USD", "11.86"));
    assertThat(fc.totalValue()).isEqualTo(Money.of("USD", "1468.64"));
  }

  @Test
  void exportUnderLutEInvoiceMatchesGolden() throws IOException {
    TaxParty lut = EInvoiceTest.SUPPLIER.withAttribute(GstAttributes.LUT, "true");
    GstInvoice doc = GstInvoice.fromForeignCurrency("EXP/26-27/002", EInvoiceTest.SELLER, BUYER,
        usdRequest(lut, DATE), GstTaxCalculator.DEFAULT, RATES);
    assertThat(doc.supplyType()).isEqualTo(SupplyType.EXPWOP);
    assertThat(doc.igstTotal()).isEqualTo(inr("0.00"));
    ObjectNode json = EInvoiceMapper.toJson(doc);
    assertThat(json.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    assertThat(json.at("/ExpDtls/CntCode").asText()).isEqualTo("US");
    assertThat(json.at("/ValDtls/AssVal").decimalValue()).isEqualByComparingTo("103871.04");
    assertThat(json.at("/ValDtls/TotInvVal").decimalValue()).isEqualByComparingTo("103871.04");
    assertThat(json.at("/ValDtls/TotInvValFc").decimalValue()).isEqualByComparingTo("1244.61");
    assertThat(Json.write(json).strip()).isEqualTo(golden("einvoice-expwop-usd.json", json).strip());
  }

  @Test
  void exportWithPaymentEInvoiceMatchesGolden() throws IOException {
    GstInvoice doc = GstInvoice.fromForeignCurrency("EXP/26-27/001", EInvoiceTest.SELLER, BUYER,
        usdRequest(EInvoiceTest.SUPPLIER, DATE), GstTaxCalculator.DEFAULT, RATES);
    ObjectNode json = EInvoiceMapper.toJson(doc);
    assertThat(json.at("/ItemList/0/IgstAmt").decimalValue()).isEqualByComparingTo("18545.81");
    assertThat(json.at("/ItemList/1/IgstAmt").decimalValue()).isEqualByComparingTo("150.97");
    assertThat(json.at("/ValDtls/IgstVal").decimalValue()).isEqualByComparingTo("18696.78");
    assertThat(json.at("/ValDtls/TotInvValFc").decimalValue()).isEqualByComparingTo("1468.64");
    assertThat(Json.write(json).strip()).isEqualTo(golden("einvoice-expwp-usd.json", json).strip());
  }

  /** A rate published on the day before is in effect; the rate of the invoice date is asked for at its end (IST). */
  @Test
  void rateIsAskedForAtTheEndOfTheInvoiceDateInIndia() {
    assertThat(GstInvoice.rateInstant(DATE)).isEqualTo(Instant.parse("2026-10-01T18:29:59.999Z"));
  }

  @Test
  void missingRateIsAnErrorNeverZeroOrUnconverted() {
    LocalDate before = LocalDate.of(2026, 9, 30);
    assertThatThrownBy(() -> GstInvoice.fromForeignCurrency("EXP/1", EInvoiceTest.SELLER, BUYER,
        usdRequest(EInvoiceTest.SUPPLIER, before), GstTaxCalculator.DEFAULT, RATES))
        .isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.EXCHANGE_RATE_MISSING);
          assertThat(e.getMessage()).contains("exchange_rate", "USD/INR", "2026-09-30", "Rule 34");
        });
  }

  @Test
  void inconsistentForeignValuesAreRefused() {
    GstInvoice doc = GstInvoice.fromForeignCurrency("EXP/1", EInvoiceTest.SELLER, BUYER,
        usdRequest(EInvoiceTest.SUPPLIER, DATE), GstTaxCalculator.DEFAULT, RATES);
    GstForeignCurrency fc = doc.foreignCurrency().orElseThrow();
    GstForeignCurrency wrong = new GstForeignCurrency(USD, Optional.of("US"), fc.rate(),
        List.of(Money.of("USD", "1234.57"), Money.of("USD", "10.05")),
        List.of(Money.of("USD", "1456.79"), Money.of("USD", "11.86")), Money.of("USD", "1468.65"));
    assertThatThrownBy(() -> doc.withForeignCurrency(wrong)).hasMessageContaining("lines[1].taxable_value")
        .hasMessageContaining("Rule 34");
    GstForeignCurrency noCountry = new GstForeignCurrency(USD, Optional.empty(), fc.rate(), fc.lineValues(),
        fc.lineTotals(), fc.totalValue());
    assertThatThrownBy(() -> doc.withForeignCurrency(noCountry)).hasMessageContaining("country_code");
    assertThatThrownBy(() -> GstInvoice.fromForeignCurrency("EXP/1", EInvoiceTest.SELLER, BUYER,
        TaxRequest.invoice(DATE, INR, EInvoiceTest.SUPPLIER, US_BUYER,
            List.of(TaxableLine.of("a", "SAC:998315", inr("1.00")))), GstTaxCalculator.DEFAULT, RATES))
        .hasMessageContaining("currency");
  }

  // ------------------------------------------------------------------ bill-run calculator

  /**
   * {@link GstForeignCurrencyTax} states the INR tax back in USD on the invoice's own lines:
   * IGST 18,545.81 / 83.4567 = 222.2207… → USD 222.22 and 150.97 / 83.4567 = 1.8089… → 1.81, each
   * beside its USD taxable value; the same figures {@code fromForeignCurrency} writes into
   * {@code TotInvValFc} (1,234.56 + 222.22 + 10.05 + 1.81 = 1,468.64). An INR request is the plain
   * calculator's; a foreign-currency note is refused; a missing rate is an error.
   */
  @Test
  void theBillRunCalculatorStatesTheInrTaxInTheInvoiceCurrency() {
    GstForeignCurrencyTax tax = GstTaxCalculator.DEFAULT.withExchangeRates(RATES);
    dev.billwright.tax.TaxResult r = tax.calculate(usdRequest(EInvoiceTest.SUPPLIER, DATE));
    assertThat(r.currency()).isEqualTo(USD);
    assertThat(r.lines()).extracting(dev.billwright.tax.TaxLine::head).containsOnly(GstTaxCalculator.IGST);
    assertThat(r.linesOf("subscription").get(0).taxableAmount()).isEqualTo(Money.of("USD", "1234.56"));
    assertThat(r.linesOf("subscription").get(0).taxAmount()).isEqualTo(Money.of("USD", "222.22"));
    assertThat(r.linesOf("api").get(0).taxAmount()).isEqualTo(Money.of("USD", "1.81"));
    assertThat(r.collectibleTax()).isEqualTo(Money.of("USD", "224.03"));
    assertThat(r.decision().supplyType()).contains("EXPWP");
    assertThat(r.decision().notes()).anySatisfy(n -> assertThat(n).contains("USD/INR 83.4567", "Rule 34"));
    GstInvoice doc = GstInvoice.fromForeignCurrency("EXP/26-27/001", EInvoiceTest.SELLER, BUYER,
        usdRequest(EInvoiceTest.SUPPLIER, DATE), GstTaxCalculator.DEFAULT, RATES);
    assertThat(doc.foreignCurrency().orElseThrow().totalValue())
        .isEqualTo(Money.of("USD", "1244.61").plus(r.collectibleTax()));
    TaxRequest inr = TaxRequest.invoice(DATE, INR, EInvoiceTest.SUPPLIER, EInvoiceTest.CUSTOMER,
        List.of(TaxableLine.of("a", "SAC:998315", inr("100.00"))));
    assertThat(tax.calculate(inr)).isEqualTo(GstTaxCalculator.DEFAULT.calculate(inr));
    assertThatThrownBy(() -> tax.calculate(TaxRequest.creditNote(DATE, EInvoiceTest.SUPPLIER, US_BUYER,
        List.of(TaxableLine.of("api", "SAC:998315", Money.of("USD", "10.05"))), r)))
        .hasMessageContaining("document_type").hasMessageContaining("fromForeignCurrencyNote");
    assertThatThrownBy(() -> tax.calculate(usdRequest(EInvoiceTest.SUPPLIER, LocalDate.of(2026, 9, 30))))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.EXCHANGE_RATE_MISSING));
  }

  // ------------------------------------------------------------------ credit and debit notes

  /**
   * A credit note of the USD export, at the original invoice's rate (83.4567), whatever the rate
   * on the note's date: the API line credited in full (USD 10.05 → INR 838.74, its original IGST
   * 150.97) and USD 234.56 of the subscription line (234.56 × 83.4567 = 19,575.6035… → INR
   * 19,575.60; IGST 18 % = 3,523.608 → 3,523.61). Foreign totals: 10.05 + 150.97 / 83.4567
   * (1.81) = 11.86 and 234.56 + 3,523.61 / 83.4567 (42.22) = 276.78, TotInvValFc 288.64. The
   * e-invoice is a CRN with ForCur USD, CntCode US, and the original as the preceding document.
   */
  @Test
  void aForeignCurrencyCreditNoteUsesTheOriginalRateAndMatchesGolden() throws IOException {
    dev.billwright.tax.TaxResult original = GstTaxCalculator.DEFAULT.withExchangeRates(RATES)
        .calculate(usdRequest(EInvoiceTest.SUPPLIER, DATE));
    GstInvoice invoice = GstInvoice.fromForeignCurrency("EXP/26-27/001", EInvoiceTest.SELLER, BUYER,
        usdRequest(EInvoiceTest.SUPPLIER, DATE), GstTaxCalculator.DEFAULT, RATES);
    TaxRequest note = TaxRequest.creditNote(LocalDate.of(2026, 10, 20), EInvoiceTest.SUPPLIER, US_BUYER, List.of(
        new TaxableLine("api", "SAC:998315", "API calls", new BigDecimal("1005"), Optional.empty(),
            Money.of("USD", "10.05"), Optional.empty()),
        TaxableLine.of("subscription", "SAC:998315", Money.of("USD", "234.56"))), original);
    GstInvoice crn = GstInvoice.fromForeignCurrencyNote(GstDocumentType.CREDIT_NOTE, "CRN/26-27/001",
        EInvoiceTest.SELLER, BUYER, note, GstTaxCalculator.DEFAULT, invoice.foreignCurrency().orElseThrow().rate(),
        List.of(new DocumentReference("EXP/26-27/001", DATE)));
    assertThat(crn.lines()).extracting(GstInvoiceLine::taxableValue).containsExactly(inr("838.74"), inr("19575.60"));
    assertThat(crn.lines()).extracting(GstInvoiceLine::igst).containsExactly(inr("150.97"), inr("3523.61"));
    GstForeignCurrency fc = crn.foreignCurrency().orElseThrow();
    assertThat(fc.lineTotals()).containsExactly(Money.of("USD", "11.86"), Money.of("USD", "276.78"));
    assertThat(fc.totalValue()).isEqualTo(Money.of("USD", "288.64"));
    ObjectNode json = EInvoiceMapper.toJson(crn);
    assertThat(json.at("/DocDtls/Typ").asText()).isEqualTo("CRN");
    assertThat(json.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    assertThat(json.at("/ExpDtls/CntCode").asText()).isEqualTo("US");
    assertThat(json.at("/ValDtls/TotInvValFc").decimalValue()).isEqualTo(new BigDecimal("288.64"));
    assertThat(json.at("/RefDtls/PrecDocDtls/0/InvNo").asText()).isEqualTo("EXP/26-27/001");
    assertThat(EInvoiceValidator.STRICT.violations(json)).isEmpty();
    assertThat(Json.write(json).strip()).isEqualTo(golden("einvoice-crn-expwp-usd.json", json).strip());
  }

  /**
   * A debit note for USD 50.00 more on the subscription line, at the original rate: 50.00 ×
   * 83.4567 = 4,172.835 → INR 4,172.84; IGST 18 % = 751.1112 → 751.11; foreign total 50.00 +
   * 751.11 / 83.4567 (9.00) = 59.00. A type that is not a note, or that differs from the
   * request's, and a rate from another currency are refused.
   */
  @Test
  void aForeignCurrencyDebitNoteUsesTheOriginalRate() {
    dev.billwright.tax.TaxResult original = GstTaxCalculator.DEFAULT.withExchangeRates(RATES)
        .calculate(usdRequest(EInvoiceTest.SUPPLIER, DATE));
    ExchangeRate rate = GstInvoice.rateForSupply(USD, DATE, RATES);
    TaxRequest dbn = new TaxRequest(dev.billwright.tax.DocumentType.DEBIT_NOTE, LocalDate.of(2026, 10, 20), USD,
        EInvoiceTest.SUPPLIER, US_BUYER, List.of(TaxableLine.of("subscription", "SAC:998315", Money.of("USD", "50.00"))),
        Optional.of(original));
    List<DocumentReference> prec = List.of(new DocumentReference("EXP/26-27/001", DATE));
    GstInvoice doc = GstInvoice.fromForeignCurrencyNote(GstDocumentType.DEBIT_NOTE, "DBN/26-27/001",
        EInvoiceTest.SELLER, BUYER, dbn, GstTaxCalculator.DEFAULT, rate, prec);
    assertThat(doc.lines().get(0).taxableValue()).isEqualTo(inr("4172.84"));
    assertThat(doc.lines().get(0).igst()).isEqualTo(inr("751.11"));
    assertThat(doc.foreignCurrency().orElseThrow().totalValue()).isEqualTo(Money.of("USD", "59.00"));
    assertThat(EInvoiceMapper.toJson(doc).at("/DocDtls/Typ").asText()).isEqualTo("DBN");
    assertThatThrownBy(() -> GstInvoice.fromForeignCurrencyNote(GstDocumentType.CREDIT_NOTE, "DBN/26-27/001",
        EInvoiceTest.SELLER, BUYER, dbn, GstTaxCalculator.DEFAULT, rate, prec)).hasMessageContaining("document_type");
    ExchangeRate eur = new ExchangeRate(Money.currency("EUR"), INR, new BigDecimal("97.1"), "rbi", PUBLISHED);
    assertThatThrownBy(() -> GstInvoice.fromForeignCurrencyNote(GstDocumentType.DEBIT_NOTE, "DBN/26-27/001",
        EInvoiceTest.SELLER, BUYER, dbn, GstTaxCalculator.DEFAULT, eur, prec)).hasMessageContaining("exchange_rate");
    assertThatThrownBy(() -> GstInvoice.fromForeignCurrencyNote(GstDocumentType.DEBIT_NOTE, "DBN/26-27/001",
        EInvoiceTest.SELLER, BUYER, dbn, GstTaxCalculator.DEFAULT, rate, List.of()))
        .hasMessageContaining("preceding_documents");
  }

  static final Currency KWD = Money.currency("KWD");

  /** KWD/INR 270.8125 (illustrative) in effect from {@link #PUBLISHED}. */
  static final ExchangeRateProvider KWD_RATES = new ExchangeRateProvider() {
    @Override
    public Optional<BigDecimal> rate(Currency from, Currency to, Instant at) {
      return quote(from, to, at).map(ExchangeRate::rate);
    }

    @Override
    public Optional<ExchangeRate> quote(Currency from, Currency to, Instant at) {
      return from.equals(KWD) && to.equals(INR) && !at.isBefore(PUBLISHED)
          ? Optional.of(new ExchangeRate(KWD, INR, new BigDecimal("270.8125"), "rbi", PUBLISHED)) : Optional.empty();
    }
  };

  /**
   * An export billed in KWD (3 decimals) keeps its fils in {@code TotInvValFc}: 412.345 × 270.8125
   * = 111,668.1803125 → INR 111,668.18 and 3.009 × 270.8125 = 814.8748125 → 814.87; IGST 18 %
   * per line 20,100.27 and 146.68; back at the rate 20,100.27 / 270.8125 = 74.2222… → KWD 74.222
   * and 146.68 / 270.8125 = 0.54163… → 0.542; TotInvValFc = 412.345 + 74.222 + 3.009 + 0.542
   * = 490.118, three decimals, which the validator accepts for KWD (and would refuse for USD).
   */
  @Test
  void aThreeDecimalCurrencyExportKeepsItsMinorUnitsInTotInvValFc() throws IOException {
    TaxRequest kwd = TaxRequest.invoice(DATE, KWD, EInvoiceTest.SUPPLIER, TaxParty.of("Al Noor Trading", "KW"), List.of(
        TaxableLine.of("subscription", "SAC:998315", Money.of("KWD", "412.345")),
        TaxableLine.of("support", "SAC:998315", Money.of("KWD", "3.009"))));
    GstParty buyer = new GstParty(GstParty.UNREGISTERED, "Al Noor Trading", "Block 3, Sharq", "Kuwait City",
        Optional.empty(), GstState.FOREIGN_COUNTRY);
    GstInvoice doc = GstInvoice.fromForeignCurrency("EXP/26-27/003", EInvoiceTest.SELLER, buyer, kwd,
        GstTaxCalculator.DEFAULT, KWD_RATES);
    assertThat(doc.lines()).extracting(GstInvoiceLine::taxableValue).containsExactly(inr("111668.18"), inr("814.87"));
    assertThat(doc.lines()).extracting(GstInvoiceLine::igst).containsExactly(inr("20100.27"), inr("146.68"));
    assertThat(doc.foreignCurrency().orElseThrow().totalValue()).isEqualTo(Money.of("KWD", "490.118"));
    ObjectNode json = EInvoiceMapper.toJson(doc);
    assertThat(json.at("/ValDtls/TotInvValFc").decimalValue()).isEqualTo(new BigDecimal("490.118"));
    assertThat(json.at("/ExpDtls/ForCur").asText()).isEqualTo("KWD");
    assertThat(json.at("/ExpDtls/CntCode").asText()).isEqualTo("KW");
    assertThat(EInvoiceValidator.STRICT.violations(json)).isEmpty();
    assertThat(Json.write(json).strip()).isEqualTo(golden("einvoice-expwp-kwd.json", json).strip());
    // three decimals are the currency's: the same figure under ForCur USD is refused
    ObjectNode asUsd = json.deepCopy();
    ((ObjectNode) asUsd.get("ExpDtls")).put("ForCur", "USD");
    assertThat(EInvoiceValidator.STRICT.violations(asUsd)).anySatisfy(v -> assertThat(v).contains("TotInvValFc"));
  }

  /** Reads a golden file; with {@code -Dgolden.update=true} first writes it from {@code actual} (review the diff). */
  static String golden(String name, ObjectNode actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/golden", name),
          Json.write(actual) + "\n", StandardCharsets.UTF_8);
      return Json.write(actual);
    }
    try (InputStream in = ForeignCurrencyGstTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("missing golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
