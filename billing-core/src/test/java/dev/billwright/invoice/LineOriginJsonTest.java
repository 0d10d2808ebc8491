package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.OCTOBER;
import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.finalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed line and credit-note origins in JSON: every variant reads back as written, an origin is
 * left out exactly when it is its kind's default, and documents written before origins existed
 * read with the origins the engine derived then (from the explanation keys {@code credited_line}
 * and {@code corrects_line}, and from the bill run's credit-note id shapes).
 */
class LineOriginJsonTest {
  static final String FEE = "sub_1/base//recurring_fee";
  static final String USAGE = "sub_1/calls//usage";

  static InvoiceLine line(String id, LineKind kind, LineOrigin origin, String amount, ObjectNode explanation) {
    InvoiceLine.Builder b = InvoiceLine.builder().lineId(id).subscriptionId("sub_1").chargeCode("base")
        .kind(kind).servicePeriod(OCTOBER).exactAmount(Money.of("INR", amount), RoundingPolicy.DEFAULT)
        .explanation(explanation);
    if (origin != null) {
      b.origin(origin);
    }
    return b.build();
  }

  static ObjectNode explanation(String key, String value) {
    ObjectNode node = Json.object();
    node.put(key, value);
    return node;
  }

  /** One line of every origin, each on a kind it suits (the linked ones with other explanations). */
  static List<InvoiceLine> everyOrigin() {
    return List.of(
        line(FEE, LineKind.RECURRING_FEE, new LineOrigin.Priced(), "1000", Json.object()),
        line(USAGE, LineKind.USAGE, null, "250", Json.object()),
        line("sub_1/base//proration_charge", LineKind.PRORATION_CHARGE, new LineOrigin.Prorated(), "400",
            Json.object()),
        line("sub_1/base//proration_credit#fee", LineKind.PRORATION_CREDIT, new LineOrigin.ProrationCredit(FEE), "-500",
            explanation("billed_amount", "1000.00")),
        line("sub_1/calls//usage~adj1", LineKind.ADJUSTMENT, new LineOrigin.Correction(USAGE), "20",
            explanation("billed", "250.00")),
        line("sub_1/minimum_commitment//commitment_true_up", LineKind.COMMITMENT_TRUE_UP,
            new LineOrigin.CommitmentTrueUp(), "80", Json.object()),
        line("sub_1/base//adjustment", LineKind.ADJUSTMENT, new LineOrigin.Manual(), "-10", Json.object()),
        line("sub_1/cap//adjustment", LineKind.ADJUSTMENT, new LineOrigin.Priced(), "-5", Json.object()),
        // a host's credit line whose explanation happens to hold the old key, linked to no line
        line("sub_1/base//proration_credit", LineKind.PRORATION_CREDIT, new LineOrigin.Manual(), "-1",
            explanation("credited_line", FEE)));
  }

  static Invoice read(JsonNode json) {
    return InvoiceJson.read(JsonObjectReader.root(json, "test"));
  }

  static JsonNode originOf(ObjectNode invoice, int line) {
    return invoice.get("lines").get(line).get("origin");
  }

  @Test
  void everyOriginReadsBackAsWrittenAndIsWrittenOnlyWhenNotTheKindsDefault() {
    Invoice invoice = draft("inv_1", "sub_1", everyOrigin());
    ObjectNode json = InvoiceJson.write(invoice);
    Invoice back = read(Json.parse(Json.write(json), "test"));
    assertThat(back).isEqualTo(invoice);
    assertThat(back.lines()).extracting(InvoiceLine::origin).containsExactly(new LineOrigin.Priced(),
        new LineOrigin.Priced(), new LineOrigin.Prorated(), new LineOrigin.ProrationCredit(FEE),
        new LineOrigin.Correction(USAGE), new LineOrigin.CommitmentTrueUp(), new LineOrigin.Manual(),
        new LineOrigin.Priced(), new LineOrigin.Manual());
    // the kinds' defaults are left out, so such lines are written as before origins existed
    for (int i : new int[] {0, 1, 2, 5, 6}) {
      assertThat(originOf(json, i)).as("line %d", i).isNull();
    }
    assertThat(Json.write(originOf(json, 3))).isEqualTo(Json.write(Json.parse(
        "{\"type\":\"proration_credit\",\"credited_line_id\":\"" + FEE + "\"}", "t")));
    assertThat(Json.write(originOf(json, 4))).isEqualTo(Json.write(Json.parse(
        "{\"type\":\"correction\",\"corrected_line_id\":\"" + USAGE + "\"}", "t")));
    assertThat(originOf(json, 7).get("type").asText()).isEqualTo("priced");
    // written although it is the kind's default: without it the old key would be read as a link
    assertThat(originOf(json, 8).get("type").asText()).isEqualTo("manual");
    // the field follows kind
    List<String> fields = new ArrayList<>();
    json.get("lines").get(3).fieldNames().forEachRemaining(fields::add);
    assertThat(fields.indexOf("origin")).isEqualTo(fields.indexOf("kind") + 1);
  }

  /**
   * An invoice stored before origins existed: no {@code origin} anywhere; its proration credit and
   * correction named their lines in the explanation only.
   */
  @Test
  void anInvoiceWithoutOriginsReadsWithTheOriginsDerivedAsBefore() {
    List<InvoiceLine> lines = List.of(
        line(FEE, LineKind.RECURRING_FEE, null, "1000", explanation("model", "flat")),
        line("sub_1/base//proration_charge", LineKind.PRORATION_CHARGE, null, "400", Json.object()),
        line("sub_1/base//proration_credit#fee", LineKind.PRORATION_CREDIT, new LineOrigin.ProrationCredit(FEE), "-500",
            explanation("credited_line", FEE)),
        line("sub_1/calls//usage~adj1", LineKind.ADJUSTMENT, new LineOrigin.Correction(USAGE), "20",
            explanation("corrects_line", USAGE)),
        line("sub_1/minimum_commitment//commitment_true_up", LineKind.COMMITMENT_TRUE_UP, null, "80", Json.object()),
        line("sub_1/base//adjustment", LineKind.ADJUSTMENT, null, "-10", Json.object()),
        line("sub_1/other//proration_credit", LineKind.PRORATION_CREDIT, null, "-1", Json.object()));
    ObjectNode json = InvoiceJson.write(finalized("inv_old", lines));
    json.withArray("lines").forEach(l -> ((ObjectNode) l).remove("origin")); // as written before origins
    assertThat(Json.write(json)).doesNotContain("\"origin\"");

    assertThat(read(json).lines()).extracting(InvoiceLine::origin).containsExactly(new LineOrigin.Priced(),
        new LineOrigin.Prorated(), new LineOrigin.ProrationCredit(FEE), new LineOrigin.Correction(USAGE),
        new LineOrigin.CommitmentTrueUp(), new LineOrigin.Manual(), new LineOrigin.Manual());
  }

  @Test
  void anOriginThatDoesNotSuitTheKindOrIsUnknownIsRejected() {
    assertThatThrownBy(() -> line(FEE, LineKind.RECURRING_FEE, new LineOrigin.Correction(USAGE), "1", Json.object()))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("lines[" + FEE + "].origin");
    assertThatThrownBy(() -> new LineOrigin.ProrationCredit(" ")).isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));

    ObjectNode json = InvoiceJson.write(draft("inv_1", "sub_1", everyOrigin()));
    ((ObjectNode) originOf(json, 3)).put("type", "refund");
    assertThatThrownBy(() -> read(json)).isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DOCUMENT))
        .hasMessageContaining("refund");
    ObjectNode extra = InvoiceJson.write(draft("inv_1", "sub_1", everyOrigin()));
    ((ObjectNode) originOf(extra, 4)).put("credited_line_id", FEE);
    assertThatThrownBy(() -> read(extra)).hasMessageContaining("credited_line_id");
  }

  static CreditNote note(String id, CreditNoteOrigin origin) {
    Invoice invoice = finalized("inv_1", List.of(line(FEE, LineKind.RECURRING_FEE, null, "1000", Json.object())));
    return CreditNoteCalculator.DEFAULT.issue(id, invoice, List.of(), List.of(CreditRequest.full(FEE)),
        CreditNoteReason.ORDER_CHANGE, "", ISSUED).withOrigin(origin);
  }

  static CreditNote readNote(JsonNode json) {
    return CreditNoteJson.read(JsonObjectReader.root(json, "test"));
  }

  @Test
  void everyCreditNoteOriginReadsBackAndManualIsLeftOut() {
    for (CreditNoteOrigin origin : CreditNoteOrigin.values()) {
      CreditNote cn = note("CN-000001", origin);
      ObjectNode json = CreditNoteJson.write(cn);
      assertThat(readNote(Json.parse(Json.write(json), "t"))).isEqualTo(cn);
      assertThat(json.has("origin")).as(origin.name()).isEqualTo(origin != CreditNoteOrigin.MANUAL);
    }
    assertThat(CreditNoteJson.write(note("CN-1", CreditNoteOrigin.CANCELLATION_CREDIT)).get("origin").asText())
        .isEqualTo("cancellation_credit");
    // a manual note whose id has a shape the bill run once used is written with its origin
    CreditNote manual = note("cn_1_cancel_0", CreditNoteOrigin.MANUAL);
    assertThat(CreditNoteJson.write(manual).get("origin").asText()).isEqualTo("manual");
    assertThat(readNote(CreditNoteJson.write(manual)).origin()).isEqualTo(CreditNoteOrigin.MANUAL);
  }

  /** Credit notes stored before origins existed: the bill run's notes are known by their id shapes. */
  @Test
  void aCreditNoteWithoutOriginReadsWithTheOriginItsIdShapeHadBefore() {
    Map<String, CreditNoteOrigin> expected = Map.of(
        "cn_8be8c223b2aff617ca8e_proration_c289102f8121364312f0", CreditNoteOrigin.PRORATION_CREDIT,
        "cn_3321d15d9002aa797284_cancel_1", CreditNoteOrigin.CANCELLATION_CREDIT,
        "cn_3321d15d9002aa797284~adj2", CreditNoteOrigin.USAGE_CORRECTION,
        "cn_1", CreditNoteOrigin.MANUAL);
    expected.forEach((id, origin) -> {
      ObjectNode json = CreditNoteJson.write(note(id, origin));
      json.remove("origin"); // as written before origins
      assertThat(readNote(json).origin()).as(id).isEqualTo(origin);
    });
  }
}
