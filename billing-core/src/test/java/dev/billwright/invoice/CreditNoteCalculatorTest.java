package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.finalized;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditNoteCalculatorTest {
  private static final CreditNoteCalculator CALC = CreditNoteCalculator.DEFAULT;

  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  private static Invoice thousand() {
    return finalized("inv_1", List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000"),
        line("sub_1", "api", LineKind.USAGE, "250.50")));
  }

  private static String base() {
    return InvoiceLine.lineIdOf("sub_1", "base", java.util.Map.of(), LineKind.RECURRING_FEE);
  }

  /**
   * Worked example: INR 1000 at CGST 9 % + SGST 9 % (90 + 90). Credit 333.33: each head
   * round(333.33 × 9 / 100) = round(29.9997) = 30.00. Then the rest, 666.67: the rest of each
   * head, 60.00, reused verbatim (GST reference notes §5.7).
   */
  @Test
  void partialThenRestReversesExactlyTheOriginalTax() {
    Invoice inv = thousand();
    CreditNote first = CALC.issue("cn_1", inv, List.of(), List.of(CreditRequest.partial(base(), inr("333.33"))),
        CreditNoteReason.PRODUCT_UNSATISFACTORY, "", ISSUED);
    assertThat(first.taxByHead()).containsEntry("CGST", inr("30.00")).containsEntry("SGST", inr("30.00"));
    assertThat(first.total()).isEqualTo(inr("393.33"));
    assertThat(first.lines().get(0).taxLines()).extracting(TaxLine::ratePercent)
        .containsExactly(new BigDecimal("9"), new BigDecimal("9"));
    assertThat(CALC.remainingTaxable(inv, List.of(first), base())).isEqualTo(inr("666.67"));
    CreditNote rest = CALC.issue("cn_2", inv, List.of(first), List.of(CreditRequest.full(base())),
        CreditNoteReason.ORDER_CHANGE, "downgrade", ISSUED);
    assertThat(rest.taxableTotal()).isEqualTo(inr("666.67"));
    assertThat(rest.taxByHead()).containsEntry("CGST", inr("60.00")).containsEntry("SGST", inr("60.00"));
    assertThatThrownBy(() -> CALC.issue("cn_3", inv, List.of(first, rest),
        List.of(CreditRequest.partial(base(), inr("0.01"))), CreditNoteReason.OTHER, "", ISSUED))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining(base()).hasMessageContaining("asked INR 0.01").hasMessageContaining("remaining INR 0.00")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING);
  }

  @Test
  void voidCreditNotesNoLongerCount() {
    Invoice inv = thousand();
    CreditNote all = CALC.issue("cn_1", inv, List.of(), List.of(CreditRequest.full(base())), CreditNoteReason.OTHER,
        "", ISSUED);
    assertThat(CALC.remainingTaxable(inv, List.of(all.voided()), base())).isEqualTo(inr("1000"));
    assertThatThrownBy(() -> all.voided().voided()).hasMessageContaining("from VOID to VOID");
  }

  @Test
  void onlyFinalizedOrPaidInvoicesTakeCreditNotes() {
    Invoice draft = draft("inv_1", "sub_1", List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000")));
    assertThatThrownBy(() -> CALC.issue("cn", draft, List.of(), List.of(CreditRequest.full(base())),
        CreditNoteReason.OTHER, "", ISSUED))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    Invoice voided = InvoiceLifecycle.voidInvoice(thousand(), ISSUED);
    assertThatThrownBy(() -> CALC.issue("cn", voided, List.of(), List.of(CreditRequest.full(base())),
        CreditNoteReason.OTHER, "", ISSUED)).hasMessageContaining("only FINALIZED or PAID");
    Invoice paid = InvoiceLifecycle.markPaid(thousand(), ISSUED);
    assertThat(CALC.issue("cn", paid, List.of(), List.of(CreditRequest.full(base())), CreditNoteReason.OTHER, "",
        ISSUED).total()).isEqualTo(inr("1180"));
  }

  /**
   * Unused time: cancelled after 20 of 30 days of an in-advance INR 1000 fee → 10/30 of 1000 =
   * 333.333…, rounded once HALF_UP to 333.33; tax 30.00 per head as above.
   */
  @Test
  void unusedTimeCreditUsesTheExactFraction() {
    Invoice inv = thousand();
    Instant cancel = InvoiceFixtures.OCTOBER.start().plusSeconds(20L * 86_400);
    CreditNote cn = CALC.unusedTime("cn_1", inv, List.of(), base(), cancel, BigInteger.TEN, BigInteger.valueOf(30),
        ISSUED);
    assertThat(cn.reason()).isEqualTo(CreditNoteReason.ORDER_CANCELLATION);
    assertThat(cn.taxableTotal()).isEqualTo(inr("333.33"));
    assertThat(cn.taxTotal()).isEqualTo(inr("60.00"));
    assertThatThrownBy(() -> CALC.unusedTime("cn_2", inv, List.of(), base(), InvoiceFixtures.OCTOBER.end(),
        BigInteger.ONE, BigInteger.TWO, ISSUED)).hasMessageContaining("service period");
    assertThatThrownBy(() -> CALC.unusedTime("cn_2", inv, List.of(), base(), cancel, BigInteger.TWO, BigInteger.ONE,
        ISSUED)).hasMessageContaining("from 0 to 1");
  }

  @Test
  void requestsAreValidated() {
    Invoice inv = thousand();
    assertThatThrownBy(() -> CALC.issue("cn", inv, List.of(), List.of(CreditRequest.full("nope")),
        CreditNoteReason.OTHER, "", ISSUED)).hasMessageContaining("the id of a line");
    assertThatThrownBy(() -> CALC.issue("cn", inv, List.of(), List.of(CreditRequest.full(base()),
        CreditRequest.full(base())), CreditNoteReason.OTHER, "", ISSUED)).hasMessageContaining("at most once");
    assertThatThrownBy(() -> CALC.issue("cn", inv, List.of(), List.of(CreditRequest.partial(base(), inr("1000.01"))),
        CreditNoteReason.OTHER, "", ISSUED))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING);
  }

  /**
   * Any sequence of partial credit notes (amounts drawn at random, some too large and rejected)
   * never credits more than the invoice: per line, per head and in total, taxes included.
   */
  @Test
  void creditNotesNeverExceedTheInvoice() {
    qt().withExamples(200).forAll(
        lists().of(integers().between(1, 3_000_000)).ofSizeBetween(1, 4),
        lists().of(integers().between(1, 1_500_000)).ofSizeBetween(1, 25))
        .checkAssert((linePaise, asks) -> {
          List<InvoiceLine> lines = new ArrayList<>();
          for (int i = 0; i < linePaise.size(); i++) {
            lines.add(line("sub_1", "c" + i, LineKind.USAGE, BigDecimal.valueOf(linePaise.get(i), 2).toPlainString()));
          }
          Invoice inv = finalized("inv_1", lines);
          List<CreditNote> notes = new ArrayList<>();
          for (int k = 0; k < asks.size(); k++) {
            InvoiceLine target = inv.lines().get(k % inv.lines().size());
            Money ask = Money.of(inv.currency(), BigDecimal.valueOf(asks.get(k), 2));
            boolean full = asks.get(k) % 7 == 0;
            Money remaining = CALC.remainingTaxable(inv, notes, target.lineId());
            CreditRequest request = full ? CreditRequest.full(target.lineId())
                : CreditRequest.partial(target.lineId(), ask);
            boolean shouldFit = full ? remaining.isPositive() : ask.compareTo(remaining) <= 0;
            try {
              notes.add(CALC.issue("cn_" + k, inv, notes, List.of(request), CreditNoteReason.OTHER, "", ISSUED));
              assertThat(shouldFit).isTrue();
            } catch (BillingException e) {
              assertThat(e.code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING);
              assertThat(shouldFit).isFalse();
            }
          }
          Money total = Money.zero(inv.currency());
          for (InvoiceLine l : inv.lines()) {
            Money taxable = Money.zero(inv.currency());
            Money cgst = Money.zero(inv.currency());
            for (CreditNote n : notes) {
              total = total.plus(n.line(l.lineId()).map(CreditNoteLine::total).orElse(Money.zero(inv.currency())));
              taxable = taxable.plus(n.line(l.lineId()).map(CreditNoteLine::taxableAmount)
                  .orElse(Money.zero(inv.currency())));
              cgst = cgst.plus(n.line(l.lineId()).map(cl -> cl.taxLines().get(0).taxAmount())
                  .orElse(Money.zero(inv.currency())));
            }
            assertThat(taxable).isLessThanOrEqualTo(l.taxableAmount());
            assertThat(cgst).isLessThanOrEqualTo(l.taxLines().get(0).taxAmount());
            if (taxable.equals(l.taxableAmount())) {
              assertThat(cgst).isEqualTo(l.taxLines().get(0).taxAmount());
            }
          }
          assertThat(total).isLessThanOrEqualTo(inv.totals().total());
        });
  }
}
