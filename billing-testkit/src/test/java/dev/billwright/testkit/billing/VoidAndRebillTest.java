package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Void, then bill again (issue 12: a voided invoice blocked its period for ever). Plan {@code otp@1}
 * of {@link SubscriptionValidatorTest}: 1000 INR a month in advance, OTPs at 0.20 INR in arrears;
 * 100 OTPs in October. A run on 1 November issues the opening invoice (October's fee) and the
 * 1 November invoice (October's OTPs, November's fee).
 */
class VoidAndRebillTest {
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");

  final InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
      SubscriptionValidatorTest.plan("otp", 1, PlanStatus.ACTIVE).build()));
  final InMemoryInvoiceStore store = new InMemoryInvoiceStore();
  final BillRun run = new BillRun(catalog, store, new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT);
  final Subscription sub = SubscriptionValidatorTest.sub("otp", 1).build();
  final BillRunRequest request = BillRunRequest.of(List.of(sub),
      (s, window) -> PeriodUsage.ofQuantities(Map.of("otp", new BigDecimal("100"))), NOV);

  @Test
  void aVoidedPeriodIsBilledAgainWithANewIdAndNumberAndTheVoidInvoiceStays() {
    BillRunResult first = run.run(request);
    assertThat(first.created()).hasSize(2);
    Invoice november = first.created().get(1);
    assertThat(november.issuedAt()).isEqualTo(NOV);
    Invoice voided = store.compareAndSet(november, InvoiceLifecycle.voidInvoice(november, NOV.plusSeconds(3600)));

    BillRunResult again = run.run(request);
    assertThat(again.failures()).isEmpty();
    assertThat(again.created()).singleElement().satisfies(rebilled -> {
      assertThat(rebilled.key()).isEqualTo(november.key());
      assertThat(rebilled.id()).isNotEqualTo(november.id()).isEqualTo(DocumentIds.invoiceId(november.key(), 1));
      assertThat(rebilled.status()).isEqualTo(InvoiceStatus.FINALIZED);
      assertThat(rebilled.number()).isPresent();
      assertThat(rebilled.number()).isNotEqualTo(november.number());
      assertThat(rebilled.number()).isNotEqualTo(first.created().get(0).number());
      // the same period, the same usage, the same lines: 100 x 0.20 = 20.00 and the 1000.00 fee
      assertThat(rebilled.lines()).extracting(InvoiceLine::lineId)
          .containsExactlyElementsOf(november.lines().stream().map(InvoiceLine::lineId).toList());
      assertThat(rebilled.totals().total()).isEqualTo(november.totals().total());
    });
    assertThat(again.existing()).containsExactly(first.created().get(0));
    Invoice rebilled = again.created().get(0);
    assertThat(store.findById(november.id())).contains(voided);
    assertThat(store.find(november.key())).contains(rebilled);
    assertThat(store.findAllByKey(november.key())).containsExactly(voided, rebilled);

    // a second re-run changes nothing
    BillRunResult third = run.run(request);
    assertThat(third.created()).isEmpty();
    assertThat(third.existing()).containsExactly(first.created().get(0), rebilled);
    assertThat(store.findAllByKey(november.key())).containsExactly(voided, rebilled);
  }

  @Test
  void aPeriodVoidedTwiceIsBilledAThirdTimeUnderAThirdId() {
    Invoice november = run.run(request).created().get(1);
    store.compareAndSet(november, InvoiceLifecycle.voidInvoice(november, NOV.plusSeconds(60)));
    Invoice second = run.run(request).created().get(0);
    store.compareAndSet(second, InvoiceLifecycle.voidInvoice(second, NOV.plusSeconds(120)));
    Invoice third = run.run(request).created().get(0);
    assertThat(List.of(november.id(), second.id(), third.id())).doesNotHaveDuplicates();
    assertThat(third.id()).isEqualTo(DocumentIds.invoiceId(november.key(), 2));
    assertThat(store.findAllByKey(november.key())).extracting(Invoice::status)
        .containsExactly(InvoiceStatus.VOID, InvoiceStatus.VOID, InvoiceStatus.FINALIZED);
  }
}
