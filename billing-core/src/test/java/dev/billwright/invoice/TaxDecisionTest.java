package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.gst;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxDecision;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxPlace;
import dev.billwright.tax.TaxResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tax decision stays on the invoice and its credit notes: set when tax is applied, kept
 * through the lifecycle, carried to credit notes (CGST Act s.34) and written and read by
 * {@link InvoiceJson} and {@link CreditNoteJson}; documents written without it still read.
 */
class TaxDecisionTest {
  private static final TaxPlace KARNATAKA = new TaxPlace("29", "Karnataka", "IGST Act s.12(2)(a)");
  private static final List<String> NOTES = List.of("Place of supply: 29 Karnataka (IGST Act s.12(2)(a))",
      "Tax is payable on reverse charge: No");

  /** A draft of one line of 1000.00, taxed at CGST 9 % + SGST 9 % with a decision. */
  private static Invoice taxed(TaxDecision decision) {
    Invoice draft = draft("inv_1", "sub_1", List.of(line("sub_1", "platform_fee", LineKind.RECURRING_FEE, "1000.00")));
    List<TaxLine> lines = new ArrayList<>(gst(draft.lines().get(0)));
    return InvoiceLifecycle.applyTax(draft, TaxResult.of(draft.currency(), lines, decision));
  }

  private static TaxDecision decision(Optional<Money> roundOff) {
    return new TaxDecision(Optional.of(KARNATAKA), Optional.of("B2B"), false, NOTES, roundOff);
  }

  private static Invoice readInvoice(String text) {
    return InvoiceJson.read(JsonObjectReader.root(Json.parse(text, "test"), "test"));
  }

  @Test
  void applyTaxKeepsTheDecisionThroughTheLifecycle() {
    TaxDecision d = decision(Optional.of(Money.of("INR", "-0.40")));
    Invoice finalized = InvoiceLifecycle.finalize(taxed(d), "INV/26-27/000001", ISSUED);
    Invoice paid = InvoiceLifecycle.markPaid(finalized, ISSUED.plusSeconds(60));
    assertThat(finalized.taxDecision()).contains(d);
    assertThat(paid.taxDecision()).contains(d);
    assertThat(d.placeOfSupply().orElseThrow().basis()).isEqualTo("IGST Act s.12(2)(a)");
  }

  @Test
  void anEngineThatDecidesNothingLeavesNoDecision() {
    Invoice draft = draft("inv_1", "sub_1", List.of(line("sub_1", "platform_fee", LineKind.RECURRING_FEE, "10.00")));
    Invoice untaxed = InvoiceLifecycle.applyTax(draft, TaxCalculator.none().calculate(
        dev.billwright.tax.TaxRequest.invoice(java.time.LocalDate.of(2026, 10, 31), draft.currency(),
            dev.billwright.tax.TaxParty.of("Supplier", "IN"), dev.billwright.tax.TaxParty.of("Customer", "IN"),
            List.of())));
    assertThat(untaxed.taxDecision()).isEmpty();
    assertThat(InvoiceJson.write(untaxed).has("tax_decision")).isFalse();
  }

  @Test
  void theDecisionRoundTripsThroughInvoiceJson() {
    Invoice invoice = InvoiceLifecycle.finalize(taxed(decision(Optional.of(Money.of("INR", "-0.40")))),
        "INV/26-27/000001", ISSUED);
    ObjectNode json = InvoiceJson.write(invoice);
    assertThat(json.get("tax_decision").get("place_of_supply").get("basis").asText()).isEqualTo("IGST Act s.12(2)(a)");
    assertThat(json.get("tax_decision").get("supply_type").asText()).isEqualTo("B2B");
    assertThat(json.get("tax_decision").get("round_off").asText()).isEqualTo("-0.40");
    Invoice back = readInvoice(Json.write(json));
    assertThat(back).isEqualTo(invoice);
    assertThat(back.taxDecision()).isEqualTo(invoice.taxDecision());

    // a decision without place, supply type or round-off (another engine) round-trips too
    TaxDecision bare = new TaxDecision(Optional.empty(), Optional.empty(), true, List.of("reverse charge"),
        Optional.empty());
    Invoice other = taxed(bare);
    assertThat(readInvoice(Json.write(InvoiceJson.write(other))).taxDecision()).contains(bare);
  }

  @Test
  void anInvoiceWrittenWithoutADecisionStillReads() {
    Invoice invoice = InvoiceLifecycle.finalize(taxed(decision(Optional.empty())), "INV/26-27/000001", ISSUED);
    ObjectNode json = InvoiceJson.write(invoice);
    json.remove("tax_decision");
    Invoice legacy = readInvoice(Json.write(json));
    assertThat(legacy.taxDecision()).isEmpty();
    assertThat(legacy.lines()).isEqualTo(invoice.lines());
  }

  @Test
  void aMalformedDecisionIsRejectedWithItsPath() {
    ObjectNode json = InvoiceJson.write(taxed(decision(Optional.empty())));
    ((ObjectNode) json.get("tax_decision")).put("surprise", "x");
    assertThatThrownBy(() -> readInvoice(Json.write(json)))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("tax_decision");
    ObjectNode noCode = InvoiceJson.write(taxed(decision(Optional.empty())));
    ((ObjectNode) noCode.get("tax_decision").get("place_of_supply")).remove("code");
    assertThatThrownBy(() -> readInvoice(Json.write(noCode)))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("code");
  }

  @Test
  void aCreditNoteCarriesTheInvoicesDecisionWithoutItsRoundOffAndRoundTrips() {
    Invoice invoice = InvoiceLifecycle.finalize(taxed(decision(Optional.of(Money.of("INR", "-0.40")))),
        "INV/26-27/000001", ISSUED);
    CreditNote note = CreditNoteCalculator.DEFAULT.issue("cn_1", invoice, List.of(),
        List.of(CreditRequest.full(invoice.lines().get(0).lineId())), CreditNoteReason.OTHER, "", ISSUED);
    assertThat(note.taxDecision()).contains(decision(Optional.empty()));
    assertThat(note.withNumber("CN/26-27/000001").voided().taxDecision()).isEqualTo(note.taxDecision());

    ObjectNode json = CreditNoteJson.write(note);
    assertThat(json.get("tax_decision").get("place_of_supply").get("code").asText()).isEqualTo("29");
    CreditNote back = CreditNoteJson.read(JsonObjectReader.root(Json.parse(Json.write(json), "test"), "test"));
    assertThat(back).isEqualTo(note);

    json.remove("tax_decision");
    CreditNote legacy = CreditNoteJson.read(JsonObjectReader.root(Json.parse(Json.write(json), "test"), "test"));
    assertThat(legacy.taxDecision()).isEmpty();
  }

  @Test
  void aDecisionRefusesNulls() {
    assertThatThrownBy(() -> new TaxDecision(Optional.empty(), Optional.empty(), false, null, Optional.empty()))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> new TaxDecision(Optional.empty(), Optional.empty(), false, withNull, Optional.empty()))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
    assertThatThrownBy(() -> new TaxPlace(" ", "", ""))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
  }

  @Test
  void consolidationKeepsACommonDecisionAndDropsConflictingOnes() {
    TaxDecision karnataka = decision(Optional.empty());
    TaxDecision maharashtra = new TaxDecision(Optional.of(new TaxPlace("27", "Maharashtra", "IGST Act s.12(2)(a)")),
        Optional.of("B2B"), false, List.of(), Optional.empty());
    Invoice a = taxed(karnataka);
    Invoice b = InvoiceLifecycle.applyTax(draft("inv_2", "sub_2", List.of(line("sub_2", "seats", LineKind.RECURRING_FEE,
        "50.00"))), TaxResult.of(Money.currency("INR"), List.of(), karnataka));
    Invoice c = InvoiceLifecycle.applyTax(draft("inv_3", "sub_3", List.of(line("sub_3", "seats", LineKind.RECURRING_FEE,
        "70.00"))), TaxResult.of(Money.currency("INR"), List.of(), maharashtra));
    assertThat(InvoiceConsolidator.DEFAULT.consolidate("inv_c", "cus_1", java.util.Set.of(), List.of(a, b), ISSUED)
        .taxDecision()).contains(karnataka);
    assertThat(InvoiceConsolidator.DEFAULT.consolidate("inv_c", "cus_1", java.util.Set.of(), List.of(a, c), ISSUED)
        .taxDecision()).isEmpty();
  }
}
