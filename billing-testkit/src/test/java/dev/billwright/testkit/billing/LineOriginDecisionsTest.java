package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.billing.TaxContext;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the bill run decides about earlier lines and credit notes (already credited for unused
 * time? issued before?) is read from their typed origins: a line's explanation is documentation
 * and a credit note's id is opaque, so a host that keeps no explanations, or stores credit notes
 * under ids of its own, is billed the same. Plans of {@link LateUsageCorrectorTest}: basic 10.00
 * USD and pro 40.00 USD a month, in advance, days basis.
 */
class LineOriginDecisionsTest {
  static final Instant NOV_16 = Instant.parse("2026-11-16T00:00:00Z");
  static final Instant NOV_21 = Instant.parse("2026-11-21T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
  static final UsageSource NO_USAGE = UsageSource.NONE;

  final InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
      LateUsageCorrectorTest.plan("basic", "10.00"), LateUsageCorrectorTest.plan("pro", "40.00")));
  final Subscription plain = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
      .start(LateUsageCorrectorTest.OCT).build();
  final Subscription upgradedThenCancelled = plain
      .withChange(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE, NOV_16,
          ChangeTiming.IMMEDIATE, "pro", 1))
      .withChange(SubscriptionChange.cancel("chg_2", NOV_21, ChangeTiming.IMMEDIATE));

  /**
   * The invoice as a store keeping its JSON without explanations gives it back: written by
   * {@link InvoiceJson}, each line's {@code explanation} removed, read again (origins kept).
   */
  static Invoice withoutExplanations(Invoice invoice) {
    ObjectNode json = InvoiceJson.write(invoice);
    json.withArray("lines").forEach(line -> ((ObjectNode) line).remove("explanation"));
    return InvoiceJson.read(JsonObjectReader.root(json, "store"));
  }

  /**
   * A host store that keeps no explanations (documentation it renders elsewhere): the finalized
   * invoices it stores, and returns, have lines with empty explanations.
   */
  static final class StoreWithoutExplanations implements InvoiceStore {
    final InMemoryInvoiceStore rows = new InMemoryInvoiceStore();

    @Override
    public Invoice insertIfAbsent(Invoice invoice) {
      return rows.insertIfAbsent(invoice);
    }

    @Override
    public Optional<Invoice> find(InvoiceKey key) {
      return rows.find(key);
    }

    @Override
    public List<Invoice> findAllByKey(InvoiceKey key) {
      return rows.findAllByKey(key);
    }

    @Override
    public Optional<Invoice> findById(String id) {
      return rows.findById(id);
    }

    @Override
    public Invoice compareAndSet(Invoice expected, Invoice replacement) {
      if (replacement.status() == InvoiceStatus.DRAFT) {
        return rows.compareAndSet(expected, replacement);
      }
      return rows.compareAndSet(expected, withoutExplanations(replacement));
    }

    @Override
    public List<Invoice> listByCustomer(String customerId, BillingPeriod period) {
      return rows.listByCustomer(customerId, period);
    }
  }

  /**
   * Upgrade on 16 November, cancellation on 21 November, November's basic fee billed on 1
   * November: the final invoice credits basic's fee for 16-30 November (10.00 × 15/30 = 5.00) as a
   * proration line, so the cancellation has nothing left to credit of it. Before origins, the bill
   * run found the credited fee only through the proration line's explanation key
   * {@code credited_line}; with a store that keeps no explanations it credited the fee again from
   * the 21st (10.00 × 10/30 = 3.33): the unused time paid twice.
   */
  @Test
  void aFeeCreditedByAProrationLineIsNotCreditedAgainAtTheCancellationWithoutExplanations() {
    StoreWithoutExplanations store = new StoreWithoutExplanations();
    BillRun run = new BillRun(catalog, store, new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT);
    run.run(BillRunRequest.of(List.of(plain), NO_USAGE, LateUsageCorrectorTest.NOV));
    BillRunResult result = run.run(BillRunRequest.of(List.of(upgradedThenCancelled), NO_USAGE, DEC));
    assertThat(result.failures()).isEmpty();

    Invoice last = result.created().get(0);
    InvoiceLine credit = last.lines().stream().filter(l -> l.kind() == LineKind.PRORATION_CREDIT)
        .collect(singleLine());
    assertThat(credit.explanation().isEmpty()).isTrue(); // stored without its explanation
    assertThat(credit.amount()).isEqualTo(Money.of("USD", "-5.00"));
    // basic's November fee, billed on 1 November
    assertThat(credit.origin()).isEqualTo(new LineOrigin.ProrationCredit("sub_1/fee//recurring_fee@2026-11-01T00:00:00Z"));
    // the pro charge for 16-21 November ends at the cancellation: nothing after it to credit either
    assertThat(result.creditNotes()).isEmpty();
  }

  /**
   * The cancellation credit note is issued once even when the host stores credit notes under its
   * own ids: a re-run recognises the earlier note by its origin on that line. Before origins the
   * bill run looked for its own id ({@code cn_…_cancel_0}), did not find it, and credited the
   * remaining unused time again. Immediate cancellation on 21 November of the basic subscription:
   * 10.00 × 10/30 = 3.33 once.
   */
  @Test
  void aCancellationCreditNoteStoredUnderTheHostsOwnIdIsNotIssuedAgain() {
    BillRun run = new BillRun(catalog, new InMemoryInvoiceStore(), new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    run.run(BillRunRequest.of(List.of(plain), NO_USAGE, LateUsageCorrectorTest.NOV));
    Subscription cancelled = plain.withChange(SubscriptionChange.cancel("chg_1", NOV_21, ChangeTiming.IMMEDIATE));
    BillRunResult first = run.run(BillRunRequest.of(List.of(cancelled), NO_USAGE, DEC));
    assertThat(first.creditNotes()).singleElement().satisfies(cn -> {
      assertThat(cn.origin()).isEqualTo(CreditNoteOrigin.CANCELLATION_CREDIT);
      assertThat(cn.taxableTotal()).isEqualTo(Money.of("USD", "3.33"));
    });
    List<CreditNote> hostNotes = new ArrayList<>();
    for (CreditNote cn : first.creditNotes()) {
      hostNotes.add(new CreditNote("CN-000001", Optional.of("CN-000001"), cn.invoiceId(), cn.currency(), cn.reason(),
          cn.reasonText(), cn.lines(), cn.status(), cn.issuedAt(), cn.origin()));
    }
    BillRunResult again = run.run(BillRunRequest.of(List.of(cancelled), NO_USAGE, DEC)
        .withEarlierCreditNotes(id -> hostNotes.stream().filter(cn -> cn.invoiceId().equals(id)).toList()));
    assertThat(again.failures()).isEmpty();
    assertThat(again.creditNotes()).isEmpty();
  }

  /**
   * In credit-note mode the credit line is moved to a credit note against the invoice of the line
   * its origin names, whatever its explanation says. Before origins a credit line without the
   * {@code credited_line} key stayed on the next invoice as a negative line, against GST's rule
   * that a reduction is a credit note.
   */
  @Test
  void creditNoteModeMovesACreditLineByItsOriginWithoutExplanation() {
    Subscription upgraded = plain.withChange(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE,
        NOV_16, ChangeTiming.IMMEDIATE, "pro", 1));
    Invoice november = InvoiceLifecycle.finalize(assemble(upgraded, LateUsageCorrectorTest.NOV, List.of()), "INV-2",
        LateUsageCorrectorTest.NOV);
    Invoice december = assemble(upgraded, DEC, november.lines());
    Invoice draft = withoutExplanations(december);
    assertThat(draft.lines()).allMatch(l -> l.explanation().isEmpty());

    ProrationCredits.Result moved = ProrationCredits.CREDIT_NOTE.apply(draft, List.of(november), List.of(), DEC);
    assertThat(moved.draft().lines()).noneMatch(l -> l.kind() == LineKind.PRORATION_CREDIT);
    assertThat(moved.creditNotes()).singleElement().satisfies(cn -> {
      assertThat(cn.invoiceId()).isEqualTo(november.id());
      assertThat(cn.origin()).isEqualTo(CreditNoteOrigin.PRORATION_CREDIT);
      assertThat(cn.taxableTotal()).isEqualTo(Money.of("USD", "5.00")); // 10.00 × 15/30
    });
  }

  Invoice assemble(Subscription sub, Instant boundary, List<InvoiceLine> previous) {
    BillingCycle cycle = SubscriptionCycles.cycles(sub, catalog, boundary, boundary).get(0);
    return InvoiceAssembler.DEFAULT.assemble(new InvoiceRequest(sub, catalog, cycle,
        PeriodUsage.ofQuantities(Map.of("calls", BigDecimal.ZERO)), previous, List.of(), TaxContext.none()))
        .orElseThrow();
  }

  static java.util.stream.Collector<InvoiceLine, ?, InvoiceLine> singleLine() {
    return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
      assertThat(l).hasSize(1);
      return l.get(0);
    });
  }
}
