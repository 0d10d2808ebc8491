package dev.billwright.render;

import dev.billwright.money.Money;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import dev.billwright.tax.gst.DocumentReference;
import dev.billwright.tax.gst.GstDocumentType;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstInvoiceLine;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.tax.gst.SupplyType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** GST documents computed with the real tax calculator, for the rendering tests. */
final class Fixtures {
  static final LocalDate DATE = LocalDate.of(2026, 10, 31);
  static final TaxParty SUPPLIER = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
  static final GstParty SELLER = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road, Ashok Nagar",
      "Bengaluru", Optional.of("560001"), GstState.KARNATAKA);
  /** A recipient in Karnataka whose legal name is in Devanagari. */
  static final GstParty BUYER_KA = new GstParty("29AABCR1718E1ZL", "राम ट्रेडर्स प्राइवेट लिमिटेड", "5 Residency Road",
      "Bengaluru", Optional.of("560025"), GstState.KARNATAKA);
  static final GstParty BUYER_MH = new GstParty("27AAPFU0939F1ZV", "Buyer MH Pvt Ltd", "2 Marine Drive", "Mumbai",
      Optional.of("400001"), GstState.MAHARASHTRA);
  static final String IRN = "8a5d2c1b9e0f4a7d6c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f0e1d2c";
  /** A JWS-shaped text of the length the IRP signs (the QR code holds it verbatim). */
  static final String SIGNED_QR = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjQ0NDQwNUM3ODFFNDgyNTA3MkIzNENBNEY4QkRDNjA2Qzg2QjU3MjAiLCJ0eXAiOiJKV1QiLCJ4NXQiOiJSRVFGeDRIa2dsQnlzMHlrLUwzR0JzaHJWeUEifQ"
      + ".eyJkYXRhIjoie1wiU2VsbGVyR3N0aW5cIjpcIjI5QUFCQ1QxMzMyTDFaQVwiLFwiQnV5ZXJHc3RpblwiOlwiMjdBQVBGVTA5MzlGMVpWXCIsXCJEb2NOb1wiOlwiSU5WLzI2LTI3LzAwMDJcIixcIkRvY1R5cFwiOlwiSU5WXCIsXCJEb2NEdFwiOlwiMzEvMTAvMjAyNlwiLFwiVG90SW52VmFsXCI6MTQ5MzUwMDAsXCJJdGVtQ250XCI6MixcIk1haW5Ic25Db2RlXCI6XCI5OTgzMTVcIixcIklyblwiOlwiOGE1ZDJjMWI5ZTBmNGE3ZDZjM2IyYTE5MDhmN2U2ZDVjNGIzYTI5MTgwZjdlNmQ1YzRiM2EyOTE4ZjBlMWQyY1wiLFwiSXJuRHRcIjpcIjIwMjYtMTAtMzEgMTA6MTU6MDBcIn0iLCJpc3MiOiJOSUMifQ"
      + ".ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LXNpZ25lZC1ieS1hbnktcG9ydGFs";

  private Fixtures() {}

  static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  /** Intra-state (CGST + SGST) tax invoice, subscription and usage, Devanagari recipient. */
  static GstInvoice intraState() {
    TaxParty customer = TaxParty.of("Ram Traders", "IN").withTaxId("29AABCR1718E1ZL");
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, customer, List.of(
        new TaxableLine("sub", "SAC:998315", "Platform subscription, October 2026", BigDecimal.ONE, Optional.empty(),
            inr("25000.00"), Optional.of(inr("2500.00"))),
        new TaxableLine("otp", "SAC:998319", "OTP verifications", new BigDecimal("12345"), Optional.of("NOS"),
            inr("2222.10"), Optional.empty())));
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    return GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER_KA)
        .placeOfSupply(GstState.KARNATAKA).supplyType(SupplyType.B2B)
        .build(request, tax);
  }

  /** Inter-state (IGST) tax invoice above a crore, total rounded to the rupee, with an e-invoice. */
  static GstInvoice interState() {
    TaxParty customer = TaxParty.of("Buyer MH", "IN").withTaxId("27AAPFU0939F1ZV");
    TaxRequest request = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, customer, List.of(
        new TaxableLine("sub", "SAC:998315", "Enterprise platform, annual", BigDecimal.ONE, Optional.empty(),
            inr("12500000.00"), Optional.empty()),
        new TaxableLine("otp", "SAC:998319", "OTP verifications", new BigDecimal("1234.567"), Optional.of("THD"),
            inr("12345.67"), Optional.empty())));
    TaxResult tax = GstTaxCalculator.DEFAULT.withRoundTotalToRupee(true).calculate(request);
    return GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0002")
        .supplier(SELLER).recipient(BUYER_MH)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .build(request, tax);
  }

  static EInvoiceAck ack() {
    return new EInvoiceAck(IRN, "112610012345678", LocalDateTime.of(2026, 10, 31, 10, 15), SIGNED_QR);
  }

  /** A credit note against {@link #interState()} for part of the OTP line, at the original rate. */
  static GstInvoice creditNote() {
    TaxParty customer = TaxParty.of("Buyer MH", "IN").withTaxId("27AAPFU0939F1ZV");
    TaxRequest original = TaxRequest.invoice(DATE, Money.currency("INR"), SUPPLIER, customer, List.of(
        TaxableLine.of("otp", "SAC:998319", inr("12345.67"))));
    TaxResult originalTax = GstTaxCalculator.DEFAULT.calculate(original);
    TaxRequest credit = TaxRequest.creditNote(DATE.plusDays(5), SUPPLIER, customer,
        List.of(TaxableLine.of("otp", "SAC:998319", inr("345.67"))), originalTax);
    TaxResult creditTax = GstTaxCalculator.DEFAULT.calculate(credit);
    return GstInvoice.builder(GstDocumentType.CREDIT_NOTE, "CN/26-27/0001")
        .supplier(SELLER).recipient(BUYER_MH)
        .placeOfSupply(GstState.MAHARASHTRA).supplyType(SupplyType.B2B)
        .precedingDocuments(List.of(new DocumentReference("INV/26-27/0002", DATE)))
        .build(credit, creditTax);
  }

  /** A bill of supply (Rule 49): an exempt supply, no tax. */
  static GstInvoice billOfSupply() {
    Money zero = inr("0");
    GstInvoiceLine line = new GstInvoiceLine(1, "Training course (exempt educational service)", "999293", true,
        BigDecimal.ONE, Optional.empty(), new BigDecimal("15000"), inr("15000.00"), zero, inr("15000.00"),
        BigDecimal.ZERO, zero, zero, zero, BigDecimal.ZERO, zero, zero, BigDecimal.ZERO, zero, zero, zero);
    return new GstInvoice(GstDocumentType.BILL_OF_SUPPLY, "BOS/26-27/0001", DATE, SELLER, BUYER_KA,
        GstState.KARNATAKA, SupplyType.B2B, false, List.of(line), zero, zero, zero, List.of(),
        List.of("Supply exempt under Notification 12/2017-Central Tax (Rate)"));
  }
}
