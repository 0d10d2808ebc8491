package dev.billwright.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario runner itself: a wrong figure, an unread field, an extra document under
 * {@code exhaustive}, a missing document, options and {@code expected.error} each give the outcome
 * they must. The base scenario is Stripe's upgrade from 10 to 20 USD halfway through a 30-day
 * month (docs 'Prorations'): 10.00 on 1 April; on 1 May 20.00 + (-5.00) + 10.00 = 25.00.
 */
class ScenarioCaseKindTest {
  @TempDir Path dir;

  private static final String BASE = """
      {"id": "t", "source": "Stripe docs, Prorations", "note": "n", "derived": false, "kind": "scenario",
       "meters": [],
       "plans": [
        {"code": "basic", "version": 1, "status": "active", "currency": "USD",
         "billing": {"cadence": "P1M", "alignment": "anniversary", "time_zone": "UTC", "proration": "seconds"},
         "charges": [{"code": "licensed", "kind": "recurring", "timing": "in_advance", "price": {"model": "flat", "amount": "10"}}]},
        {"code": "pro", "version": 1, "status": "active", "currency": "USD",
         "billing": {"cadence": "P1M", "alignment": "anniversary", "time_zone": "UTC", "proration": "seconds"},
         "charges": [{"code": "licensed", "kind": "recurring", "timing": "in_advance", "price": {"model": "flat", "amount": "20"}}]}],
       "subscription": {"id": "sub_1", "customer": "cus_1", "plan": {"code": "basic", "version": 1},
         "start": "2026-04-01T00:00:00Z",
         "changes": [{"id": "c1", "kind": "upgrade", "requested_at": "2026-04-16T00:00:00Z", "timing": "immediate",
                      "plan": {"code": "pro", "version": 1}}]},
       "usage": {"events": []},
       "bill_until": "2026-05-01T00:00:00Z",
       "expected": {"exhaustive": true, "invoices": [
         {"boundary": "2026-04-01T00:00:00Z", "lines": {"licensed": "10"}, "total": "10.00"},
         {"boundary": "2026-05-01T00:00:00Z", "lines": {"licensed": "20.00"},
          "proration": {"credit": "-5.00", "charge": "10.00"}, "total": "25"}]}}
      """;

  private CaseOutcome run(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) Json.parse(BASE, "base");
    edit.accept(root);
    Path file = dir.resolve("case.json");
    Files.writeString(file, root.toString());
    return new ConformanceRunner(List.of(new ScenarioCaseKind()), null).runCase(file);
  }

  private static ObjectNode invoice(ObjectNode root, int i) {
    return (ObjectNode) root.get("expected").get("invoices").get(i);
  }

  @Test
  void theStripeUpgradePassesWithAmountsComparedAsDecimals() throws IOException {
    CaseOutcome outcome = run(r -> {});
    assertThat(outcome.status()).as(outcome.line()).isEqualTo(CaseOutcome.Status.PASS);
  }

  @Test
  void aWrongFigureFailsNamingTheDocumentTheFieldAndBothValues() throws IOException {
    CaseOutcome outcome = run(r -> ((ObjectNode) invoice(r, 1).get("proration")).put("credit", "-4.00"));
    assertThat(outcome.status()).isEqualTo(CaseOutcome.Status.FAIL);
    assertThat(outcome.line()).contains("invoices[2026-05-01T00:00:00Z].proration.credit: expected -4.00, got -5.00");
    CaseOutcome total = run(r -> invoice(r, 1).put("total", "30"));
    assertThat(total.line()).contains("invoices[2026-05-01T00:00:00Z].total: expected 30, got 25.00");
    CaseOutcome line = run(r -> ((ObjectNode) invoice(r, 0).get("lines")).put("support", "1.00"));
    assertThat(line.line()).contains("lines.support: expected 1.00, got no line");
  }

  @Test
  void aFieldTheRunnerDoesNotReadIsAnError() throws IOException {
    assertThat(run(r -> r.put("bill_untill", "x")).line()).contains("unknown field 'bill_untill'");
    assertThat(run(r -> invoice(r, 0).put("totl", "10")).line()).contains("unknown field 'totl'");
    assertThat(run(r -> ((ObjectNode) r.get("expected")).put("exhaustiv", true)).line())
        .contains("unknown field 'exhaustiv'");
  }

  @Test
  void exhaustiveCatchesAnExtraDocumentAndAListedMissingOneFails() throws IOException {
    CaseOutcome extra = run(r -> ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("expected").get("invoices")).remove(0));
    assertThat(extra.status()).isEqualTo(CaseOutcome.Status.FAIL);
    assertThat(extra.line()).contains("no invoice at 2026-04-01T00:00:00Z (exhaustive)");
    CaseOutcome notExhaustive = run(r -> {
      ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("expected").get("invoices")).remove(0);
      ((ObjectNode) r.get("expected")).put("exhaustive", false);
    });
    assertThat(notExhaustive.status()).as(notExhaustive.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome missing = run(r -> invoice(r, 1).put("boundary", "2026-05-02T00:00:00Z"));
    assertThat(missing.line()).contains("invoices[2026-05-02T00:00:00Z]: expected one invoice, got 0 invoices");
    CaseOutcome noNote = run(r -> ((ObjectNode) r.get("expected")).putArray("credit_notes").addObject()
        .put("against_boundary", "2026-04-01T00:00:00Z").put("total", "5"));
    assertThat(noNote.line()).contains("credit_notes[2026-04-01T00:00:00Z]: expected a credit note, got none");
  }

  @Test
  void workflowOptionsSetStatusDueDateAndApproval() throws IOException {
    // net_10: due 10 days after each finalization; a grace period of 2 days keeps the 1 May
    // invoice a draft at bill_until (1 May) and then the runner's extra run finalizes it
    CaseOutcome terms = run(r -> {
      r.putObject("options").put("payment_terms", "net_10");
      invoice(r, 0).put("status", "finalized").put("due_date", "2026-04-11");
      invoice(r, 1).put("due_date", "2026-05-11");
    });
    assertThat(terms.status()).as(terms.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome wrongDue = run(r -> {
      r.putObject("options").put("payment_terms", "net_10");
      invoice(r, 0).put("due_date", "2026-04-12");
    });
    assertThat(wrongDue.line()).contains("due_date").contains("expected 2026-04-12, got 2026-04-11");
    CaseOutcome graceDraft = run(r -> {
      r.putObject("options").put("grace_period", "P2D");
      invoice(r, 1).put("status", "draft");
      invoice(r, 0).put("status", "finalized");
    });
    assertThat(graceDraft.status()).as(graceDraft.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome graceFinalized = run(r -> {
      r.putObject("options").put("grace_period", "P2D");
      r.put("bill_until", "2026-05-03T00:00:00Z");
      invoice(r, 1).put("status", "finalized");
    });
    assertThat(graceFinalized.status()).as(graceFinalized.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome pending = run(r -> {
      ObjectNode o = r.putObject("options");
      o.put("proration_credits", "credit_note");
      o.putObject("credit_note_approval").putObject("threshold").put("USD", "4.99");
      ObjectNode may = invoice(r, 1);
      ((ObjectNode) may.get("proration")).put("credit", "0");
      may.put("total", "30.00");
      ((ObjectNode) r.get("expected")).putArray("credit_notes").addObject()
          .put("against_boundary", "2026-04-01T00:00:00Z").put("total", "5.00").put("status", "pending_approval");
      invoice(r, 0).put("amount_due", "10.00");
    });
    assertThat(pending.status()).as(pending.line()).isEqualTo(CaseOutcome.Status.PASS);
    assertThat(run(r -> invoice(r, 0).put("status", "open")).line()).contains("status");
    assertThat(run(r -> r.putObject("options").put("payment_terms", "net_x")).line()).contains("payment_terms");
  }

  @Test
  void prorationCreditsOptionMovesTheCreditToACreditNote() throws IOException {
    CaseOutcome outcome = run(r -> {
      r.putObject("options").put("proration_credits", "credit_note");
      ObjectNode may = invoice(r, 1);
      ((ObjectNode) may.get("proration")).put("credit", "0");
      may.put("total", "30.00");
      ((ObjectNode) r.get("expected")).putArray("credit_notes").addObject()
          .put("against_boundary", "2026-04-01T00:00:00Z").put("total", "5.00");
    });
    assertThat(outcome.status()).as(outcome.line()).isEqualTo(CaseOutcome.Status.PASS);
  }

  @Test
  void billingOptionsAreMergedIntoEveryPlanAndUnknownOptionsAreRejected() throws IOException {
    // proration none through a plan billing setting: the engine then credits and charges whole
    // periods (-10.00, +20.00) instead of the halves (-5.00, +10.00) of proration by the second
    CaseOutcome merged = run(r -> {
      r.putObject("options").put("proration", "none");
      ObjectNode may = invoice(r, 1);
      ((ObjectNode) may.get("proration")).put("credit", "-10.00").put("charge", "20.00");
      may.put("total", "30.00");
    });
    assertThat(merged.status()).as(merged.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome unknown = run(r -> r.putObject("options").put("prorate_everything", "yes"));
    assertThat(unknown.line()).contains("options.prorate_everything: unknown option 'prorate_everything'")
        .contains("proration_credits");
    CaseOutcome badValue = run(r -> r.putObject("options").put("proration_credits", "refund"));
    assertThat(badValue.line()).contains("expected invoice_line or credit_note");
  }

  @Test
  void expectedErrorPassesOnlyWithThatCode() throws IOException {
    Consumer<ObjectNode> toYearlyPlanMissing = r -> ((ObjectNode) r.get("subscription").get("changes").get(0).get("plan"))
        .put("code", "enterprise");
    CaseOutcome failing = run(toYearlyPlanMissing);
    assertThat(failing.status()).isEqualTo(CaseOutcome.Status.FAIL);
    String code = failing.line().replaceFirst("^FAIL t: ", "").replaceFirst(":.*$", "");
    CaseOutcome expected = run(toYearlyPlanMissing.andThen(r -> r.putObject("expected").put("error", code)));
    assertThat(expected.status()).as(expected.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome other = run(toYearlyPlanMissing.andThen(r -> r.putObject("expected").put("error", "pricing.invalid_tiers")));
    assertThat(other.line()).contains("error: expected pricing.invalid_tiers, got " + code);
    CaseOutcome billedInstead = run(r -> r.putObject("expected").put("error", "pricing.invalid_tiers"));
    assertThat(billedInstead.line()).contains("error: expected pricing.invalid_tiers, got 2 invoices and 0 credit notes");
  }

  /**
   * {@code subscription.currency} with {@code exchange_rates}: the USD fees are converted at
   * USD/EUR 0.92 (published 31 March): 10 × 0.92 = EUR 9.20 on 1 April; on 1 May 20 × 0.92 =
   * 18.40, the credit is the April line's EUR 9.20 × 1/2 = −4.60 and the charge 10 × 0.92 = 9.20:
   * 23.00. Without a rate by the invoice date the run fails with money.exchange_rate_missing; an
   * unknown rate-date option is rejected.
   */
  @Test
  void exchangeRatesAndSubscriptionCurrencyConvertTheLines() throws IOException {
    Consumer<ObjectNode> eur = r -> {
      ((ObjectNode) r.get("subscription")).put("currency", "EUR");
      r.putArray("exchange_rates").addObject().put("from", "USD").put("to", "EUR").put("rate", "0.92")
          .put("at", "2026-03-31T00:00:00Z");
      invoice(r, 0).put("total", "9.20").putObject("lines").put("licensed", "9.20");
      invoice(r, 1).put("total", "23.00").putObject("lines").put("licensed", "18.40");
      invoice(r, 1).putObject("proration").put("credit", "-4.60").put("charge", "9.20");
    };
    CaseOutcome converted = run(eur);
    assertThat(converted.status()).as(converted.line()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome late = run(eur.andThen(r -> ((ObjectNode) r.get("exchange_rates").get(0))
        .put("at", "2026-04-02T00:00:00Z")));
    assertThat(late.line()).contains("money.exchange_rate_missing").contains("USD/EUR");
    CaseOutcome contract = run(eur.andThen(r -> r.putObject("options").put("exchange_rate_date", "contract")));
    assertThat(contract.status()).as(contract.line()).isEqualTo(CaseOutcome.Status.PASS);
    assertThat(run(eur.andThen(r -> r.putObject("options").put("exchange_rate_date", "yesterday"))).line())
        .contains("options.exchange_rate_date").contains("period_end, invoice_date or contract");
  }

  @Test
  void aChangeIsUnknownToRunsBeforeItIsRequested() throws IOException {
    // the cancellation of 16 May is requested after May was billed in advance: the May invoice
    // bills the whole month and a credit note returns 16 of its 31 days (5.16)
    CaseOutcome outcome = run(r -> {
      ObjectNode change = (ObjectNode) r.get("subscription").get("changes").get(0);
      change.put("kind", "cancellation").put("requested_at", "2026-05-16T00:00:00Z").remove("plan");
      r.put("bill_until", "2026-06-01T00:00:00Z");
      ObjectNode expected = r.putObject("expected");
      expected.put("exhaustive", true);
      expected.putArray("invoices").addObject().put("boundary", "2026-04-01T00:00:00Z").put("total", "10");
      ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("invoices")).addObject()
          .put("boundary", "2026-05-01T00:00:00Z").put("total", "10");
      expected.putArray("credit_notes").addObject().put("against_boundary", "2026-05-01T00:00:00Z").put("total", "5.16");
    });
    assertThat(outcome.status()).as(outcome.line()).isEqualTo(CaseOutcome.Status.PASS);
  }

  @Test
  void noteAndDerivedMustBeAStringAndABoolean() throws IOException {
    assertThat(run(r -> r.put("derived", "yes")).status()).isEqualTo(CaseOutcome.Status.FAIL);
    assertThat(run(r -> r.put("derived", true)).status()).isEqualTo(CaseOutcome.Status.PASS);
  }
}
