package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bill run's cancellation credits use the calculators it was given, not hard-wired defaults. */
class BillRunCalculatorsTest {
  static List<CreditNote> cancellationCredits(BillRun run) {
    // Basic: 30.00 a calendar month in advance, prorated by days; cancelled immediately on
    // 11 March, after the March fee was billed on 1 March
    Subscription sub = Subscription.builder().id("sub_cancel").customerId("cus_1").planCode("basic").planVersion(1)
        .start(Instant.parse("2026-02-01T00:00:00Z")).build();
    Subscription s = sub.withChange(SubscriptionChange.cancel("cx", Instant.parse("2026-03-11T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    // the March fee is billed in full on 1 March, before the cancellation is recorded
    assertThat(run.run(finalizing(sub, Instant.parse("2026-03-01T00:00:00Z"))).failures()).isEmpty();
    BillRunResult r = run.run(finalizing(s, Instant.parse("2026-03-12T00:00:00Z")));
    assertThat(r.failures()).isEmpty();
    return r.creditNotes();
  }

  /** A finalizing request (only finalized invoices are credited), no credit notes issued before. */
  static BillRunRequest finalizing(Subscription s, Instant asOf) {
    BillRunRequest of = BillRunRequest.of(List.of(s), UsageSource.NONE, asOf);
    return new BillRunRequest(of.subscriptions(), of.usage(), of.tax(), of.coupons(), of.asOf(), true, of.series(),
        of.credits(), id -> List.of());
  }

  /** The unused 21 of March's 31 days: 30.00 × 21 / 31 = 20.3225…, HALF_UP 20.32. */
  @Test
  void theDefaultCalculatorRoundsTheCreditHalfUp() {
    List<CreditNote> notes = cancellationCredits(new BillRun(ProrationTest.CATALOG, new BillingFixtures.MapStore(),
        new BillingFixtures.Counter(), InvoiceAssembler.DEFAULT));
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).lines().get(0).taxableAmount()).isEqualTo(BillingFixtures.usd("20.32"));
  }

  /**
   * Before: the cancellation credit used {@code CreditNoteCalculator.DEFAULT} whatever the host
   * configured; now the bill run's own calculator: rounding up, 20.3225… is 20.33.
   */
  @Test
  void theBillRunsCreditNoteCalculatorComputesTheCancellationCredit() {
    CreditNoteCalculator up = new CreditNoteCalculator(RoundingPolicy.ofCurrency(RoundingMode.UP));
    List<CreditNote> notes = cancellationCredits(new BillRun(ProrationTest.CATALOG, new BillingFixtures.MapStore(),
        new BillingFixtures.Counter(), InvoiceAssembler.DEFAULT, ProrationCredits.INVOICE_LINE, up));
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).lines().get(0).taxableAmount()).isEqualTo(BillingFixtures.usd("20.33"));
  }
}
