package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.billing.TaxContext;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.LineKind;
import dev.billwright.memory.InMemoryCreditNoteStore;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proration-credit convention: a negative line (Stripe) or a credit note (Lago, GST). */
class ProrationCreditsTest {
  final InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
      LateUsageCorrectorTest.plan("basic", "10.00"), LateUsageCorrectorTest.plan("pro", "40.00")));
  final Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
      .start(LateUsageCorrectorTest.OCT)
      .addChanges(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE,
          Instant.parse("2026-11-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1))
      .build();

  Invoice assemble(Instant boundary, List<dev.billwright.invoice.InvoiceLine> previous) {
    BillingCycle cycle = SubscriptionCycles.cycles(sub, catalog, boundary, boundary).get(0);
    return InvoiceAssembler.DEFAULT.assemble(new InvoiceRequest(sub, catalog, cycle,
        PeriodUsage.ofQuantities(Map.of("calls", new BigDecimal("500"))), previous, List.of(), TaxContext.none()))
        .orElseThrow();
  }

  @Test
  void creditNoteModeMovesTheCreditToACreditNoteAgainstTheBillingInvoice() {
    Invoice november = InvoiceLifecycle.finalize(assemble(LateUsageCorrectorTest.NOV, List.of()), "INV-2",
        LateUsageCorrectorTest.NOV);
    Invoice december = assemble(Instant.parse("2026-12-01T00:00:00Z"), november.lines());
    assertThat(december.lines()).anyMatch(l -> l.kind() == LineKind.PRORATION_CREDIT);

    ProrationCredits.Result asLine = ProrationCredits.INVOICE_LINE.apply(december, List.of(november), List.of(),
        Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(asLine.draft()).isEqualTo(december);
    assertThat(asLine.creditNotes()).isEmpty();

    ProrationCredits.Result asNote = ProrationCredits.CREDIT_NOTE.apply(december, List.of(november), List.of(),
        Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(asNote.draft().lines()).noneMatch(l -> l.kind() == LineKind.PRORATION_CREDIT);
    // 15 of November's 30 days unused: 10.00 x 15/30 = 5.00, now on a credit note, not the invoice.
    assertThat(asNote.draft().totals().total()).isEqualTo(december.totals().total().plus(Money.of("USD", "5.00")));
    CreditNote cn = asNote.creditNotes().get(0);
    assertThat(cn.invoiceId()).isEqualTo(november.id());
    assertThat(cn.reason()).isEqualTo(CreditNoteReason.ORDER_CHANGE);
    assertThat(cn.taxableTotal()).isEqualTo(Money.of("USD", "5.00"));
    assertThat(cn.lines()).singleElement().satisfies(l ->
        assertThat(november.line(l.invoiceLineId()).orElseThrow().chargeCode()).isEqualTo("fee"));
    // Either way the customer is credited the same amount.
    assertThat(asNote.draft().totals().total().minus(cn.total())).isEqualTo(december.totals().total());
  }

  @Test
  void aBillRunInCreditNoteModeIssuesTheCreditNoteOnceAndNeverCreditsTwice() {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    dev.billwright.billing.BillRun run = new dev.billwright.billing.BillRun(catalog, store,
        new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT,
        ProrationCredits.CREDIT_NOTE);
    dev.billwright.rating.UsageSource usage = (s, w) -> PeriodUsage.NONE;
    Subscription plain = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
        .start(LateUsageCorrectorTest.OCT).build();
    // 1 November: the November fee (10.00) is billed in advance, before any change is known.
    dev.billwright.billing.BillRunResult first = run.run(dev.billwright.billing.BillRunRequest.of(List.of(plain),
        usage, LateUsageCorrectorTest.NOV));
    Invoice november = first.created().get(1);
    assertThat(november.totals().total()).isEqualTo(Money.of("USD", "10.00"));
    // Then: an upgrade on 16 November and an immediate cancellation on 21 November.
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("chg_2", Instant.parse("2026-11-21T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    dev.billwright.billing.BillRunResult result = run.run(dev.billwright.billing.BillRunRequest.of(List.of(cancelled),
        usage, Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(result.failures()).isEmpty();
    Invoice last = result.created().get(0);
    assertThat(last.lines()).noneMatch(l -> l.kind() == LineKind.PRORATION_CREDIT);
    // The final invoice (21 November) charges pro for 16-21 November: 40.00 x 5/30 = 6.67.
    assertThat(last.totals().total()).isEqualTo(Money.of("USD", "6.67"));
    // One credit note: basic's November fee for 16-30 November, 10.00 x 15/30 = 5.00, against the
    // November invoice. The cancellation does not credit basic's fee again.
    assertThat(result.creditNotes()).extracting(cn -> cn.taxableTotal().amount().toPlainString())
        .containsExactly("5.00");
    assertThat(result.creditNotes().get(0).invoiceId()).isEqualTo(november.id());
    // A second run with the credit notes stored issues nothing new.
    dev.billwright.billing.BillRunResult again = run.run(dev.billwright.billing.BillRunRequest.of(List.of(cancelled),
        usage, Instant.parse("2026-12-01T00:00:00Z")).withEarlierCreditNotes(id -> result.creditNotes().stream()
            .filter(cn -> cn.invoiceId().equals(id)).toList()));
    assertThat(again.created()).isEmpty();
    assertThat(again.creditNotes()).isEmpty();
  }

  /**
   * With a credit note store the run numbers and stores its credit notes itself (own series, CN-),
   * and a re-run finds them there: nothing is issued twice, and the host passes nothing back.
   */
  @Test
  void aBillRunWithACreditNoteStoreNumbersAndStoresItsCreditNotes() {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    InMemoryCreditNoteStore notes = new InMemoryCreditNoteStore();
    dev.billwright.invoice.InvoiceSeries cn = dev.billwright.invoice.InvoiceSeries.of("CN", "CN-", 6);
    dev.billwright.billing.BillRun run = new dev.billwright.billing.BillRun(catalog, store,
        new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT,
        ProrationCredits.CREDIT_NOTE).withCreditNotes(notes, note -> cn);
    dev.billwright.rating.UsageSource usage = (s, w) -> PeriodUsage.NONE;
    Subscription plain = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
        .start(LateUsageCorrectorTest.OCT).build();
    Invoice november = run.run(dev.billwright.billing.BillRunRequest.of(List.of(plain), usage,
        LateUsageCorrectorTest.NOV)).created().get(1);
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("chg_2", Instant.parse("2026-11-21T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    dev.billwright.billing.BillRunRequest december = dev.billwright.billing.BillRunRequest.of(List.of(cancelled),
        usage, Instant.parse("2026-12-01T00:00:00Z"));
    dev.billwright.billing.BillRunResult result = run.run(december);
    assertThat(result.failures()).isEmpty();
    assertThat(result.creditNotes()).singleElement().satisfies(n -> {
      assertThat(n.number()).contains("CN-000001");
      assertThat(n.invoiceId()).isEqualTo(november.id());
      assertThat(n.taxableTotal()).isEqualTo(Money.of("USD", "5.00"));
    });
    assertThat(notes.listByInvoice(november.id())).containsExactlyElementsOf(result.creditNotes());
    // the re-run, with no earlier credit notes passed, finds them in the store and issues nothing
    dev.billwright.billing.BillRunResult again = run.run(december);
    assertThat(again.created()).isEmpty();
    assertThat(again.creditNotes()).isEmpty();
    assertThat(notes.listByInvoice(november.id())).hasSize(1);
  }
}
