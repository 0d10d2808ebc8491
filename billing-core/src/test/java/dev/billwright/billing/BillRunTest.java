package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static dev.billwright.billing.BillingGoldenTest.flatFee;
import static dev.billwright.billing.BillingGoldenTest.perUnitUsage;
import static dev.billwright.billing.BillingGoldenTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillRunTest {
  static final MapCatalog CATALOG = new MapCatalog(BillingFixtures.plan(plan("basic", "days", "",
      flatFee("basic_fee", "30") + "," + perUnitUsage("api_calls", "0.10"))));

  static Subscription sub(String id, String plan) {
    return Subscription.builder().id(id).customerId("cus_" + id).planCode(plan).planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).build();
  }

  static UsageSource calls(String quantity) {
    return (s, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal(quantity)));
  }

  /**
   * A preview run stores nothing (regression: it stored its drafts, which a later run reused);
   * an unclaimed draft left in the store (by an earlier version's preview, or released by a
   * failed run) is assembled again by the finalizing run (here with more usage: 100 → 250 calls,
   * 10.00 → 25.00) and finalized with gap-free numbers.
   */
  @Test
  void aPreviewStoresNothingAndAnUnclaimedDraftIsReassembledAndFinalized() {
    MapStore store = new MapStore();
    Counter counter = new Counter();
    BillRun run = new BillRun(CATALOG, store, counter, InvoiceAssembler.DEFAULT);
    Instant asOf = at("2026-04-01T00:00:00Z");
    BillRunResult preview = run.run(BillRunRequest.of(List.of(sub("s1", "basic")), calls("100"), asOf).asPreview());
    assertThat(preview.created()).hasSize(2).allMatch(i -> i.status() == InvoiceStatus.DRAFT);
    assertThat(preview.created().get(1).totals().total()).isEqualTo(usd("40.00"));
    assertThat(store.byKey).isEmpty();

    preview.created().forEach(store::insertIfAbsent); // as an earlier version's preview left them
    BillRunResult real = run.run(BillRunRequest.of(List.of(sub("s1", "basic")), calls("250"), asOf));
    assertThat(real.failures()).isEmpty();
    assertThat(real.created()).extracting(i -> i.number().orElseThrow()).containsExactly("INV-000001", "INV-000002");
    Invoice april = real.created().get(1);
    // March usage 250 × 0.10 = 25.00 + April fee 30.00
    assertThat(april.totals().total()).isEqualTo(usd("55.00"));
    assertThat(store.byKey.values()).allMatch(i -> i.status() == InvoiceStatus.FINALIZED && i.metadata().isEmpty());
    assertThat(run.run(BillRunRequest.of(List.of(sub("s1", "basic")), calls("250"), asOf)).created()).isEmpty();
    assertThat(counter.next("INV")).isEqualTo(3);
  }

  @Test
  void aFailingSubscriptionDoesNotStopTheOthers() {
    MapStore store = new MapStore();
    BillRun run = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT);
    BillRunResult r = run.run(BillRunRequest.of(List.of(sub("s2", "missing"), sub("s1", "basic"), sub("s1", "basic")),
        calls("1"), at("2026-03-01T00:00:00Z")));
    assertThat(r.created()).extracting(i -> i.subscriptionIds().get(0)).containsExactly("s1");
    assertThat(r.failures()).extracting(BillRunResult.Failure::subscriptionId).containsExactlyInAnyOrder("s1", "s2");
    assertThat(r.totals()).containsEntry(java.util.Currency.getInstance("USD"), usd("30.00"));
  }

  @Test
  void nothingIsBilledBeforeTheStart() {
    MapStore store = new MapStore();
    BillRunResult r = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(sub("s1", "basic")), calls("1"), at("2026-02-28T23:59:59Z")));
    assertThat(r.created()).isEmpty();
    assertThat(r.failures()).isEmpty();
  }
}
