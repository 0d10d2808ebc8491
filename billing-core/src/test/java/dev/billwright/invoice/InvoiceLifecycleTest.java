package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InvoiceLifecycleTest {
  private static final Instant LATER = ISSUED.plusSeconds(3600);

  private static Invoice simpleDraft() {
    return draft("inv_1", "sub_1", List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000")));
  }

  @Test
  void draftFinalizesThenIsPaid() {
    Invoice fin = InvoiceLifecycle.finalize(simpleDraft(), "INV/26-27/000001", LATER);
    assertThat(fin.status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(fin.number()).contains("INV/26-27/000001");
    assertThat(fin.finalizedAt()).contains(LATER);
    Invoice paid = InvoiceLifecycle.markPaid(fin, LATER.plusSeconds(1));
    assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(paid.paidAt()).contains(LATER.plusSeconds(1));
    assertThat(paid.number()).isEqualTo(fin.number());
    assertThat(paid.totals()).isEqualTo(fin.totals());
  }

  @Test
  void uncollectibleMayStillBePaidOrVoided() {
    Invoice fin = InvoiceLifecycle.finalize(simpleDraft(), "N1", LATER);
    Invoice bad = InvoiceLifecycle.markUncollectible(fin, LATER);
    assertThat(InvoiceLifecycle.markPaid(bad, LATER).status()).isEqualTo(InvoiceStatus.PAID);
    Invoice voided = InvoiceLifecycle.voidInvoice(bad, LATER);
    assertThat(voided.status()).isEqualTo(InvoiceStatus.VOID);
    assertThat(voided.number()).contains("N1");
    assertThat(voided.uncollectibleAt()).contains(LATER);
  }

  @Test
  void illegalTransitionsNameFromAndTo() {
    Invoice draft = simpleDraft();
    assertThatThrownBy(() -> InvoiceLifecycle.markPaid(draft, LATER))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("from DRAFT to PAID")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThatThrownBy(() -> InvoiceLifecycle.voidInvoice(draft, LATER))
        .hasMessageContaining("from DRAFT to VOID");
    Invoice paid = InvoiceLifecycle.markPaid(InvoiceLifecycle.finalize(draft, "N1", LATER), LATER);
    assertThatThrownBy(() -> InvoiceLifecycle.voidInvoice(paid, LATER)).hasMessageContaining("from PAID to VOID");
    assertThatThrownBy(() -> InvoiceLifecycle.finalize(paid, "N2", LATER)).hasMessageContaining("from PAID to FINALIZED");
  }

  /** Every pair of statuses: allowed exactly as in Stripe's invoice state diagram. */
  @ParameterizedTest
  @EnumSource(InvoiceStatus.class)
  void transitionTableMatchesStripe(InvoiceStatus from) {
    for (InvoiceStatus to : InvoiceStatus.values()) {
      boolean expected = switch (from) {
        case DRAFT -> to == InvoiceStatus.FINALIZED;
        case FINALIZED -> to == InvoiceStatus.PAID || to == InvoiceStatus.VOID || to == InvoiceStatus.UNCOLLECTIBLE;
        case UNCOLLECTIBLE -> to == InvoiceStatus.PAID || to == InvoiceStatus.VOID;
        case PAID, VOID -> false;
      };
      assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(expected);
    }
  }

  @Test
  void onlyDraftsChange() {
    Invoice fin = InvoiceLifecycle.finalize(simpleDraft(), "N1", LATER);
    assertThatThrownBy(() -> InvoiceLifecycle.withLines(fin, List.of(), List.of()))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("only drafts change")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThatThrownBy(() -> InvoiceLifecycle.applyCredits(fin, List.of()))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThatThrownBy(() -> DiscountCalculator.DEFAULT.applyTo(fin, List.of()))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
  }

  @Test
  void creditsReduceAmountDueNeverBelowZeroAndCannotExceedTotal() {
    Invoice draft = simpleDraft();
    Invoice credited = InvoiceLifecycle.applyCredits(draft,
        List.of(new AppliedCredit("wallet_1", Money.of("INR", "400.00"))));
    assertThat(credited.totals().amountDue()).isEqualTo(Money.of("INR", "600.00"));
    Invoice all = InvoiceLifecycle.applyCredits(draft, List.of(new AppliedCredit("wallet_1", Money.of("INR", "1000"))));
    assertThat(all.totals().amountDue().isZero()).isTrue();
    assertThatThrownBy(() -> InvoiceLifecycle.applyCredits(draft,
        List.of(new AppliedCredit("wallet_1", Money.of("INR", "1000.01")))))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING);
  }

  @Test
  void negativeTotalLeavesNothingDue() {
    Invoice draft = draft("inv_1", "sub_1", List.of(
        line("sub_1", "base", LineKind.PRORATION_CREDIT, "-300"),
        line("sub_1", "base", LineKind.PRORATION_CHARGE, "100")));
    assertThat(draft.totals().total()).isEqualTo(Money.of("INR", "-200"));
    assertThat(draft.totals().amountDue()).isEqualTo(Money.of("INR", "0"));
  }

  @Test
  void inconsistentInvoicesAreRejected() {
    InvoiceLine l = line("sub_1", "base", LineKind.RECURRING_FEE, "1000");
    assertThatThrownBy(() -> draft("inv_1", "sub_1", List.of(l, l)))
        .hasMessageContaining("unique line ids");
    assertThatThrownBy(() -> draft("inv_1", "sub_1", List.of(l.withDiscount(Money.of("INR", "10")))))
        .hasMessageContaining("sum of its discount lines");
    Invoice d = simpleDraft();
    assertThatThrownBy(() -> Invoice.builder().id(d.id()).key(d.key()).customerId(d.customerId())
        .currency(d.currency()).issuedAt(d.issuedAt()).status(InvoiceStatus.FINALIZED).build())
        .hasMessageContaining("field 'number': got 'absent'");
  }

  @Test
  void applyTaxSetsLinesFromTheTaxResultWithoutRecomputing() {
    Invoice draft = simpleDraft();
    String id = draft.lines().get(0).lineId();
    dev.billwright.tax.TaxResult tax = dev.billwright.tax.TaxResult.of(draft.currency(), List.of(
        new dev.billwright.tax.TaxLine(id, "IGST", new java.math.BigDecimal("18"), Money.of("INR", "1000"),
            Money.of("INR", "180.01"), true)), java.util.Optional.empty(), List.of());
    Invoice taxed = InvoiceLifecycle.applyTax(draft, tax);
    assertThat(taxed.totals().taxOf("IGST")).isEqualTo(Money.of("INR", "180.01"));
    assertThat(taxed.totals().total()).isEqualTo(Money.of("INR", "1180.01"));
    dev.billwright.tax.TaxResult stray = dev.billwright.tax.TaxResult.of(draft.currency(), List.of(
        new dev.billwright.tax.TaxLine("other", "IGST", new java.math.BigDecimal("18"), Money.of("INR", "1"),
            Money.of("INR", "0.18"), true)), java.util.Optional.empty(), List.of());
    assertThatThrownBy(() -> InvoiceLifecycle.applyTax(draft, stray)).hasMessageContaining("the id of a line");
    assertThatThrownBy(() -> InvoiceLifecycle.applyTax(draft, dev.billwright.tax.TaxResult.none(Money.currency("USD"))))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
  }
}
