package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The NIC sample is NIC's "Generate IRN" sample request (einv-apisandbox.nic.in, version 1.03,
 * payload Version 1.1; reproduced in ClearTax's API docs), core sections as published; its GSTINs
 * are NIC sandbox IDs that fail the checksum (gst.md §3.4).
 */
class EInvoiceTest {

  static final LocalDate DATE = LocalDate.of(2026, 10, 1);

  static ObjectNode nicSample() throws IOException {
    try (InputStream in = EInvoiceTest.class.getResourceAsStream("/golden/nic-sample-inv01.json")) {
      return (ObjectNode) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "nic-sample-inv01.json");
    }
  }

  static Money inr(String s) {
    return Money.of("INR", s);
  }

  @Test
  void nicSampleSatisfiesEveryRule() throws IOException {
    assertThat(EInvoiceValidator.STRICT.violations(nicSample())).isEmpty();
  }

  /** Our model of the NIC sample maps back to the sample's fields and numbers. */
  @Test
  void reproducesTheNicSample() throws IOException {
    GstParty seller = new GstParty("37ARZPT4384Q1MT", "NIC company pvt ltd", "5th block, kuvempu layout", "GANDHINAGAR",
        Optional.of("518001"), GstState.ANDHRA_PRADESH);
    GstParty buyer = new GstParty("29AWGPV7107B1Z1", "XYZ company pvt ltd", "7th block, kuvempu layout", "GANDHINAGAR",
        Optional.of("562160"), GstState.KARNATAKA);
    GstInvoiceLine rice = new GstInvoiceLine(1, "Rice", "1001", false, new BigDecimal("100.345"), Optional.of("BAG"),
        new BigDecimal("99.545"), inr("9988.84"), inr("10"), inr("9978.84"), new BigDecimal("12"), inr("1197.46"),
        inr("0"), inr("0"), new BigDecimal("5"), inr("498.94"), inr("10"), new BigDecimal("12"), inr("1197.46"),
        inr("5"), inr("10"));
    GstInvoice invoice = new GstInvoice(GstDocumentType.TAX_INVOICE, "DOC/001", LocalDate.of(2020, 8, 18), seller,
        buyer, GstState.ARUNACHAL_PRADESH, SupplyType.B2B, true, List.of(rice), inr("10"), inr("20"), inr("0.3"),
        List.of(), List.of());
    ObjectNode mapped = EInvoiceMapper.toJson(invoice);
    ObjectNode sample = nicSample();
    assertSame(mapped, sample, "Version");
    for (String f : List.of("TaxSch", "SupTyp", "RegRev", "IgstOnIntra")) {
      assertSame(mapped.get("TranDtls"), sample.get("TranDtls"), f);
    }
    for (String f : List.of("Typ", "No", "Dt")) {
      assertSame(mapped.get("DocDtls"), sample.get("DocDtls"), f);
    }
    for (String f : List.of("Gstin", "LglNm", "Addr1", "Loc", "Pin", "Stcd")) {
      assertSame(mapped.get("SellerDtls"), sample.get("SellerDtls"), f);
      assertSame(mapped.get("BuyerDtls"), sample.get("BuyerDtls"), f);
    }
    assertSame(mapped.get("BuyerDtls"), sample.get("BuyerDtls"), "Pos");
    for (String f : List.of("SlNo", "PrdDesc", "IsServc", "HsnCd", "Qty", "Unit", "UnitPrice", "TotAmt", "Discount",
        "AssAmt", "GstRt", "IgstAmt", "CgstAmt", "SgstAmt", "CesRt", "CesAmt", "CesNonAdvlAmt", "StateCesRt",
        "StateCesAmt", "StateCesNonAdvlAmt", "OthChrg", "TotItemVal")) {
      assertSame(mapped.get("ItemList").get(0), sample.get("ItemList").get(0), f);
    }
    for (String f : List.of("AssVal", "CgstVal", "SgstVal", "IgstVal", "CesVal", "StCesVal", "Discount", "OthChrg",
        "RndOffAmt", "TotInvVal")) {
      assertSame(mapped.get("ValDtls"), sample.get("ValDtls"), f);
    }
  }

  private static void assertSame(JsonNode actual, JsonNode expected, String field) {
    JsonNode a = actual.get(field);
    JsonNode e = expected.get(field);
    assertThat(a).as(field).isNotNull();
    if (e.isNumber()) {
      assertThat(a.decimalValue()).as(field).isEqualByComparingTo(e.decimalValue());
    } else {
      assertThat(a.asText()).as(field).isEqualTo(e.asText());
    }
  }

  @Test
  void namesTheBrokenField() throws IOException {
    ObjectNode bad = nicSample();
    ObjectNode item = (ObjectNode) bad.get("ItemList").get(0);
    item.put("AssAmt", new BigDecimal("9978.80"));
    item.put("CgstAmt", new BigDecimal("1.00"));
    ((ObjectNode) bad.get("DocDtls")).put("No", "0DOC");
    ((ObjectNode) bad.get("DocDtls")).put("Dt", "31/02/2020");
    ((ObjectNode) bad.get("SellerDtls")).put("Stcd", "36");
    List<String> errors = EInvoiceValidator.STRICT.violations(bad);
    assertThat(errors).anyMatch(e -> e.startsWith("ItemList[0].AssAmt: expected 9978.84"));
    assertThat(errors).anyMatch(e -> e.startsWith("ItemList[0].SgstAmt: expected equal to CgstAmt"));
    assertThat(errors).anyMatch(e -> e.startsWith("ItemList[0].CgstAmt: expected 0 CGST and SGST"));
    assertThat(errors).anyMatch(e -> e.startsWith("DocDtls.No"));
    assertThat(errors).anyMatch(e -> e.startsWith("DocDtls.Dt"));
    assertThat(errors).anyMatch(e -> e.startsWith("SellerDtls.Stcd") && e.contains("2258"));
    assertThat(errors).anyMatch(e -> e.startsWith("ValDtls.AssVal"));
  }

  /** NIC validation note: under reverse charge TotItemVal may exclude the tax; otherwise it must include it. */
  @Test
  void reverseChargeItemTotalMayExcludeTax() throws IOException {
    ObjectNode sample = nicSample();
    ObjectNode item = (ObjectNode) sample.get("ItemList").get(0);
    item.put("TotItemVal", new BigDecimal("9988.84"));
    ((ObjectNode) sample.get("ValDtls")).put("TotInvVal", new BigDecimal("9999.14"));
    assertThat(EInvoiceValidator.STRICT.violations(sample)).isEmpty();
    ((ObjectNode) sample.get("TranDtls")).put("RegRev", "N");
    assertThat(EInvoiceValidator.STRICT.violations(sample)).singleElement().asString()
        .startsWith("ItemList[0].TotItemVal: expected 12897.70");
  }

  @Test
  void toleranceAppliesToArithmeticOnly() throws IOException {
    ObjectNode off = nicSample();
    ((ObjectNode) off.get("ValDtls")).put("TotInvVal", new BigDecimal("12908.50"));
    assertThat(EInvoiceValidator.STRICT.violations(off)).singleElement().asString().startsWith("ValDtls.TotInvVal");
    assertThat(EInvoiceValidator.IRP.violations(off)).isEmpty();
    ((ObjectNode) off.get("BuyerDtls")).put("Gstin", "URP");
    assertThat(EInvoiceValidator.IRP.violations(off)).singleElement().asString().contains("2212");
  }

  static final TaxParty SUPPLIER = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
  static final TaxParty CUSTOMER = TaxParty.of("Buyer MH", "IN").withTaxId("27AAPFU0939F1ZV");
  static final GstParty SELLER = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road", "Bengaluru",
      Optional.of("560001"), GstState.KARNATAKA);
  static final GstParty BUYER = new GstParty("27AAPFU0939F1ZV", "Buyer MH Pvt Ltd", "2 Marine Drive", "Mumbai",
      Optional.of("400001"), GstState.MAHARASHTRA);

  /** Subscription + usage invoice, then a partial credit note (CGST Act s.34, Rule 53). */
  @Test
  void servicesInvoiceAndCreditNote() {
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, CUSTOMER, List.of(
        new TaxableLine("sub", "SAC:998315", "Platform subscription", BigDecimal.ONE, Optional.empty(),
            inr("25000.00"), Optional.of(inr("5000.00"))),
        new TaxableLine("otp", "SAC:998319", "OTP verifications", new BigDecimal("1234.567"), Optional.of("THD"),
            inr("12345.67"), Optional.empty())));
    TaxResult tax = GstTaxCalculator.DEFAULT.withRoundTotalToRupee(true).calculate(request);
    GstInvoice invoice = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax);
    ObjectNode json = EInvoiceMapper.toJson(invoice);
    assertThat(json.at("/ItemList/0/IsServc").asText()).isEqualTo("Y");
    assertThat(json.at("/ItemList/0/TotAmt").decimalValue()).isEqualByComparingTo("30000.00");
    assertThat(json.at("/ItemList/0/IgstAmt").decimalValue()).isEqualByComparingTo("4500.00");
    // 12345.67 × 18 % = 2222.2206 → 2222.22
    assertThat(json.at("/ItemList/1/IgstAmt").decimalValue()).isEqualByComparingTo("2222.22");
    // 37345.67 + 6722.22 = 44067.89 → 44068, round-off 0.11
    assertThat(json.at("/ValDtls/RndOffAmt").decimalValue()).isEqualByComparingTo("0.11");
    assertThat(json.at("/ValDtls/TotInvVal").decimalValue()).isEqualByComparingTo("44068");
    assertThat(invoice.hsnSummary()).hasSize(2);

    TaxRequest creditRequest = TaxRequest.creditNote(DATE.plusDays(5), SUPPLIER, CUSTOMER,
        List.of(TaxableLine.of("otp", "SAC:998319", inr("345.67"))), tax);
    TaxResult creditTax = GstTaxCalculator.DEFAULT.calculate(creditRequest);
    GstInvoice credit = GstInvoice.builder(GstDocumentType.CREDIT_NOTE, "CN/26-27/0001")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .precedingDocuments(List.of(new DocumentReference("INV/26-27/0001", DATE)))
        .build(creditRequest, creditTax);
    ObjectNode cn = EInvoiceMapper.toJson(credit);
    assertThat(cn.at("/DocDtls/Typ").asText()).isEqualTo("CRN");
    assertThat(cn.at("/RefDtls/PrecDocDtls/0/InvNo").asText()).isEqualTo("INV/26-27/0001");
    assertThat(cn.at("/ItemList/0/IgstAmt").decimalValue()).isEqualByComparingTo("62.22"); // 62.2206
  }

  @Test
  void exportUsesUrpAnd96() {
    TaxParty foreign = TaxParty.of("US Buyer Inc", "US");
    TaxParty lutSupplier = SUPPLIER.withAttribute(GstAttributes.LUT, "true");
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), lutSupplier, foreign,
        List.of(TaxableLine.of("1", "SAC:998314", inr("100000.00"))));
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    GstParty buyer = new GstParty(GstParty.UNREGISTERED, "US Buyer Inc", "1 Market St", "San Francisco",
        Optional.empty(), GstState.FOREIGN_COUNTRY);
    ObjectNode json = EInvoiceMapper.toJson(GstInvoice.builder(GstDocumentType.TAX_INVOICE, "EXP/1")
        .supplier(SELLER).recipient(buyer)
        .placeOfSupply(GstState.FOREIGN_COUNTRY).supplyType(SupplyType.EXPWOP)
        .build(request, tax));
    assertThat(json.at("/BuyerDtls/Gstin").asText()).isEqualTo("URP");
    assertThat(json.at("/BuyerDtls/Pos").asText()).isEqualTo("96");
    assertThat(json.at("/BuyerDtls/Pin").asInt()).isEqualTo(999999);
    assertThat(json.at("/ValDtls/IgstVal").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void documentRules() {
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, CUSTOMER,
        List.of(TaxableLine.of("1", "SAC:998319", inr("100.00"))));
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV#1")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax))
        .hasMessageContaining("Rule 46(b)");
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV-000000000001X")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax)).hasMessageContaining("16");
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.CREDIT_NOTE, "CN1")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax)).hasMessageContaining("Rule 53");
    GstInvoice b2c = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "B2C1")
        .supplier(SELLER).recipient(BUYER.withUnregistered())
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2C)
        .build(request, tax);
    assertThatThrownBy(() -> EInvoiceMapper.toJson(b2c))
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_TAX_DOCUMENT));
    GstInvoice a = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "A1")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax);
    GstInvoice nextYear = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "A1")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(new TaxRequest(request.documentType(), LocalDate.of(2027, 4, 1), request.currency(),
            SUPPLIER, CUSTOMER, request.lines(), Optional.empty()), tax);
    GstInvoice.checkUniqueNumbers(List.of(a, nextYear));
    assertThatThrownBy(() -> GstInvoice.checkUniqueNumbers(List.of(a, a))).hasMessageContaining("2026-27");
    assertThat(GstInvoice.financialYear(LocalDate.of(2027, 3, 31))).isEqualTo("2026-27");
    assertThat(GstInvoice.financialYear(LocalDate.of(2027, 4, 1))).isEqualTo("2027-28");
  }

  /** CGST Rule 49: a bill of supply shows no tax and never becomes an e-invoice. */
  @Test
  void billOfSupplyHasNoTax() {
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, CUSTOMER,
        List.of(TaxableLine.of("1", "SAC:999210", inr("500.00"))));
    TaxResult none = dev.billwright.tax.TaxCalculator.none().calculate(request);
    GstInvoice bill = GstInvoice.builder(GstDocumentType.BILL_OF_SUPPLY, "BOS/1")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, none);
    assertThat(bill.totalValue()).isEqualTo(inr("500.00"));
    assertThatThrownBy(() -> EInvoiceMapper.toJson(bill)).hasMessageContaining("no IRN");
    TaxResult taxed = GstTaxCalculator.DEFAULT.calculate(TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER,
        CUSTOMER, List.of(TaxableLine.of("1", "SAC:998319", inr("500.00")))));
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.BILL_OF_SUPPLY, "BOS/2")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, taxed)).hasMessageContaining("Rule 49");
  }

  @Test
  void hsnSummaryGroupsByCodeAndRate() {
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, CUSTOMER, List.of(
        TaxableLine.of("a", "SAC:998319", inr("100.00")),
        TaxableLine.of("b", "SAC:998315", inr("50.00")),
        TaxableLine.of("c", "SAC:998319", inr("10.25"))));
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    GstInvoice invoice = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV2")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax);
    List<HsnSummaryRow> rows = invoice.hsnSummary();
    assertThat(rows).extracting(HsnSummaryRow::hsnCode).containsExactly("998319", "998315");
    assertThat(rows.get(0).taxableValue()).isEqualTo(inr("110.25"));
    assertThat(rows.get(0).igst()).isEqualTo(inr("19.85")); // 18.00 + 1.85, sums of line amounts
    assertThat(rows.get(0).quantity()).isEqualByComparingTo("2");
  }

  @Test
  void deliveryAddressIsOptionalAndSurvivesCopies() {
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, CUSTOMER,
        List.of(TaxableLine.of("otp", "SAC:998319", inr("1000.00"))));
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    GstInvoice invoice = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0009")
        .supplier(SELLER).recipient(BUYER)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax);
    assertThat(invoice.deliveryAddress()).isEmpty();
    GstParty site = new GstParty(GstParty.UNREGISTERED, "Buyer MH Site Office", "Plot 4, MIDC Andheri", "Mumbai",
        Optional.of("400093"), GstState.MAHARASHTRA);
    GstInvoice delivered = invoice.withDeliveryAddress(site);
    assertThat(delivered.deliveryAddress()).contains(site);
    assertThat(delivered.withDeliveryAddress(site)).isEqualTo(delivered);
    assertThat(delivered.totalValue()).isEqualTo(invoice.totalValue());
    assertThatThrownBy(() -> invoice.withDeliveryAddress(null)).isInstanceOf(BillingException.class)
        .hasMessageContaining("delivery_address");
  }
}
