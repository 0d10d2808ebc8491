package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.finalized;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditNoteApprovalTest {
  private static final Instant LATER = ISSUED.plusSeconds(3600);
  private static final CreditNoteCalculator GATED =
      CreditNoteCalculator.DEFAULT.withApproval(CreditNoteApprovalPolicy.above(inr("500.00")));

  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  /** INR 1000 + 18 % GST = 1180.00 total. */
  private static Invoice thousand() {
    return finalized("inv_1", List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000")));
  }

  private static String base() {
    return InvoiceLine.lineIdOf("sub_1", "base", Map.of(), LineKind.RECURRING_FEE);
  }

  @Test
  void defaultPolicyIssuesEveryNoteAtOnce() {
    CreditNote note = CreditNoteCalculator.DEFAULT.issue("cn_1", thousand(), List.of(),
        List.of(CreditRequest.full(base())), CreditNoteReason.OTHER, "", ISSUED);
    assertThat(CreditNoteCalculator.DEFAULT.approval()).isEqualTo(CreditNoteApprovalPolicy.NONE);
    assertThat(note.status()).isEqualTo(CreditNoteStatus.ISSUED);
  }

  /**
   * 400.00 + 72.00 GST = 472.00 is not above 500.00: issued. 500.00 + 90.00 = 590.00 is: pending,
   * unnumbered, and the invoice still owes 1180.00 − 472.00 = 708.00.
   */
  @Test
  void aboveThresholdIsPendingAndReducesNothingDue() {
    Invoice inv = thousand();
    CreditNote small = GATED.issue("cn_1", inv, List.of(), List.of(CreditRequest.partial(base(), inr("400.00"))),
        CreditNoteReason.OTHER, "", ISSUED);
    assertThat(small.status()).isEqualTo(CreditNoteStatus.ISSUED);
    CreditNote big = GATED.issue("cn_2", inv, List.of(small), List.of(CreditRequest.partial(base(), inr("500.00"))),
        CreditNoteReason.ORDER_CHANGE, "", ISSUED);
    assertThat(big.status()).isEqualTo(CreditNoteStatus.PENDING_APPROVAL);
    assertThat(big.number()).isEmpty();
    assertThat(big.total()).isEqualTo(inr("590.00"));
    assertThat(InvoiceBalance.amountDue(inv, List.of(small, big), inr("0"))).isEqualTo(inr("708.00"));
    // the pending note reserves its 500.00: only 100.00 of the line is left to credit
    assertThat(GATED.remainingTaxable(inv, List.of(small, big), base())).isEqualTo(inr("100.00"));
    assertThatThrownBy(() -> big.withNumber("CN-1")).isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);

    CreditNote approved = GATED.approve(big, inv, List.of(small, big), "CN-2", "alice", "customer churn risk", LATER);
    assertThat(approved.status()).isEqualTo(CreditNoteStatus.ISSUED);
    assertThat(approved.number()).contains("CN-2");
    assertThat(approved.decision()).contains(new CreditNoteDecision(true, "alice", "customer churn risk", LATER));
    assertThat(InvoiceBalance.amountDue(inv, List.of(small, approved), inr("0"))).isEqualTo(inr("118.00"));
  }

  @Test
  void rejectedNoteCountsForNothingAndCannotBeApproved() {
    Invoice inv = thousand();
    CreditNote big = GATED.issue("cn_1", inv, List.of(), List.of(CreditRequest.full(base())),
        CreditNoteReason.OTHER, "", ISSUED);
    CreditNote rejected = big.rejected("bob", "not justified", LATER);
    assertThat(rejected.status()).isEqualTo(CreditNoteStatus.REJECTED);
    assertThat(rejected.decision().orElseThrow().approved()).isFalse();
    assertThat(GATED.remainingTaxable(inv, List.of(rejected), base())).isEqualTo(inr("1000"));
    assertThat(InvoiceBalance.amountDue(inv, List.of(rejected), inr("0"))).isEqualTo(inr("1180.00"));
    assertThatThrownBy(() -> GATED.approve(rejected, inv, List.of(rejected), "CN-1", "alice", "", LATER))
        .isInstanceOf(BillingException.class).hasMessageContaining("REJECTED")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThatThrownBy(() -> rejected.rejected("bob", "", LATER)).hasMessageContaining("REJECTED");
    assertThatThrownBy(rejected::voided).isInstanceOf(BillingException.class);
  }

  @Test
  void approvalRechecksWhatRemains() {
    Invoice inv = thousand();
    CreditNote pending = GATED.issue("cn_1", inv, List.of(), List.of(CreditRequest.full(base())),
        CreditNoteReason.OTHER, "", ISSUED);
    // a note made meanwhile by a calculator without the policy, not seeing the pending one
    CreditNote other = CreditNoteCalculator.DEFAULT.issue("cn_2", inv, List.of(),
        List.of(CreditRequest.partial(base(), inr("1.00"))), CreditNoteReason.OTHER, "", ISSUED);
    assertThatThrownBy(() -> GATED.approve(pending, inv, List.of(pending, other), "CN-1", "alice", "", LATER))
        .isInstanceOf(BillingException.class).hasMessageContaining("remaining INR 999.00")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING);
    assertThatThrownBy(() -> GATED.approve(pending, inv, List.of(), " ", "alice", "", LATER))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
    assertThatThrownBy(() -> GATED.approve(pending, inv, List.of(), "CN-1", "", "", LATER))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
  }

  @Test
  void cancellationCreditsFollowThePolicy() {
    Invoice inv = thousand();
    CreditNote note = GATED.unusedTime("cn_c", inv, List.of(), base(), InvoiceFixtures.OCTOBER.start(),
        BigInteger.ONE, BigInteger.ONE, ISSUED);
    assertThat(note.status()).isEqualTo(CreditNoteStatus.PENDING_APPROVAL);
    assertThat(note.origin()).isEqualTo(CreditNoteOrigin.CANCELLATION_CREDIT);
  }

  @Test
  void thresholdIsPerCurrencyAndValidated() {
    assertThat(CreditNoteApprovalPolicy.above(inr("500.00")).requiresApproval(Money.of("USD", "1000000")))
        .isFalse();
    assertThat(CreditNoteApprovalPolicy.above(inr("500.00")).requiresApproval(inr("500.00"))).isFalse();
    assertThat(CreditNoteApprovalPolicy.above(inr("500.00")).requiresApproval(inr("500.01"))).isTrue();
    assertThatThrownBy(() -> CreditNoteApprovalPolicy.above(inr("-1")))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThatThrownBy(() -> new CreditNoteApprovalPolicy(Map.of(Money.currency("USD"), inr("1"))))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
  }

  @Test
  void jsonRoundTripsEveryState() {
    Invoice inv = thousand();
    CreditNote pending = GATED.issue("cn_1", inv, List.of(), List.of(CreditRequest.full(base())),
        CreditNoteReason.OTHER, "", ISSUED);
    for (CreditNote n : List.of(pending, pending.rejected("bob", "no", LATER),
        GATED.approve(pending, inv, List.of(), "CN-9", "alice", "ok", LATER))) {
      ObjectNode json = CreditNoteJson.write(n);
      assertThat(CreditNoteJson.read(JsonObjectReader.root(json, "test"))).isEqualTo(n);
    }
    assertThat(CreditNoteJson.write(pending).get("status").asText()).isEqualTo("pending_approval");
    assertThat(CreditNoteJson.write(pending.rejected("bob", "no", LATER)).get("approval").get("actor").asText())
        .isEqualTo("bob");
  }

  /**
   * Invariant: amount due = max(0, total − Σ issued credit notes − payments), and adding notes
   * pending approval (or rejecting them) never changes it.
   */
  @Test
  void amountDueIsTotalLessIssuedNotesAndPaymentsPendingNeverCount() {
    qt().forAll(lists().of(integers().between(1, 300)).ofSizeBetween(1, 6), integers().between(0, 2000),
        integers().between(0, 1_000_000))
        .checkAssert((parts, paidRupees, seed) -> {
          Invoice inv = thousand();
          List<CreditNote> notes = new ArrayList<>();
          List<CreditNote> issuedOnly = new ArrayList<>();
          int k = 0;
          for (int part : parts) {
            Money ask = inr(part + ".00");
            if (GATED.remainingTaxable(inv, notes, base()).compareTo(ask) < 0) {
              break;
            }
            boolean gate = ((seed >> (k % 20)) & 1) == 1;
            CreditNoteCalculator calc = gate
                ? CreditNoteCalculator.DEFAULT.withApproval(CreditNoteApprovalPolicy.above(inr("0")))
                : CreditNoteCalculator.DEFAULT;
            CreditNote n = calc.issue("cn_" + k++, inv, notes, List.of(CreditRequest.partial(base(), ask)),
                CreditNoteReason.OTHER, "", ISSUED);
            if (((seed >> (k % 17)) & 3) == 0 && n.status() == CreditNoteStatus.PENDING_APPROVAL) {
              n = n.rejected("bob", "", LATER);
            }
            notes.add(n);
            if (n.status() == CreditNoteStatus.ISSUED) {
              issuedOnly.add(n);
            }
          }
          Money paid = inr(paidRupees + ".00");
          Money issued = Money.total(inv.currency(), issuedOnly.stream().map(CreditNote::total).toList());
          Money expected = inv.totals().total().minus(issued).minus(paid).max(inr("0"));
          assertThat(InvoiceBalance.amountDue(inv, notes, paid)).isEqualTo(expected);
          assertThat(InvoiceBalance.amountDue(inv, issuedOnly, paid)).isEqualTo(expected);
          assertThat(RoundingPolicy.DEFAULT.isRounded(expected)).isTrue();
        });
  }
}
