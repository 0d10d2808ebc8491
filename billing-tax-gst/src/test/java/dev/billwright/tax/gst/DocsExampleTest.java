package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example of docs/gst.md, kept identical so the documentation compiles and is true. */
class DocsExampleTest {

  @Test
  void example() {
    // --- docs/gst.md example start
    TaxParty supplier = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");   // Karnataka
    TaxParty customer = TaxParty.of("Buyer Pvt Ltd", "IN").withTaxId("29AABCR1718E1ZL");       // Karnataka
    TaxCalculator gst = GstTaxCalculator.DEFAULT;                  // standard rates, s.12(2), paise HALF_UP

    TaxRequest request = TaxRequest.invoice(LocalDate.of(2026, 10, 31), Money.currency("INR"), supplier, customer,
        List.of(
            TaxableLine.of("subscription", "SAC:998315", Money.of("INR", "25000.00")),
            new TaxableLine("otp", "SAC:998319", "1,025 OTP verifications", new BigDecimal("1.025"), Optional.of("THD"),
                Money.of("INR", "10.25"), Optional.empty())));
    TaxResult tax = gst.calculate(request);
    // CGST 9 % and SGST 9 % per line: 2250.00 + 0.92 each (10.25 × 9 % = 0.9225 → 0.92)
    Money cgst = tax.totalOf("CGST");                               // INR 2250.92

    // Credit note for part of the OTP line: the original rates are reused (CGST Act s.34)
    TaxRequest credit = TaxRequest.creditNote(LocalDate.of(2026, 11, 5), supplier, customer,
        List.of(TaxableLine.of("otp", "SAC:998319", Money.of("INR", "5.00"))), tax);
    TaxResult creditTax = gst.calculate(credit);                    // CGST 0.45, SGST 0.45

    // Tax-invoice data (CGST Rule 46) and the e-invoice JSON (INV-01 schema 1.1), validated
    GstParty seller = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road", "Bengaluru",
        Optional.of("560001"), GstState.KARNATAKA);
    GstParty buyer = new GstParty("29AABCR1718E1ZL", "Buyer Pvt Ltd", "5 Residency Road", "Bengaluru",
        Optional.of("560025"), GstState.KARNATAKA);
    GstInvoice invoice = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(seller).recipient(buyer)
        .placeOfSupply(GstState.KARNATAKA).supplyType(SupplyType.B2B)
        .build(request, tax);
    ObjectNode einvoice = EInvoiceMapper.toJson(invoice);
    String json = Json.write(einvoice);
    // --- docs/gst.md example end

    assertThat(cgst).isEqualTo(Money.of("INR", "2250.92"));
    assertThat(creditTax.totalOf("CGST")).isEqualTo(Money.of("INR", "0.45"));
    assertThat(creditTax.totalOf("SGST")).isEqualTo(Money.of("INR", "0.45"));
    assertThat(einvoice.at("/ValDtls/TotInvVal").decimalValue()).isEqualByComparingTo("29512.09");
    assertThat(json).contains("\"SupTyp\" : \"B2B\"");
    assertThat(einvoice.at("/ItemList/1/UnitPrice").decimalValue()).isEqualByComparingTo("10");
  }

  /** The foreign-currency example of docs/gst.md (Rule 34); the provider stands for the host's. */
  @Test
  void foreignCurrencyExample() {
    dev.billwright.money.ExchangeRateProvider rates = ForeignCurrencyGstTest.RATES;
    GstParty seller = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road", "Bengaluru",
        Optional.of("560001"), GstState.KARNATAKA);
    // --- docs/gst.md foreign-currency example start (after the rates line)
    TaxParty lut = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA")
        .withAttribute(GstAttributes.LUT, "true");          // export under LUT: EXPWOP
    TaxRequest usd = TaxRequest.invoice(LocalDate.of(2026, 10, 1), Money.currency("USD"), lut,
        TaxParty.of("Globex Inc", "US"), List.of(TaxableLine.of("subscription", "SAC:998315", Money.of("USD", "1234.56"))));
    GstParty buyer = new GstParty(GstParty.UNREGISTERED, "Globex Inc", "1 Market St", "San Francisco",
        Optional.empty(), GstState.FOREIGN_COUNTRY);
    GstInvoice exp = GstInvoice.fromForeignCurrency("EXP/26-27/002", seller, buyer, usd, GstTaxCalculator.DEFAULT, rates);
    exp.taxableTotal();                                    // INR 103032.30 (1234.56 × 83.4567 = 103032.303552)
    ObjectNode json = EInvoiceMapper.toJson(exp);          // ExpDtls {ForCur USD, CntCode US}, ValDtls.TotInvValFc 1234.56
    // --- docs/gst.md foreign-currency example end
    assertThat(exp.taxableTotal()).isEqualTo(Money.of("INR", "103032.30"));
    assertThat(json.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    assertThat(json.at("/ExpDtls/CntCode").asText()).isEqualTo("US");
    assertThat(json.at("/ValDtls/TotInvValFc").decimalValue()).isEqualByComparingTo("1234.56");
  }
}
