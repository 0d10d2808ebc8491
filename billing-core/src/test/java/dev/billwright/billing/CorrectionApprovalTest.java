package dev.billwright.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteApprovalPolicy;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceBalance;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Credit note approval on the engine's correction path: a usage correction whose credit note is
 * above the threshold waits for approval, reserves its credit (a second correction with the same
 * usage proposes nothing more), reduces nothing due until approved, and a rejection lets the next
 * correction propose the decrease again. Plan and figures as {@link GracePeriodTest}.
 */
class CorrectionApprovalTest {
  static final Instant AT = GracePeriodTest.FEB.plus(Duration.ofDays(5));
  static final CreditNoteCalculator GATED =
      CreditNoteCalculator.DEFAULT.withApproval(CreditNoteApprovalPolicy.above(Money.of("USD", "5.00")));
  static final LateUsageCorrector CORRECTOR = new LateUsageCorrector(InvoiceAssembler.DEFAULT, GATED);

  static InvoiceRequest rerate(long calls) {
    BillingCycle cycle = SubscriptionCycles.cycles(GracePeriodTest.SUB, GracePeriodTest.CATALOG, GracePeriodTest.FEB,
        GracePeriodTest.FEB).get(0);
    return new InvoiceRequest(GracePeriodTest.SUB, GracePeriodTest.CATALOG, cycle,
        PeriodUsage.ofQuantities(Map.of("calls", BigDecimal.valueOf(calls))), List.of(), List.of(), TaxContext.none());
  }

  /**
   * 300 calls billed 100 × 0.10 + 200 × 0.05 = 20.00; re-rated to 100 calls, 10.00: a credit of
   * 10.00, above 5.00, so pending. Re-rated to 180 calls (14.00) instead: a credit of 6.00, also
   * pending; to 250 calls (17.50): 2.50, issued at once.
   */
  @Test
  void correctionCreditAboveTheThresholdWaitsForApproval() {
    Invoice original = GracePeriodTest.run(new BillRun(GracePeriodTest.CATALOG, new MapStore(), new Counter(),
        InvoiceAssembler.DEFAULT), 300, GracePeriodTest.FEB).created().get(0);
    assertThat(original.totals().total()).isEqualTo(Money.of("USD", "20.00"));

    CreditNote pending = CORRECTOR.correct(rerate(100), original, List.of(), List.of(), AT).creditNote().orElseThrow();
    assertThat(pending.status()).isEqualTo(CreditNoteStatus.PENDING_APPROVAL);
    assertThat(pending.origin()).isEqualTo(CreditNoteOrigin.USAGE_CORRECTION);
    assertThat(pending.total()).isEqualTo(Money.of("USD", "10.00"));
    assertThat(InvoiceBalance.amountDue(original, List.of(pending), Money.of("USD", "0")))
        .isEqualTo(Money.of("USD", "20.00"));

    // the same usage again: the pending note already holds the decrease
    Correction again = CORRECTOR.correct(rerate(100), original, List.of(pending), List.of(), AT);
    assertThat(again.deltas()).isEmpty();

    CreditNote approved = GATED.approve(pending, original, List.of(pending), "CN-0001", "ops@acme", "late usage fix",
        AT.plusSeconds(60));
    assertThat(InvoiceBalance.amountDue(original, List.of(approved), Money.of("USD", "0")))
        .isEqualTo(Money.of("USD", "10.00"));

    // rejected: counts for nothing, so the next correction proposes the decrease again
    CreditNote rejected = pending.rejected("ops@acme", "usage source wrong", AT.plusSeconds(60));
    Correction retry = CORRECTOR.correct(rerate(100), original, List.of(rejected), List.of(), AT.plusSeconds(120));
    assertThat(retry.creditNote()).hasValueSatisfying(n -> {
      assertThat(n.total()).isEqualTo(Money.of("USD", "10.00"));
      assertThat(n.id()).isNotEqualTo(pending.id());
    });

    assertThat(CORRECTOR.correct(rerate(180), original, List.of(), List.of(), AT).creditNote().orElseThrow().status())
        .isEqualTo(CreditNoteStatus.PENDING_APPROVAL);
    assertThat(CORRECTOR.correct(rerate(250), original, List.of(), List.of(), AT).creditNote().orElseThrow().status())
        .isEqualTo(CreditNoteStatus.ISSUED);
  }
}
