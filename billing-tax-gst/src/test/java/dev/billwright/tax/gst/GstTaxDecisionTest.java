package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxPlace;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The GST calculator states its decision (place of supply and the IGST Act section that placed
 * it, supply type, reverse charge) in the result, and a GST document is built from that decision
 * as kept, never from the parties again.
 */
class GstTaxDecisionTest {
  private static final LocalDate DATE = LocalDate.of(2026, 10, 1);
  private static final TaxParty SUPPLIER = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
  private static final TaxParty KA_CUSTOMER = TaxParty.of("Buyer KA", "IN").withTaxId("29AABCR1718E1ZL");
  private static final GstParty SELLER = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road",
      "Bengaluru", Optional.of("560001"), GstState.KARNATAKA);
  private static final GstParty BUYER = new GstParty("29AABCR1718E1ZL", "Buyer KA Pvt Ltd", "3 Hosur Road",
      "Bengaluru", Optional.of("560034"), GstState.KARNATAKA);

  private static TaxRequest request(TaxParty supplier, TaxParty customer) {
    return TaxRequest.invoice(DATE, Money.currency("INR"), supplier, customer,
        List.of(TaxableLine.of("1", "SAC:998319", Money.of("INR", "1000.00"))));
  }

  /** IGST Act s.12(2)(a): a registered recipient's location; same state as the supplier. */
  @Test
  void intraStateB2bDecision() {
    TaxDecision d = GstTaxCalculator.DEFAULT.calculate(request(SUPPLIER, KA_CUSTOMER)).decision();
    TaxPlace place = d.placeOfSupply().orElseThrow();
    assertThat(place.code()).isEqualTo("29");
    assertThat(place.name()).isEqualTo("Karnataka");
    assertThat(place.basis()).startsWith("IGST Act s.12(2)(a)");
    assertThat(d.supplyType()).contains("B2B");
    assertThat(d.reverseCharge()).isFalse();
    assertThat(d.notes()).contains("Tax is payable on reverse charge: No");
    assertThat(d.roundOff()).isEmpty();
  }

  /** IGST Act s.13(2): export of services, place of supply 96; under LUT the type is EXPWOP. */
  @Test
  void exportUnderLutDecision() {
    TaxDecision d = GstTaxCalculator.DEFAULT.calculate(request(SUPPLIER.withAttribute(GstAttributes.LUT, "true"),
        TaxParty.of("US Buyer Inc", "US"))).decision();
    assertThat(d.placeOfSupply().orElseThrow().code()).isEqualTo("96");
    assertThat(d.placeOfSupply().orElseThrow().basis()).startsWith("IGST Act s.13(2)");
    assertThat(d.supplyType()).contains("EXPWOP");
    assertThat(d.notes()).contains("Supply meant for export under LUT without payment of IGST");
  }

  /** CGST Act s.9(3), Rule 46(p): reverse charge is part of the decision. */
  @Test
  void reverseChargeDecision() {
    TaxDecision d = GstTaxCalculator.DEFAULT.calculate(request(SUPPLIER,
        KA_CUSTOMER.withAttribute(GstAttributes.REVERSE_CHARGE, "true"))).decision();
    assertThat(d.reverseCharge()).isTrue();
  }

  /** 1000.00 + 180.00 = 1180.00: already whole rupees, round-off 0.00 (opt-in rounding). */
  @Test
  void roundOffIsPartOfTheDecision() {
    TaxDecision d = GstTaxCalculator.DEFAULT.withRoundTotalToRupee(true).calculate(request(SUPPLIER, KA_CUSTOMER))
        .decision();
    assertThat(d.roundOff()).contains(Money.of("INR", "0.00"));
  }

  /**
   * The document reads the kept decision: a result calculated for an intra-state B2B supply gives
   * a B2B document with place of supply 29 even when built for parties that are now marked SEZ
   * (from which the calculator would now decide SEZWP).
   */
  @Test
  void aDocumentIsBuiltFromTheKeptDecisionNotTheParties() {
    TaxRequest original = request(SUPPLIER, KA_CUSTOMER);
    TaxResult kept = GstTaxCalculator.DEFAULT.calculate(original);
    TaxParty nowSez = KA_CUSTOMER.withAttribute(GstAttributes.SEZ, "true");
    assertThat(GstTaxCalculator.supplyType(SUPPLIER, nowSez)).isEqualTo(SupplyType.SEZWP);
    TaxRequest later = request(SUPPLIER, nowSez);
    GstInvoice document = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER)
        .build(later, kept);
    assertThat(document.supplyType()).isEqualTo(SupplyType.B2B);
    assertThat(document.placeOfSupply()).isEqualTo(GstState.KARNATAKA);
    assertThat(document.reverseCharge()).isFalse();
    ObjectNode json = EInvoiceMapper.toJson(document);
    assertThat(json.at("/TranDtls/SupTyp").asText()).isEqualTo("B2B");
    assertThat(json.at("/BuyerDtls/Pos").asText()).isEqualTo("29");
    assertThat(json.at("/ValDtls/CgstVal").decimalValue()).isEqualByComparingTo("90.00");
  }

  @Test
  void aResultWithoutADecidedPlaceCannotMakeADocument() {
    TaxRequest request = request(SUPPLIER, KA_CUSTOMER);
    TaxResult computed = GstTaxCalculator.DEFAULT.calculate(request);
    TaxResult bare = TaxResult.of(computed.currency(), computed.lines(), Optional.empty(), List.of());
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER)
        .build(request, bare))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("tax_decision.place_of_supply")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_TAX_DOCUMENT);
    TaxResult unknownType = TaxResult.of(computed.currency(), computed.lines(), new TaxDecision(
        computed.decision().placeOfSupply(), Optional.of("RETAIL"), false, List.of(), Optional.empty()));
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER)
        .build(request, unknownType))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_TAX_DOCUMENT);
  }

  /** The deprecated positional {@code from} methods delegate to the builder: same documents. */
  @Test
  @SuppressWarnings("deprecation")
  void theBuilderMakesWhatThePositionalMethodsMade() {
    TaxRequest request = request(SUPPLIER, KA_CUSTOMER);
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    GstInvoice explicit = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER).placeOfSupply(GstState.KARNATAKA).supplyType(SupplyType.B2B)
        .reverseCharge(true).build(request, tax);
    assertThat(explicit).isEqualTo(GstInvoice.from(GstDocumentType.TAX_INVOICE, "INV/26-27/0001", SELLER, BUYER,
        GstState.KARNATAKA, SupplyType.B2B, true, request, tax, List.of()));
    assertThat(explicit.reverseCharge()).isTrue();
    GstInvoice kept = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(SELLER).recipient(BUYER).build(request, tax);
    assertThat(kept).isEqualTo(GstInvoice.from(GstDocumentType.TAX_INVOICE, "INV/26-27/0001", SELLER, BUYER,
        request, tax, List.of()));
    assertThat(kept.reverseCharge()).isFalse();
  }

  @Test
  void theBuilderNamesWhatIsMissingOrContradictory() {
    TaxRequest request = request(SUPPLIER, KA_CUSTOMER);
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/1").recipient(BUYER)
        .build(request, tax)).isInstanceOf(BillingException.class).hasMessageContaining("'supplier'")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/1").supplier(SELLER)
        .recipient(BUYER).placeOfSupply(GstState.KARNATAKA).build(request, tax))
        .hasMessageContaining("supply_type").extracting(e -> ((BillingException) e).code())
        .isEqualTo(ErrorCode.INVALID_TAX_DOCUMENT);
    assertThatThrownBy(() -> GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/1").supplier(SELLER)
        .recipient(BUYER).reverseCharge(true).build(request, tax))
        .hasMessageContaining("reverse_charge");
  }
}
