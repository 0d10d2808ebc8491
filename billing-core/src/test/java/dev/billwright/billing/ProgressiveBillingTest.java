package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.catalog.UsageThreshold;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.money.Money;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.TimedUsageSource;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Progressive billing ({@code billing.usage_thresholds}): threshold invoices issued at the
 * instant of the event that reached a threshold, the period's invoice billing the rest, by
 * cumulative re-rating (Stripe billing thresholds, Lago progressive billing).
 */
class ProgressiveBillingTest {
  static final Map<String, Meter> METERS = Map.of("units", Meter.of("units", "api", Aggregation.SUM, "units"));
  static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

  static String plan(String code, String price, String bounds, String thresholds) {
    return """
        {"code":"%s","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"%s},
         "charges":[
          {"code":"platform","name":"Platform fee","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"10.00"}},
          {"code":"calls","name":"Calls","kind":"usage","meter":"units","timing":"in_arrears",
           "price":%s%s}]}
        """.formatted(code, thresholds.isEmpty() ? "" : ",\"usage_thresholds\":" + thresholds, price, bounds);
  }

  static Subscription sub(String planCode) {
    return Subscription.builder().id("sub_1").customerId("cus_1").planCode(planCode).planVersion(1).start(APR).build();
  }

  static UsageEvent event(String id, String at, String units) {
    return UsageEvent.of(id, "cus_1", "sub_1", "api", Instant.parse(at), Map.of("units", units));
  }

  static TimedUsageSource timed(MapCatalog catalog, Subscription sub, List<UsageEvent> events) {
    return TimedUsageSource.ofEvents(SubscriptionUsageAggregator.of(List.of(sub), catalog, METERS, MAY.plusSeconds(1)),
        events);
  }

  static Money usage(List<Invoice> invoices) {
    Money sum = usd("0");
    for (Invoice i : invoices) {
      for (InvoiceLine l : i.lines()) {
        if (l.chargeCode().equals("calls")) {
          sum = sum.plus(l.amount());
        }
      }
    }
    return sum;
  }

  @Test
  void anInvoiceIsIssuedAtTheEventThatReachesTheThresholdAndThePeriodBillsTheRest() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("metered",
        "{\"model\":\"per_unit\",\"unit_price\":\"1.00\"}", "", "[{\"amount\":\"100.00\",\"recurring\":false}]")));
    Subscription sub = sub("metered");
    List<UsageEvent> events = List.of(event("e1", "2026-04-05T10:00:00Z", "60"),
        event("e2", "2026-04-10T12:30:00Z", "50"), event("e3", "2026-04-20T08:00:00Z", "30"));
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT);

    BillRunResult mid = run.run(BillRunRequest.of(List.of(sub), timed(catalog, sub, events),
        Instant.parse("2026-04-15T00:00:00Z")));
    assertThat(mid.failures()).isEmpty();
    List<Invoice> progressive = mid.created().stream()
        .filter(i -> i.key().kind() == InvoiceKind.PROGRESSIVE).toList();
    assertThat(progressive).hasSize(1);
    Invoice first = progressive.get(0);
    assertThat(first.thresholdReachedAt()).contains(Instant.parse("2026-04-10T12:30:00Z"));
    assertThat(first.issuedAt()).isEqualTo(Instant.parse("2026-04-10T12:30:00Z"));
    assertThat(first.status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(first.totals().total()).isEqualTo(usd("110.00"));
    assertThat(first.metadata()).containsEntry("billwright.usage_threshold", "100");

    BillRunResult end = run.run(BillRunRequest.of(List.of(sub), timed(catalog, sub, events), MAY));
    assertThat(end.failures()).isEmpty();
    Invoice april = end.created().stream().filter(i -> i.key().kind() == InvoiceKind.PERIOD).findFirst().orElseThrow();
    assertThat(usage(List.of(april))).isEqualTo(usd("30.00"));
    assertThat(april.thresholdReachedAt()).isEmpty();
    assertThat(end.created()).noneMatch(i -> i.key().kind() == InvoiceKind.PROGRESSIVE);

    BillRunResult again = run.run(BillRunRequest.of(List.of(sub), timed(catalog, sub, events), MAY));
    assertThat(again.created()).isEmpty();
    assertThat(again.existing()).contains(first);
  }

  @Test
  void aCancellationRecordedAfterAThresholdInvoiceBillsOnlyTheRestAtTheEnd() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("metered",
        "{\"model\":\"per_unit\",\"unit_price\":\"1.00\"}", "", "[{\"amount\":\"100.00\",\"recurring\":false}]")));
    Subscription active = sub("metered");
    Subscription cancelled = Subscription.builder().id("sub_1").customerId("cus_1").planCode("metered").planVersion(1)
        .start(APR).addChanges(dev.billwright.subscription.SubscriptionChange.cancel("chg_1", Instant.parse("2026-04-20T00:00:00Z"),
            dev.billwright.subscription.ChangeTiming.IMMEDIATE)).build();
    List<UsageEvent> events = List.of(event("e1", "2026-04-05T00:00:00Z", "120"),
        event("e2", "2026-04-18T00:00:00Z", "15"));
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT);
    BillRunResult mid = run.run(BillRunRequest.of(List.of(active), timed(catalog, active, events),
        Instant.parse("2026-04-10T00:00:00Z")));
    assertThat(usage(mid.created())).isEqualTo(usd("120.00"));
    BillRunResult end = run.run(BillRunRequest.of(List.of(cancelled), timed(catalog, cancelled, events), MAY));
    assertThat(end.failures()).isEmpty();
    assertThat(end.created()).noneMatch(i -> i.key().kind() == InvoiceKind.PROGRESSIVE);
    assertThat(usage(end.created())).isEqualTo(usd("15.00")); // the rest, on the invoice at the cancellation
  }

  @Test
  void aRecurringThresholdFiresAtEachMultipleAndOneEventPassingSeveralMakesOneInvoice() {
    assertThat(ProgressiveInvoices.levelAt(List.of(UsageThreshold.of(new BigDecimal("50"), true)),
        new BigDecimal("149.99"))).isEqualByComparingTo("100");
    assertThat(ProgressiveInvoices.levelAt(List.of(UsageThreshold.of(new BigDecimal("20"), false),
        UsageThreshold.of(new BigDecimal("100"), false), UsageThreshold.of(new BigDecimal("50"), true)),
        new BigDecimal("199.99"))).isEqualByComparingTo("150");
    assertThat(ProgressiveInvoices.levelAt(List.of(UsageThreshold.of(new BigDecimal("20"), false)),
        new BigDecimal("19.99"))).isEqualByComparingTo("0");

    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("metered",
        "{\"model\":\"per_unit\",\"unit_price\":\"1.00\"}", "", "[{\"amount\":\"50.00\",\"recurring\":true}]")));
    Subscription sub = sub("metered");
    List<UsageEvent> events = List.of(event("e1", "2026-04-02T00:00:00Z", "120"),
        event("e2", "2026-04-03T00:00:00Z", "10"), event("e3", "2026-04-04T00:00:00Z", "25"));
    BillRunResult r = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(sub), timed(catalog, sub, events), MAY));
    List<Invoice> progressive = r.created().stream().filter(i -> i.key().kind() == InvoiceKind.PROGRESSIVE)
        .sorted(Comparator.comparing(Invoice::issuedAt)).toList();
    // 120 reaches 100 (two multiples at once: one invoice); 130 reaches nothing new; 155 reaches 150
    assertThat(progressive).extracting(i -> i.thresholdReachedAt().orElseThrow())
        .containsExactly(Instant.parse("2026-04-02T00:00:00Z"), Instant.parse("2026-04-04T00:00:00Z"));
    assertThat(progressive).extracting(i -> i.totals().total()).containsExactly(usd("120.00"), usd("35.00"));
    assertThat(usage(r.created())).isEqualTo(usd("155.00"));
  }

  @Test
  void thresholdsNeedAUsageSourceThatKnowsEventTimes() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("metered",
        "{\"model\":\"per_unit\",\"unit_price\":\"1.00\"}", "", "[{\"amount\":\"100.00\",\"recurring\":false}]")));
    BillRunResult r = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(sub("metered")), UsageSource.NONE, MAY));
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo("catalog.invalid_definition");
      assertThat(f.message()).contains("usage_thresholds").contains("TimedUsageSource");
    });
  }

  @Test
  void thresholdsMustAscendWithAtMostOneRecurring() {
    assertThatThrownBy(() -> BillingFixtures.plan(plan("bad", "{\"model\":\"per_unit\",\"unit_price\":\"1\"}", "",
        "[{\"amount\":\"100\"},{\"amount\":\"50\"}]"))).isInstanceOf(BillingException.class)
        .hasMessageContaining("usage_thresholds[1]");
    assertThatThrownBy(() -> BillingFixtures.plan(plan("bad", "{\"model\":\"per_unit\",\"unit_price\":\"1\"}", "",
        "[{\"amount\":\"10\",\"recurring\":true},{\"amount\":\"50\",\"recurring\":true}]")))
        .isInstanceOf(BillingException.class).hasMessageContaining("at most one recurring");
  }

  /** Random graduated tiers (with flat fees), a random minimum and maximum. */
  static String randomPrice(SplittableRandom r) {
    int n = 1 + r.nextInt(3);
    StringBuilder tiers = new StringBuilder();
    int bound = 0;
    for (int i = 0; i < n; i++) {
      bound += 1 + r.nextInt(80);
      String upTo = i == n - 1 ? "null" : "\"" + bound + "\"";
      tiers.append(i == 0 ? "" : ",").append("{\"up_to\":").append(upTo).append(",\"unit_price\":\"")
          .append(BigDecimal.valueOf(r.nextInt(300), 3)).append('"')
          .append(r.nextBoolean() ? ",\"flat_fee\":\"" + BigDecimal.valueOf(r.nextInt(500), 2) + "\"" : "")
          .append('}');
    }
    return "{\"model\":\"" + (r.nextBoolean() ? "graduated" : "volume") + "\",\"tiers\":[" + tiers + "]}";
  }

  /**
   * For random usage, tiers, minimums, maximums and thresholds, and a bill run at a random
   * instant inside the period followed by one at its end: the usage billed on the period's
   * progressive invoices and its own invoice sums exactly to the usage of the single invoice
   * billed without thresholds; and a rerun issues nothing.
   */
  @Test
  void progressiveInvoicesSumToTheSinglePeriodInvoiceAndRerunsIssueNothing() {
    java.util.concurrent.atomic.AtomicInteger withCrossings = new java.util.concurrent.atomic.AtomicInteger();
    qt().withExamples(40).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      String price = randomPrice(r);
      String bounds = (r.nextBoolean() ? ",\"minimum\":\"" + (1 + r.nextInt(19)) + ".00\"" : "")
          + (r.nextBoolean() ? ",\"maximum\":\"" + (40 + r.nextInt(60)) + ".00\"" : "");
      StringBuilder thresholds = new StringBuilder("[");
      int t = 0;
      int fixed = r.nextInt(3);
      for (int i = 0; i < fixed; i++) {
        t += 1 + r.nextInt(20);
        thresholds.append(i == 0 ? "" : ",").append("{\"amount\":\"").append(t).append(".50\"}");
      }
      if (fixed == 0 || r.nextBoolean()) {
        thresholds.append(fixed == 0 ? "" : ",").append("{\"amount\":\"").append(t + 1 + r.nextInt(15))
            .append(".00\",\"recurring\":true}");
      }
      thresholds.append(']');
      MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("plain", price, bounds, "")),
          BillingFixtures.plan(plan("thr", price, bounds, thresholds.toString())));
      List<UsageEvent> events = new ArrayList<>();
      int count = r.nextInt(25);
      for (int i = 0; i < count; i++) {
        events.add(UsageEvent.of("e" + i, "cus_1", "sub_1", "api",
            APR.plusSeconds(r.nextLong(MAY.getEpochSecond() - APR.getEpochSecond())),
            Map.of("units", Integer.toString(r.nextInt(30)))));
      }
      Subscription plain = sub("plain");
      Subscription thr = sub("thr");
      BillRunResult single = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
          .run(BillRunRequest.of(List.of(plain), timed(catalog, plain, events), MAY));
      MapStore store = new MapStore();
      BillRun run = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT);
      Instant mid = APR.plusSeconds(r.nextLong(MAY.getEpochSecond() - APR.getEpochSecond()));
      BillRunResult first = run.run(BillRunRequest.of(List.of(thr), timed(catalog, thr, events), mid));
      BillRunResult second = run.run(BillRunRequest.of(List.of(thr), timed(catalog, thr, events), MAY));
      BillRunResult third = run.run(BillRunRequest.of(List.of(thr), timed(catalog, thr, events), MAY));
      assertThat(single.failures()).isEmpty();
      assertThat(first.failures()).isEmpty();
      assertThat(second.failures()).isEmpty();
      List<Invoice> all = new ArrayList<>(first.created());
      all.addAll(second.created());
      assertThat(usage(all)).isEqualTo(usage(single.created()));
      assertThat(all).filteredOn(i -> i.key().kind() == InvoiceKind.PROGRESSIVE)
          .allSatisfy(i -> assertThat(i.totals().total().isPositive()).isTrue())
          .allSatisfy(i -> assertThat(i.lines()).noneMatch(l -> l.kind() == LineKind.RECURRING_FEE));
      assertThat(first.created()).filteredOn(i -> i.key().kind() == InvoiceKind.PROGRESSIVE)
          .allSatisfy(i -> assertThat(i.issuedAt()).isBeforeOrEqualTo(mid));
      assertThat(third.created()).isEmpty();
      assertThat(store.byKey.values()).hasSize(all.size());
      if (all.stream().anyMatch(i -> i.key().kind() == InvoiceKind.PROGRESSIVE)) {
        withCrossings.incrementAndGet();
      }
    });
    assertThat(withCrossings.get()).as("examples with a threshold crossing").isGreaterThan(10);
  }
}
