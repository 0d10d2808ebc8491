package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code billing.termination_day}: Lago bills a terminated subscription including its termination
 * day; Billwright's half-open periods (the default) bill up to the end instant.
 */
class TerminationDayTest {
  static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant CANCEL = Instant.parse("2026-04-15T10:00:00Z");

  static MapCatalog catalog(String terminationDay, String timing) {
    return new MapCatalog(BillingFixtures.plan("""
        {"code":"basic","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days",
                    "termination_day":"%s"},
         "charges":[{"code":"platform","name":"Platform fee","kind":"recurring","timing":"%s",
           "price":{"model":"flat","amount":"30.00"}}]}
        """.formatted(terminationDay, timing)));
  }

  static Subscription cancelled() {
    return Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1).start(APR)
        .addChanges(SubscriptionChange.cancel("chg_1", CANCEL, ChangeTiming.IMMEDIATE)).build();
  }

  static BillRunResult run(MapCatalog catalog, Instant asOf) {
    return new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(cancelled()), UsageSource.NONE, asOf));
  }

  static Money fees(List<Invoice> invoices) {
    return invoices.stream().flatMap(i -> i.lines().stream()).map(InvoiceLine::amount).reduce(usd("0"), Money::plus);
  }

  @Test
  void inArrearsTheEndingDayIsBilledOnlyWhenTheTerminationDayIsBilled() {
    // days proration over April's 30 days: 1–14 April is 14 days (14.00), 1–15 April 15 days (15.00)
    assertThat(fees(run(catalog("not_billed", "in_arrears"), Instant.parse("2026-05-01T00:00:00Z")).created()))
        .isEqualTo(usd("14.00"));
    assertThat(fees(run(catalog("billed", "in_arrears"), Instant.parse("2026-05-01T00:00:00Z")).created()))
        .isEqualTo(usd("15.00"));
  }

  @Test
  void inAdvanceTheCancellationCreditStartsTheDayAfterWhenTheTerminationDayIsBilled() {
    // April is billed 30.00 in advance on 1 April; the cancellation recorded later credits the unused days
    for (String rule : new String[] {"billed", "not_billed"}) {
      MapCatalog catalog = catalog(rule, "in_advance");
      BillRun run = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT);
      Subscription active = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
          .start(APR).build();
      assertThat(fees(run.run(BillRunRequest.of(List.of(active), UsageSource.NONE, APR)).created()))
          .isEqualTo(usd("30.00"));
      List<CreditNote> notes = run.run(BillRunRequest.of(List.of(cancelled()), UsageSource.NONE,
          Instant.parse("2026-04-20T00:00:00Z"))).creditNotes();
      // billed: 16–30 April unused (15 days, Lago); not billed: from 15 April 10:00 (days proration counts 15–30 April)
      assertThat(notes).singleElement().satisfies(n -> assertThat(n.total())
          .isEqualTo(rule.equals("billed") ? usd("15.00") : usd("16.00")));
    }
    // known before the opening invoice: billed through the end of the termination day
    assertThat(fees(run(catalog("billed", "in_advance"), APR).created())).isEqualTo(usd("15.00"));
  }
}
