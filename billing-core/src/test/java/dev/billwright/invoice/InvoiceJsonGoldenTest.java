package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.OCTOBER;
import static dev.billwright.invoice.InvoiceFixtures.draft;
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
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxLine;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden files for representative invoices and a credit note, compared byte for byte. To rewrite
 * them after an intended change, run with the environment variable or system property
 * {@code BILLWRIGHT_UPDATE_GOLDEN=1} and review the diff.
 */
class InvoiceJsonGoldenTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  private static boolean update() {
    return "1".equals(System.getenv("BILLWRIGHT_UPDATE_GOLDEN"))
        || "1".equals(System.getProperty("BILLWRIGHT_UPDATE_GOLDEN"));
  }

  private static void assertGolden(String name, ObjectNode node) throws IOException {
    String text = Json.write(node);
    Path file = GOLDEN.resolve(name);
    if (update()) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, text);
    }
    assertThat(Files.exists(file)).as(file + " exists (create it with BILLWRIGHT_UPDATE_GOLDEN=1)").isTrue();
    assertThat(text).isEqualTo(Files.readString(file));
  }

  private static Invoice roundTrip(Invoice invoice) {
    String text = Json.write(InvoiceJson.write(invoice));
    Invoice back = InvoiceJson.read(JsonObjectReader.root(Json.parse(text, "test"), "test"));
    assertThat(back).isEqualTo(invoice);
    assertThat(back.totals()).isEqualTo(invoice.totals());
    assertThat(Json.write(InvoiceJson.write(back))).isEqualTo(text);
    return back;
  }

  /** A finalized monthly fee with a 10 % coupon and intra-state GST (CGST + SGST at 9 %). */
  static Invoice periodInvoice() {
    ObjectNode explanation = Json.object();
    explanation.put("model", "flat");
    explanation.put("amount", "1499.00");
    InvoiceLine fee = InvoiceLine.builder()
        .lineId(InvoiceLine.lineIdOf("sub_1", "pro_plan", Map.of(), LineKind.RECURRING_FEE))
        .subscriptionId("sub_1").chargeCode("pro_plan").description("Pro plan, October 2026")
        .kind(LineKind.RECURRING_FEE).servicePeriod(OCTOBER)
        .exactAmount(Money.of("INR", "1499"), RoundingPolicy.DEFAULT)
        .taxCode("998314").explanation(explanation).build();
    Invoice d = InvoiceLifecycle.withLines(draft("inv_2026_10_sub_1", "sub_1", List.of(fee)), List.of(fee), List.of());
    d = DiscountCalculator.DEFAULT.applyTo(d, List.of(Coupon.percentage("welcome10", BigDecimal.TEN,
        CouponDuration.repeating(3))));
    d = InvoiceLifecycle.withLines(d, InvoiceFixtures.withGst(d.lines()), d.discountLines());
    Invoice withDue = Invoice.builder()
        .id(d.id()).key(d.key()).customerId(d.customerId()).addAllSubscriptionIds(d.subscriptionIds())
        .currency(d.currency()).addAllLines(d.lines()).addAllDiscountLines(d.discountLines())
        .issuedAt(d.issuedAt()).dueDate(LocalDate.of(2026, 11, 15)).putMetadata("po", "PO-77").build();
    return InvoiceLifecycle.finalize(withDue, "INV/26-27/000123", ISSUED.plusSeconds(60));
  }

  /** A paid usage invoice grouped by country × channel, inter-state IGST 18 %, fixed coupon, wallet credit. */
  static Invoice usageInvoice() {
    List<InvoiceLine> lines = new ArrayList<>();
    lines.add(line("sub_2", "api_calls", LineKind.USAGE, "1234.5675", Map.of("country", "IN", "channel", "web")));
    lines.add(line("sub_2", "api_calls", LineKind.USAGE, "310.125", Map.of("country", "IN", "channel", "mobile")));
    lines.add(line("sub_2", "storage_gb", LineKind.USAGE, "88.80"));
    Invoice d = draft("inv_2026_10_sub_2", "sub_2", lines);
    d = DiscountCalculator.DEFAULT.applyTo(d, List.of(Coupon.fixed("api100", Money.of("INR", "100"),
        CouponDuration.FOREVER).withChargeScope(Set.of("api_calls"))));
    List<InvoiceLine> taxed = new ArrayList<>();
    for (InvoiceLine l : d.lines()) {
      Money igst = RoundingPolicy.DEFAULT.round(l.taxableAmount().multipliedBy(new BigDecimal("0.18")));
      taxed.add(l.withTax(List.of(new TaxLine(l.lineId(), "IGST", new BigDecimal("18"), l.taxableAmount(), igst, true))));
    }
    d = InvoiceLifecycle.withLines(d, taxed, d.discountLines());
    d = InvoiceLifecycle.applyCredits(d, List.of(new AppliedCredit("wallet_1", Money.of("INR", "500"))));
    Invoice fin = InvoiceLifecycle.finalize(d, "INV/26-27/000124", ISSUED.plusSeconds(120));
    return InvoiceLifecycle.markPaid(fin, Instant.parse("2026-11-03T10:15:30Z"));
  }

  /** A consolidated draft of two subscriptions, one with a plan change (proration credit and charge). */
  static Invoice consolidatedInvoice() {
    Invoice a = draft("inv_a", "sub_a", List.of(
        line("sub_a", "starter", LineKind.PRORATION_CREDIT, "-333.3333"),
        line("sub_a", "growth", LineKind.PRORATION_CHARGE, "666.6667")));
    Invoice b = draft("inv_b", "sub_b", List.of(line("sub_b", "seats", LineKind.RECURRING_FEE, "450")));
    return InvoiceConsolidator.DEFAULT.consolidate("inv_cus_1_2026_10", "cus_1", Set.of(), List.of(b, a), ISSUED);
  }

  /**
   * A usage line explained from its events (counts, first and last event) reads back equal, so a
   * store that keeps invoices as JSON and compares them by equality (compare-and-set) finds the
   * invoice it wrote; counts written as long nodes used to read back as int nodes and differ.
   */
  @Test
  void usageLineExplainedFromItsEventsRoundTripsEqual() {
    dev.billwright.pricing.EventStatistics stats = dev.billwright.pricing.EventStatistics.none("api_calls", "count")
        .counted(Instant.parse("2026-10-03T10:15:30Z")).counted(Instant.parse("2026-10-30T08:00:00Z"))
        .duplicate().late();
    ObjectNode explanation = dev.billwright.pricing.ExplanationJson.writeEvents(stats);
    InvoiceLine usage = InvoiceLine.builder()
        .lineId(InvoiceLine.lineIdOf("sub_3", "api_calls", Map.of(), LineKind.USAGE))
        .subscriptionId("sub_3").chargeCode("api_calls").description("API calls, October 2026")
        .kind(LineKind.USAGE).servicePeriod(OCTOBER)
        .exactAmount(Money.of("INR", "2"), RoundingPolicy.DEFAULT)
        .explanation(explanation).build();
    Invoice d = InvoiceLifecycle.withLines(draft("inv_2026_10_sub_3", "sub_3", List.of(usage)), List.of(usage),
        List.of());
    Invoice back = roundTrip(d);
    assertThat(back.lines().get(0).explanation().get("events_counted").asLong()).isEqualTo(2);
  }

  @Test
  void periodInvoiceGolden() throws IOException {
    Invoice inv = roundTrip(periodInvoice());
    // 1499 − 149.90 = 1349.10; CGST = SGST = round(121.419) = 121.42; total 1591.94
    assertThat(inv.totals().total()).isEqualTo(Money.of("INR", "1591.94"));
    assertGolden("invoice-period-gst.json", InvoiceJson.write(inv));
  }

  @Test
  void usageInvoiceGolden() throws IOException {
    Invoice inv = roundTrip(usageInvoice());
    // lines 1234.57 + 310.13 + 88.80 = 1633.50; coupon 100 over 1234.57 : 310.13: exact 79.9229 + 20.0770, floors 79.92 + 20.07, the last paisa to the larger remainder (0.70) → 79.92 + 20.08
    assertThat(inv.discountLines()).extracting(DiscountLine::amount)
        .containsExactly(Money.of("INR", "79.92"), Money.of("INR", "20.08"));
    assertThat(inv.totals().subtotal()).isEqualTo(Money.of("INR", "1633.50"));
    assertThat(inv.totals().amountDue()).isEqualTo(inv.totals().total().minus(Money.of("INR", "500")));
    assertGolden("invoice-usage-igst-paid.json", InvoiceJson.write(inv));
  }

  @Test
  void consolidatedInvoiceGolden() throws IOException {
    Invoice inv = roundTrip(consolidatedInvoice());
    // −333.33 + 666.67 + 450.00
    assertThat(inv.totals().total()).isEqualTo(Money.of("INR", "783.34"));
    assertGolden("invoice-consolidated.json", InvoiceJson.write(inv));
  }

  @Test
  void creditNoteGoldenAndRoundTrip() throws IOException {
    Invoice inv = periodInvoice();
    CreditNote cn = CreditNoteCalculator.DEFAULT.issue("cn_1", inv, List.of(),
        List.of(CreditRequest.partial(inv.lines().get(0).lineId(), Money.of("INR", "449.70"))),
        CreditNoteReason.PRODUCT_UNSATISFACTORY, "outage on 12 October", ISSUED.plusSeconds(86_400));
    // round(449.70 × 9 %) = round(40.473) = 40.47 per head
    assertThat(cn.taxByHead()).containsEntry("CGST", Money.of("INR", "40.47"));
    String text = Json.write(CreditNoteJson.write(cn));
    CreditNote back = CreditNoteJson.read(JsonObjectReader.root(Json.parse(text, "cn"), "cn"));
    assertThat(back).isEqualTo(cn);
    assertGolden("credit-note-partial.json", CreditNoteJson.write(cn));
  }

  @Test
  void tamperedTotalsAreRejected() {
    ObjectNode node = InvoiceJson.write(periodInvoice());
    ((ObjectNode) node.get("totals")).put("total", "1.00");
    assertThatThrownBy(() -> InvoiceJson.read(JsonObjectReader.root(node, "t")))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DOCUMENT);
    ObjectNode unknown = InvoiceJson.write(periodInvoice());
    unknown.put("colour", "blue");
    assertThatThrownBy(() -> InvoiceJson.read(JsonObjectReader.root(unknown, "t")))
        .hasMessageContaining("unknown field 'colour'");
  }
}
