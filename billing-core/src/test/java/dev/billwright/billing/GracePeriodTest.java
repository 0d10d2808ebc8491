package dev.billwright.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.PaymentTerms;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The grace period for corrections (Lago {@code invoice_grace_period}): drafts stay open for the
 * grace period, late usage inside it updates the draft, the first run after it finalizes. Plan:
 * API calls graduated 0.10 USD each up to 100, 0.05 USD above, billed monthly in arrears; the
 * January 2026 invoice closes on 1 February.
 */
class GracePeriodTest {
  static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
  static final Duration P3D = Duration.parse("P3D");

  static final MapCatalog CATALOG = new MapCatalog(BillingFixtures.plan("""
      {"code":"api","version":1,"status":"active","currency":"USD",
       "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC"},
       "charges":[{"code":"calls","name":"API calls","kind":"usage","timing":"in_arrears","meter":"calls",
         "price":{"model":"graduated","tiers":[{"up_to":"100","unit_price":"0.10"},{"up_to":null,"unit_price":"0.05"}]}}]}
      """));
  static final Subscription SUB = Subscription.builder().id("sub_1").customerId("cus_1").planCode("api")
      .planVersion(1).start(JAN).build();

  static UsageSource calls(long n) {
    return (s, w) -> w.period().start().equals(JAN)
        ? PeriodUsage.ofQuantities(Map.of("calls", BigDecimal.valueOf(n))) : PeriodUsage.NONE;
  }

  static BillRunResult run(BillRun run, long calls, Instant asOf) {
    return run.run(BillRunRequest.of(List.of(SUB), calls(calls), asOf));
  }

  @Test
  void lateUsageInsideTheGracePeriodUpdatesTheDraftThenItIsFinalized() {
    MapStore store = new MapStore();
    BillRun run = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
        .withWorkflow(InvoiceWorkflow.DEFAULT.withGracePeriod(P3D).withPaymentTerms(PaymentTerms.net(30)));
    // at the boundary: 80 calls → a draft of 8.00, stored, unnumbered
    BillRunResult first = run(run, 80, FEB);
    assertThat(first.created()).singleElement().satisfies(i -> {
      assertThat(i.status()).isEqualTo(InvoiceStatus.DRAFT);
      assertThat(i.number()).isEmpty();
      assertThat(i.totals().total()).isEqualTo(Money.of("USD", "8.00"));
    });
    // a day later 40 late calls (120 in all): the draft is re-rated, 100 × 0.10 + 20 × 0.05 = 11.00
    BillRunResult second = run(run, 120, FEB.plus(Duration.ofDays(1)));
    assertThat(second.created()).singleElement()
        .satisfies(i -> assertThat(i.totals().total()).isEqualTo(Money.of("USD", "11.00")));
    // the same run again writes nothing
    BillRunResult again = run(run, 120, FEB.plus(Duration.ofDays(1)));
    assertThat(again.created()).isEmpty();
    assertThat(again.existing()).singleElement().isEqualTo(second.created().get(0));
    // at the end of the grace period: finalized, dated 4 February, due 30 days later
    Instant end = FEB.plus(P3D);
    BillRunResult last = run(run, 120, end);
    Invoice inv = last.created().get(0);
    assertThat(inv.status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(inv.number()).isPresent();
    assertThat(inv.finalizedAt()).contains(end);
    assertThat(inv.dueDate()).contains(LocalDate.of(2026, 3, 6));
    assertThat(inv.totals().total()).isEqualTo(Money.of("USD", "11.00"));
    assertThat(store.byKey).hasSize(1);
    // afterwards nothing changes: later usage goes to a correction
    BillRunResult after = run(run, 500, end.plus(Duration.ofDays(1)));
    assertThat(after.created()).isEmpty();
    assertThat(after.existing()).containsExactly(inv);
  }

  @Test
  void withoutAGracePeriodTheBoundaryFinalizesAsBefore() {
    MapStore store = new MapStore();
    BillRun run = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT);
    Invoice inv = run(run, 80, FEB).created().get(0);
    assertThat(inv.status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(inv.finalizedAt()).contains(FEB);
    assertThat(inv.dueDate()).isEmpty();
  }

  @Test
  void gracePeriodIsValidated() {
    assertThatThrownBy(() -> InvoiceWorkflow.DEFAULT.withGracePeriod(Duration.ofDays(-1)))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThatThrownBy(() -> InvoiceWorkflow.DEFAULT.withGracePeriod(Duration.ofDays(367)))
        .hasMessageContaining("grace_period");
    assertThat(InvoiceWorkflow.DEFAULT.holdsDraft(FEB, FEB)).isFalse();
    assertThat(InvoiceWorkflow.DEFAULT.withGracePeriod(P3D).holdsDraft(FEB, FEB.plus(P3D).minusNanos(1))).isTrue();
  }

  /**
   * For any usage at the boundary and any late usage, the invoice finalized after a grace period
   * during which the late usage arrived totals exactly what the correction path nets without a
   * grace period: original + adjustment invoice − credit note.
   */
  @Test
  void graceUpdateTotalsWhatACorrectionWouldNet() {
    qt().withExamples(60).forAll(integers().between(0, 400), integers().between(0, 400)).checkAssert((n1, n2) -> {
      BillRun grace = new BillRun(CATALOG, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
          .withWorkflow(InvoiceWorkflow.DEFAULT.withGracePeriod(P3D));
      run(grace, n1, FEB);
      run(grace, n1 + n2, FEB.plus(Duration.ofDays(2)));
      Invoice held = run(grace, n1 + n2, FEB.plus(P3D)).created().get(0);
      assertThat(held.status()).isEqualTo(InvoiceStatus.FINALIZED);

      BillRun plain = new BillRun(CATALOG, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT);
      Invoice original = run(plain, n1, FEB).created().get(0);
      BillingCycle cycle = SubscriptionCycles.cycles(SUB, CATALOG, FEB, FEB).get(0);
      InvoiceRequest rerate = new InvoiceRequest(SUB, CATALOG, cycle,
          PeriodUsage.ofQuantities(Map.of("calls", BigDecimal.valueOf(n1 + n2))), List.of(), List.of(),
          TaxContext.none());
      Correction c = LateUsageCorrector.DEFAULT.correct(rerate, original, List.of(), List.of(),
          FEB.plus(Duration.ofDays(2)));
      Money net = original.totals().total()
          .plus(c.adjustmentInvoice().map(a -> a.totals().total()).orElse(Money.zero(original.currency())))
          .minus(c.creditNote().map(n -> n.total()).orElse(Money.zero(original.currency())));
      assertThat(held.totals().total()).isEqualTo(net);
      assertThat(c.adjustmentInvoice().isPresent()).isEqualTo(held.totals().total().compareTo(original.totals().total()) > 0);
    });
  }

  /** A bill run that fails before writing leaves the stored draft as it was (nothing half-applied). */
  @Test
  void aFailingUsageSourceLeavesTheDraftUnchanged() {
    MapStore store = new MapStore();
    BillRun run = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
        .withWorkflow(InvoiceWorkflow.DEFAULT.withGracePeriod(P3D));
    Invoice draft = run(run, 80, FEB).created().get(0);
    BillRunResult failed = run.run(BillRunRequest.of(List.of(SUB), (s, w) -> {
      throw new IllegalStateException("usage store down");
    }, FEB.plus(Duration.ofDays(1))));
    assertThat(failed.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("usage store down"));
    assertThat(store.find(draft.key())).contains(draft);
    assertThat(Optional.of(run(run, 90, FEB.plus(Duration.ofDays(1))).created().get(0).totals().total()))
        .contains(Money.of("USD", "9.00"));
  }
}
