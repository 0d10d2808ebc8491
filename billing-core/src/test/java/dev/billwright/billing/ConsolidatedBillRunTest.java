package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageBinding;
import dev.billwright.rating.Accounts;
import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.money.Money;
import dev.billwright.subscription.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link BillRun#consolidating}: one invoice per billing account and period, carrying every
 * subscription's lines (its own and its child accounts'). Before, a bill run issued one invoice
 * per subscription, and merging them was left to the host.
 */
class ConsolidatedBillRunTest {
  static final Map<String, Meter> METERS = Map.of("calls", Meter.of("calls", "call", Aggregation.COUNT, null));
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant AS_OF = Instant.parse("2026-04-01T00:00:00Z");

  static String plan(String code, String fee, String unit) {
    return """
        {"code":"%s","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[
          {"code":"platform","name":"Platform fee","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"%s"}},
          {"code":"calls","name":"Calls","kind":"usage","meter":"calls","timing":"in_arrears",
           "price":{"model":"per_unit","unit_price":"%s"}}]}
        """.formatted(code, fee, unit);
  }

  static final MapCatalog CATALOG = new MapCatalog(BillingFixtures.plan(plan("basic", "10.00", "0.10")),
      BillingFixtures.plan(plan("pro", "49.99", "0.07")));
  static final Accounts ACME = Accounts.NONE.withChildren("acme", List.of("acme_eu"))
      .withAliases("acme", List.of("ACME-OLD"));

  record Scenario(List<Subscription> subs, UsageSource usage) {}

  static Scenario scenario(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Subscription> subs = new ArrayList<>();
    String[] customers = {"acme", "acme_eu"};
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      subs.add(Subscription.builder().id("sub_" + i).customerId(customers[r.nextInt(2)])
          .planCode(r.nextBoolean() ? "basic" : "pro").planVersion(1)
          .start(START.plusSeconds(86_400L * r.nextInt(70))).build());
    }
    List<UsageEvent> events = new ArrayList<>();
    String[] who = {"acme", "acme_eu", "ACME-OLD"};
    int count = r.nextInt(60);
    for (int i = 0; i < count; i++) {
      String named = r.nextInt(3) == 0 ? subs.get(r.nextInt(subs.size())).id() : null;
      events.add(UsageEvent.of("e" + i, who[r.nextInt(3)], named, "call",
          START.plusSeconds(r.nextLong(AS_OF.getEpochSecond() - START.getEpochSecond())), Map.of()));
    }
    SubscriptionUsage u = SubscriptionUsageAggregator.of(subs, CATALOG, METERS, AS_OF).withAccounts(ACME)
        .withBinding(UsageBinding.explicit((e, ids) -> java.util.Optional.of(ids.get(0)))).aggregate(events);
    return new Scenario(subs, UsageSource.of(u));
  }

  static Money sum(List<Invoice> invoices) {
    return invoices.stream().map(i -> i.totals().total()).reduce(usd("0"), Money::plus);
  }

  /** Every line of the invoices as (period, line id, amount), sorted; a line billed twice shows twice. */
  static List<String> lines(List<Invoice> invoices) {
    List<String> out = new ArrayList<>();
    invoices.forEach(i -> i.lines().forEach(l -> out.add(i.period() + " " + l.lineId() + " " + l.amount())));
    out.sort(null);
    return out;
  }

  /**
   * For any subscriptions of an account and its child (random plans, start dates, usage through
   * the hierarchy): the consolidated run gives one numbered invoice per period whose lines are
   * exactly those of the separate invoices, so its total is their sum.
   */
  @Test
  void consolidatedTotalsEqualTheSumOfTheSeparateInvoices() {
    qt().withExamples(40).forAll(longs().all()).checkAssert(seed -> {
      Scenario s = scenario(seed);
      MapStore separateStore = new MapStore();
      BillRunResult separate = new BillRun(CATALOG, separateStore, new Counter(), InvoiceAssembler.DEFAULT)
          .run(BillRunRequest.of(s.subs(), s.usage(), AS_OF));
      MapStore store = new MapStore();
      BillRunResult consolidated = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
          .consolidating(ACME, Set.of("acme")).run(BillRunRequest.of(s.subs(), s.usage(), AS_OF));
      assertThat(separate.failures()).isEmpty();
      assertThat(consolidated.failures()).isEmpty();

      List<Invoice> mine = consolidated.created();
      assertThat(mine).isNotEmpty().allSatisfy(i -> {
        assertThat(i.key().kind()).isEqualTo(InvoiceKind.CONSOLIDATED);
        assertThat(i.customerId()).isEqualTo("acme");
        assertThat(i.status()).isEqualTo(InvoiceStatus.FINALIZED);
      });
      assertThat(store.byKey.values()).containsExactlyInAnyOrderElementsOf(mine); // nothing else stored
      // one invoice per period billed separately (all plans are calendar monthly)
      Set<String> periods = new HashSet<>();
      separate.created().forEach(i -> periods.add(i.period() + "|" + i.key().kind()));
      assertThat(mine).hasSize(periods.size());
      // one number each, gap-free
      assertThat(mine.stream().map(i -> i.number().orElseThrow()).distinct()).hasSize(mine.size());
      assertThat(lines(mine)).isEqualTo(lines(separate.created())); // each line once, where it was
      assertThat(sum(mine)).isEqualTo(sum(separate.created()));
    });
  }

  /** Re-running creates nothing, takes no number and leaves the store as it was. */
  @Test
  void reRunningCreatesNothing() {
    qt().withExamples(15).forAll(longs().all()).checkAssert(seed -> {
      Scenario s = scenario(seed);
      MapStore store = new MapStore();
      Counter numbers = new Counter();
      BillRun run = new BillRun(CATALOG, store, numbers, InvoiceAssembler.DEFAULT).consolidating(ACME, Set.of("acme"));
      BillRunResult first = run.run(BillRunRequest.of(s.subs(), s.usage(), AS_OF));
      Map<String, Invoice> before = Map.copyOf(store.byKey);
      BillRunResult again = run.run(BillRunRequest.of(s.subs(), s.usage(), AS_OF));
      assertThat(again.failures()).isEmpty();
      assertThat(again.created()).isEmpty();
      assertThat(again.existing()).containsExactlyInAnyOrderElementsOf(first.created());
      assertThat(store.byKey).isEqualTo(before);
      // a later run bills only the new period, on the next number
      BillRunResult may = run.run(BillRunRequest.of(s.subs(), s.usage(), Instant.parse("2026-05-01T00:00:00Z")));
      assertThat(may.failures()).isEmpty();
      assertThat(may.created()).hasSize(1);
      assertThat(may.created().get(0).number()).contains("INV-" + String.format("%06d", first.created().size() + 1));
    });
  }

  /** Two runs at once store each consolidated invoice once, with one number; the other finds it. */
  @Test
  void concurrentRunsStoreOneInvoice() throws Exception {
    for (long seed = 0; seed < 10; seed++) {
      Scenario s = scenario(seed);
      MapStore store = new MapStore();
      Counter numbers = new Counter();
      BillRun run = new BillRun(CATALOG, store, numbers, InvoiceAssembler.DEFAULT).consolidating(ACME, Set.of("acme"));
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<BillRunResult>> results = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          results.add(pool.submit(() -> {
            go.await();
            return run.run(BillRunRequest.of(s.subs(), s.usage(), AS_OF));
          }));
        }
        go.countDown();
        BillRunResult a = results.get(0).get();
        BillRunResult b = results.get(1).get();
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
        assertThat(a.created().size() + b.created().size()).isEqualTo(store.byKey.size());
        assertThat(store.byKey.values()).allSatisfy(i -> assertThat(i.status()).isEqualTo(InvoiceStatus.FINALIZED));
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= store.byKey.size(); n++) {
          expected.add(String.format("INV-%06d", n));
        }
        // one number each, gap-free: the losing run took none
        assertThat(store.byKey.values().stream().map(i -> i.number().orElseThrow()).toList())
            .containsExactlyInAnyOrderElementsOf(expected);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Prepaid credits are netted off once, on the consolidated invoice. */
  @Test
  void creditsAreAppliedOnceToTheConsolidatedInvoice() {
    List<Subscription> subs = List.of(
        Subscription.builder().id("sub_a").customerId("acme").planCode("basic").planVersion(1).start(START).build(),
        Subscription.builder().id("sub_b").customerId("acme_eu").planCode("pro").planVersion(1).start(START).build());
    AtomicInteger calls = new AtomicInteger();
    MapStore store = new MapStore();
    BillRunResult r = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
        .consolidating(ACME, Set.of("acme"))
        .run(BillRunRequest.of(subs, UsageSource.NONE, START).withCredits(i -> {
          calls.incrementAndGet();
          return List.of(new AppliedCredit("grant_1", usd("5.00")));
        }));
    assertThat(r.failures()).isEmpty();
    assertThat(calls).hasValue(1);
    assertThat(r.created()).hasSize(1);
    Invoice i = r.created().get(0);
    // 10.00 + 49.99 in advance for January, less 5.00 of credit once
    assertThat(i.totals().total()).isEqualTo(usd("59.99"));
    assertThat(i.totals().amountDue()).isEqualTo(usd("54.99"));
    assertThat(i.subscriptionIds()).containsExactly("sub_a", "sub_b");
    assertThat(i.key()).isEqualTo(DocumentIds.consolidatedKey("acme",
        InvoiceAssembler.keyOf(subs.get(0), SubscriptionCycles.cycles(subs.get(0), CATALOG, START, START).get(0))));
  }

  /**
   * A subscription of the account that ends mid-period gets a credit note for its own unused fee
   * only: 14 of February's 28 days of 10.00 = 5.00 against the consolidated invoice. Before the
   * cancellation credit looked at a subscription's lines only, the other subscription's 49.99 fee
   * on the same invoice (also billed past the end) would have been credited too.
   */
  @Test
  void anEndedSubscriptionIsCreditedForItsOwnLinesOnly() {
    Subscription a = Subscription.builder().id("sub_a").customerId("acme").planCode("basic").planVersion(1)
        .start(START).build();
    Subscription b = Subscription.builder().id("sub_b").customerId("acme_eu").planCode("pro").planVersion(1)
        .start(START).build();
    MapStore store = new MapStore();
    BillRun run = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
        .consolidating(ACME, Set.of("acme"));
    Instant feb = Instant.parse("2026-02-01T00:00:00Z");
    BillRunResult first = run.run(BillRunRequest.of(List.of(a, b), UsageSource.NONE, feb));
    assertThat(first.failures()).isEmpty();
    Invoice february = first.created().stream().filter(i -> i.issuedAt().equals(feb)).findFirst().orElseThrow();

    Instant end = Instant.parse("2026-02-15T00:00:00Z");
    Subscription ended = Subscription.builder().id("sub_a").customerId("acme").planCode("basic").planVersion(1)
        .start(START).end(end).build();
    BillRunResult later = run.run(BillRunRequest.of(List.of(ended, b), UsageSource.NONE, end));
    assertThat(later.failures()).isEmpty();
    assertThat(later.creditNotes()).singleElement().satisfies(n -> {
      assertThat(n.invoiceId()).isEqualTo(february.id());
      assertThat(n.lines()).extracting(l -> l.invoiceLineId() + " " + l.taxableAmount())
          .containsExactly("sub_a/platform//recurring_fee@2026-02-01T00:00:00Z USD 5.00");
    });
  }

  /**
   * A store failing at finalization leaves the consolidated draft released with its number; the
   * next run finalizes it with that number.
   */
  @Test
  void aFailedFinalizationIsFinishedByTheNextRunWithTheSameNumber() {
    List<Subscription> subs = List.of(
        Subscription.builder().id("sub_a").customerId("acme").planCode("basic").planVersion(1).start(START).build(),
        Subscription.builder().id("sub_b").customerId("acme_eu").planCode("pro").planVersion(1).start(START).build());
    MapStore inner = new MapStore();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    dev.billwright.invoice.InvoiceStore store = new dev.billwright.invoice.InvoiceStore() {
      @Override
      public Invoice insertIfAbsent(Invoice invoice) {
        return inner.insertIfAbsent(invoice);
      }

      @Override
      public java.util.Optional<Invoice> find(dev.billwright.invoice.InvoiceKey key) {
        return inner.find(key);
      }

      @Override
      public List<Invoice> findAllByKey(dev.billwright.invoice.InvoiceKey key) {
        return inner.findAllByKey(key);
      }

      @Override
      public java.util.Optional<Invoice> findById(String id) {
        return inner.findById(id);
      }

      @Override
      public Invoice compareAndSet(Invoice expected, Invoice replacement) {
        if (replacement.status() == InvoiceStatus.FINALIZED && failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("store down");
        }
        return inner.compareAndSet(expected, replacement);
      }

      @Override
      public List<Invoice> listByCustomer(String customerId, dev.billwright.time.BillingPeriod period) {
        return inner.listByCustomer(customerId, period);
      }
    };
    Counter numbers = new Counter();
    BillRun run = new BillRun(CATALOG, store, numbers, InvoiceAssembler.DEFAULT).consolidating(ACME, Set.of("acme"));
    BillRunResult failed = run.run(BillRunRequest.of(subs, UsageSource.NONE, START));
    assertThat(failed.created()).isEmpty();
    assertThat(failed.failures()).extracting(BillRunResult.Failure::subscriptionId)
        .containsExactlyInAnyOrder("sub_a", "sub_b");
    assertThat(failed.failures().get(0).message()).contains("number INV-000001 was taken and is kept");
    BillRunResult next = run.run(BillRunRequest.of(subs, UsageSource.NONE, START));
    assertThat(next.failures()).isEmpty();
    assertThat(next.created()).singleElement().satisfies(i -> {
      assertThat(i.number()).contains("INV-000001");
      assertThat(i.subscriptionIds()).containsExactly("sub_a", "sub_b");
      assertThat(i.totals().total()).isEqualTo(usd("59.99"));
    });
    assertThat(inner.byKey).hasSize(1);
    assertThat(numbers.next("INV")).isEqualTo(2); // no number lost or used twice
  }

  /** A failing subscription leaves its whole account unbilled and reported, never half-consolidated. */
  @Test
  void aFailingSubscriptionLeavesTheAccountUnbilled() {
    List<Subscription> subs = List.of(
        Subscription.builder().id("sub_a").customerId("acme").planCode("basic").planVersion(1).start(START).build(),
        Subscription.builder().id("sub_x").customerId("acme_eu").planCode("missing").planVersion(1).start(START)
            .build(),
        Subscription.builder().id("sub_other").customerId("globex").planCode("basic").planVersion(1).start(START)
            .build());
    MapStore store = new MapStore();
    BillRunResult r = new BillRun(CATALOG, store, new Counter(), InvoiceAssembler.DEFAULT)
        .consolidating(ACME, Set.of("acme")).run(BillRunRequest.of(subs, UsageSource.NONE, START));
    assertThat(r.failures()).extracting(BillRunResult.Failure::subscriptionId).containsExactlyInAnyOrder("sub_x",
        "sub_a");
    assertThat(r.failures()).filteredOn(f -> f.subscriptionId().equals("sub_a")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("account acme is consolidated and sub_x failed"));
    // only the unconsolidated customer's invoice was stored
    assertThat(store.byKey.values()).extracting(Invoice::customerId).containsExactly("globex");
  }
}
