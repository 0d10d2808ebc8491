package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GstTaxCalculatorTest {

  static final java.util.Currency INR = Money.currency("INR");
  static final LocalDate DATE = LocalDate.of(2026, 10, 1);
  /** Published GSTINs (gst.md §3.3): Karnataka supplier, Karnataka and Maharashtra customers. */
  static final TaxParty SUPPLIER = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
  static final TaxParty KA_CUSTOMER = TaxParty.of("Buyer KA", "IN").withTaxId("29AABCR1718E1ZL");
  static final TaxParty MH_CUSTOMER = TaxParty.of("Buyer MH", "IN").withTaxId("27AAPFU0939F1ZV");

  static TaxRequest invoice(TaxParty supplier, TaxParty customer, String... amounts) {
    List<TaxableLine> lines = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      lines.add(TaxableLine.of(String.valueOf(i + 1), "SAC:998319", Money.of("INR", amounts[i])));
    }
    return TaxRequest.invoice(DATE, INR, supplier, customer, lines);
  }

  static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  /** IGST Act s.8 and s.12(2)(a): same state → CGST 9 % + SGST 9 % on SAC 998319 (18 %, Notification 11/2017-CT(Rate)). */
  @Test
  void intraStateB2bChargesCgstAndSgstOnHalfRate() {
    TaxResult result = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, KA_CUSTOMER, "10000.00"));
    assertThat(result.lines()).extracting(TaxLine::head).containsExactly("CGST", "SGST");
    assertThat(result.lines()).extracting(l -> l.ratePercent().stripTrailingZeros().toPlainString())
        .containsExactly("9", "9");
    assertThat(result.totalOf("CGST")).isEqualTo(inr("900.00"));
    assertThat(result.totalOf("SGST")).isEqualTo(inr("900.00"));
    assertThat(result.collectibleTax()).isEqualTo(inr("1800.00"));
    assertThat(result.notes()).anyMatch(n -> n.contains("29 Karnataka") && n.contains("s.12(2)(a)"));
  }

  /** IGST Act s.7(1): different states → IGST 18 %. 10.25 × 18 % = 1.845 → 1.85 (HALF_UP); intra: 0.9225 → 0.92 each. */
  @Test
  void paiseRoundingPerHead() {
    TaxResult inter = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, MH_CUSTOMER, "10.25"));
    assertThat(inter.totalOf("IGST")).isEqualTo(inr("1.85"));
    TaxResult intra = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, KA_CUSTOMER, "10.25"));
    assertThat(intra.totalOf("CGST")).isEqualTo(inr("0.92"));
    assertThat(intra.totalOf("SGST")).isEqualTo(inr("0.92"));
  }

  /** UTGST Act s.7 / CGST Act s.2(114): Chandigarh (04) intra-UT → CGST + UTGST. Synthetic GSTINs (gst.md §3.3). */
  @Test
  void unionTerritoryWithoutLegislatureUsesUtgst() {
    TaxParty supplier = TaxParty.of("Chd Supplier", "IN").withTaxId("04AACCC1234D1ZI");
    TaxParty customer = TaxParty.of("Chd Buyer", "IN").withTaxId("04AABCD5678E1ZS");
    TaxResult result = GstTaxCalculator.DEFAULT.calculate(invoice(supplier, customer, "1000.00"));
    assertThat(result.lines()).extracting(TaxLine::head).containsExactly("CGST", "UTGST");
    assertThat(result.totalOf("UTGST")).isEqualTo(inr("90.00"));
  }

  /** Delhi (07) has a legislature: SGST, not UTGST (CGST Act s.2(103)). */
  @Test
  void delhiUsesSgst() {
    TaxParty supplier = TaxParty.of("Delhi Supplier", "IN").withTaxId("07AAPFU0939F1ZX");
    TaxParty customer = TaxParty.of("Delhi Buyer", "IN").withTaxId("07AAGCD9876M1ZS");
    assertThat(GstTaxCalculator.DEFAULT.calculate(invoice(supplier, customer, "100.00")).lines())
        .extracting(TaxLine::head).containsExactly("CGST", "SGST");
  }

  /** IGST Act s.7(5)(b), s.16(3): SEZ in the supplier's own state is still IGST; zero under LUT. */
  @Test
  void sezIsAlwaysIgst() {
    TaxParty sez = TaxParty.of("SEZ Unit", "IN").withTaxId("29AAFCS4321K1Z6").withAttribute(GstAttributes.SEZ, "true");
    TaxResult withPayment = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, sez, "1000.00"));
    assertThat(withPayment.lines()).extracting(TaxLine::head).containsExactly("IGST");
    assertThat(withPayment.totalOf("IGST")).isEqualTo(inr("180.00"));
    TaxResult lut = GstTaxCalculator.DEFAULT.calculate(
        invoice(SUPPLIER.withAttribute(GstAttributes.LUT, "true"), sez, "1000.00"));
    assertThat(lut.totalOf("IGST")).isEqualTo(inr("0.00"));
    assertThat(lut.notes()).anyMatch(n -> n.contains("under LUT without payment of IGST"));
  }

  /** IGST Act s.13(2) and s.16: export of services, POS 96; IGST 0 under LUT, 18 % with payment. */
  @Test
  void exportsAreZeroRated() {
    TaxParty foreign = TaxParty.of("US Buyer Inc", "US");
    TaxResult lut = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER.withAttribute(GstAttributes.LUT, "true"),
        foreign, "5000.00"));
    assertThat(lut.collectibleTax()).isEqualTo(inr("0.00"));
    assertThat(lut.notes()).contains("Supply meant for export under LUT without payment of IGST");
    assertThat(lut.notes()).anyMatch(n -> n.startsWith("Place of supply: 96"));
    TaxResult paid = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, foreign, "5000.00"));
    assertThat(paid.totalOf("IGST")).isEqualTo(inr("900.00"));
  }

  /** CGST Act s.9(3), Rule 46(p): reverse charge shown but not collected. */
  @Test
  void reverseChargeIsShownNotCollected() {
    TaxParty rcm = KA_CUSTOMER.withAttribute(GstAttributes.REVERSE_CHARGE, "true");
    TaxResult result = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, rcm, "1000.00"));
    assertThat(result.totalTax()).isEqualTo(inr("180.00"));
    assertThat(result.collectibleTax()).isEqualTo(inr("0.00"));
    assertThat(result.notes()).contains("Tax is payable on reverse charge: Yes");
  }

  /** IGST Act s.12(2)(b): B2C with address on record → that state; without → supplier's state. */
  @Test
  void b2cPlaceOfSupply() {
    TaxParty withAddress = TaxParty.of("Consumer", "IN").withRegionCode("27");
    assertThat(GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, withAddress, "100.00")).lines())
        .extracting(TaxLine::head).containsExactly("IGST");
    TaxParty noAddress = TaxParty.of("Consumer", "IN");
    TaxResult result = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, noAddress, "100.00"));
    assertThat(result.lines()).extracting(TaxLine::head).containsExactly("CGST", "SGST");
    assertThat(result.notes()).anyMatch(n -> n.contains("s.12(2)(b)(ii)"));
  }

  /** Grand total 10.25 + 1.85 = 12.10 → 12; round-off −0.10 (CGST Act s.170 style, opt-in). */
  @Test
  void optionalRupeeRoundingOfGrandTotal() {
    TaxResult result = GstTaxCalculator.DEFAULT.withRoundTotalToRupee(true)
        .calculate(invoice(SUPPLIER, MH_CUSTOMER, "10.25"));
    assertThat(result.roundOff()).contains(inr("-0.10"));
    assertThat(GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, MH_CUSTOMER, "10.25")).roundOff()).isEmpty();
  }

  /** CGST Act s.34: a credit note reuses the original rate even after the table changes. */
  @Test
  void creditNoteReusesOriginalRates() {
    TaxResult original = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, KA_CUSTOMER, "1000.00", "200.00"));
    GstTaxCalculator changed = GstTaxCalculator.DEFAULT.withRates(GstRateTable.of(List.of(
        GstRate.of("99", "5", GstRateTable.GST_START, "hypothetical changed table"))));
    TaxResult credit = changed.calculate(TaxRequest.creditNote(DATE.plusDays(10), SUPPLIER, KA_CUSTOMER,
        List.of(TaxableLine.of("1", "SAC:998319", inr("500.00"))), original));
    assertThat(credit.totalOf("CGST")).isEqualTo(inr("45.00"));
    assertThat(credit.totalOf("SGST")).isEqualTo(inr("45.00"));
    assertThatThrownBy(() -> changed.calculate(TaxRequest.creditNote(DATE, SUPPLIER, KA_CUSTOMER,
        List.of(TaxableLine.of("1", "SAC:998319", inr("1000.01"))), original)))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING));
    assertThatThrownBy(() -> changed.calculate(TaxRequest.creditNote(DATE, SUPPLIER, KA_CUSTOMER,
        List.of(TaxableLine.of("9", "SAC:998319", inr("1.00"))), original)))
        .hasMessageContaining("lines[9]");
  }

  @Test
  void rejectsUnknownCodeAndUnregisteredSupplier() {
    TaxRequest request = TaxRequest.invoice(DATE, INR, SUPPLIER, KA_CUSTOMER,
        List.of(TaxableLine.of("1", "HSN:0101", inr("10.00"))));
    assertThatThrownBy(() -> GstTaxCalculator.DEFAULT.calculate(request))
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.TAX_NOT_DETERMINED))
        .hasMessageContaining("HSN:0101");
    assertThatThrownBy(() -> GstTaxCalculator.DEFAULT.calculate(
        invoice(TaxParty.of("Unregistered", "IN"), KA_CUSTOMER, "10.00"))).hasMessageContaining("supplier.tax_id");
  }

  /** Random paise amounts: intra CGST == SGST; |IGST − (CGST + SGST)| ≤ 0.01 per line; totals = sums; oracle HALF_UP. */
  @Test
  void invariants() {
    qt().forAll(lists().of(integers().between(0, 10_000_000)).ofSizeBetween(1, 12))
        .checkAssert(paise -> {
          String[] amounts = paise.stream().map(p -> BigDecimal.valueOf(p, 2).toPlainString()).toArray(String[]::new);
          TaxResult intra = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, KA_CUSTOMER, amounts));
          TaxResult inter = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, MH_CUSTOMER, amounts));
          Money sumCgst = Money.zero(INR);
          for (int i = 0; i < amounts.length; i++) {
            String id = String.valueOf(i + 1);
            Money cgst = intra.linesOf(id).get(0).taxAmount();
            Money sgst = intra.linesOf(id).get(1).taxAmount();
            Money igst = inter.linesOf(id).get(0).taxAmount();
            assertThat(cgst).isEqualTo(sgst);
            BigDecimal taxable = new BigDecimal(amounts[i]);
            assertThat(cgst.amount()).isEqualByComparingTo(
                taxable.multiply(new BigDecimal("0.09")).setScale(2, RoundingMode.HALF_UP));
            assertThat(igst.amount()).isEqualByComparingTo(
                taxable.multiply(new BigDecimal("0.18")).setScale(2, RoundingMode.HALF_UP));
            assertThat(igst.minus(cgst.plus(sgst)).abs().amount()).isLessThanOrEqualTo(new BigDecimal("0.01"));
            sumCgst = sumCgst.plus(cgst);
          }
          assertThat(intra.totalOf("CGST")).isEqualTo(sumCgst);
          assertThat(intra.totalTax()).isEqualTo(intra.totalOf("CGST").plus(intra.totalOf("SGST")));
        });
  }

  /** UTGST Act s.7: intra-UT CGST == UTGST for any amount; a full credit note reverses every head exactly (s.34). */
  @Test
  void utgstEqualityAndFullReversal() {
    TaxParty supplier = TaxParty.of("Chd Supplier", "IN").withTaxId("04AACCC1234D1ZI");
    TaxParty customer = TaxParty.of("Chd Buyer", "IN").withTaxId("04AABCD5678E1ZS");
    qt().forAll(integers().between(0, 100_000_000)).checkAssert(paise -> {
      String amount = BigDecimal.valueOf(paise, 2).toPlainString();
      TaxResult invoice = GstTaxCalculator.DEFAULT.calculate(invoice(supplier, customer, amount));
      assertThat(invoice.totalOf("CGST")).isEqualTo(invoice.totalOf("UTGST"));
      TaxResult credit = GstTaxCalculator.DEFAULT.calculate(TaxRequest.creditNote(DATE, supplier, customer,
          List.of(TaxableLine.of("1", "SAC:998319", inr(amount))), invoice));
      assertThat(credit.lines()).isEqualTo(invoice.lines());
    });
  }

  /** CGST Act s.34: a debit note adds value at the original invoice's heads and rates, beyond the original value. */
  @Test
  void debitNoteChargesAtOriginalRates() {
    TaxResult original = GstTaxCalculator.DEFAULT.calculate(invoice(SUPPLIER, MH_CUSTOMER, "1000.00"));
    TaxResult debit = GstTaxCalculator.DEFAULT.calculate(new TaxRequest(dev.billwright.tax.DocumentType.DEBIT_NOTE,
        DATE.plusDays(3), INR, SUPPLIER, MH_CUSTOMER, List.of(TaxableLine.of("1", "SAC:998319", inr("1500.00"))),
        java.util.Optional.of(original)));
    assertThat(debit.totalOf("IGST")).isEqualTo(inr("270.00"));
    assertThat(debit.totalOf("CGST")).isEqualTo(inr("0.00"));
  }

  /**
   * Sandbox mode: the e-invoice sandbox's test GSTIN 29AAFCD5862R000 has no valid check
   * character; the calculator in sandbox mode accepts it (format only), the default rejects it.
   */
  @Test
  void sandboxModeAcceptsTestIdentifiersTheStrictModeRejects() {
    TaxParty sandboxSupplier = TaxParty.of("Sandbox supplier", "IN").withTaxId("29AAFCD5862R000");
    TaxResult result = GstTaxCalculator.DEFAULT.withGstinMode(Gstin.Mode.SANDBOX)
        .calculate(invoice(sandboxSupplier, KA_CUSTOMER, "1000.00"));
    assertThat(result.totalOf("CGST")).isEqualTo(inr("90.00"));
    assertThat(result.totalOf("SGST")).isEqualTo(inr("90.00"));
    assertThatThrownBy(() -> GstTaxCalculator.DEFAULT.calculate(invoice(sandboxSupplier, KA_CUSTOMER, "1000.00")))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_TAX_ID));
    assertThatThrownBy(() -> GstTaxCalculator.DEFAULT.withGstinMode(Gstin.Mode.SANDBOX)
        .calculate(invoice(TaxParty.of("Bad", "IN").withTaxId("29AAFCD5862R00"), KA_CUSTOMER, "1000.00")))
        .isInstanceOf(BillingException.class);
  }
}
