package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageWindows;
import dev.billwright.rating.UsageKey;
import dev.billwright.rating.UsageBinding;
import static dev.billwright.billing.BillingFixtures.assertGolden;
import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.catalog.Plan;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.subscription.SubscriptionJson;
import dev.billwright.time.BillingPeriod;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Usage is a function of the subscription billed: windows from its own schedule, events bound to
 * one subscription. Each test names the defect it guards against: before, usage was aggregated
 * per customer by calendar month and looked up by (customer, meter, schedule period), so the
 * scenarios below billed 0.00 or billed twice without an error.
 */
class UsageBindingTest {
  static final Map<String, Meter> METERS = Map.of("calls", Meter.of("calls", "api.call", Aggregation.COUNT, null));

  static Plan plan(String code, String billing, String usagePrice) {
    return BillingFixtures.plan("""
        {"code":"%s","version":1,"status":"active","currency":"USD","billing":%s,
         "charges":[{"code":"calls","name":"API calls","kind":"usage","meter":"calls","timing":"in_arrears",
                     "price":%s}]}
        """.formatted(code, billing, usagePrice));
  }

  static final String PER_CALL = "{\"model\":\"per_unit\",\"unit_price\":\"0.10\"}";

  static Instant at(String text) {
    return Instant.parse(text);
  }

  static Subscription.Builder sub(String id, String customer, String plan, String start) {
    return Subscription.builder().id(id).customerId(customer).planCode(plan).planVersion(1).start(at(start));
  }

  /** {@code n} events of a customer at an instant (a second apart), naming a subscription or not. */
  static List<UsageEvent> events(String prefix, String customer, String subscription, String at, int n) {
    List<UsageEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(UsageEvent.of(prefix + i, customer, subscription, "api.call", at(at).plusSeconds(i), Map.of()));
    }
    return out;
  }

  @SafeVarargs
  static List<UsageEvent> all(List<UsageEvent>... parts) {
    List<UsageEvent> out = new ArrayList<>();
    for (List<UsageEvent> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  record Billed(List<Invoice> invoices, BillRunResult result) {
    List<InvoiceLine> usageLines(String subscription) {
      List<InvoiceLine> out = new ArrayList<>();
      for (Invoice i : invoices) {
        for (InvoiceLine l : i.lines()) {
          if (l.kind() == LineKind.USAGE && l.subscriptionId().orElseThrow().equals(subscription)) {
            out.add(l);
          }
        }
      }
      return out;
    }

    Money usage(String subscription) {
      return usageLines(subscription).stream().map(InvoiceLine::amount).reduce(usd("0"), Money::plus);
    }

    BigDecimal quantity(String subscription) {
      return usageLines(subscription).stream().map(InvoiceLine::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  static Billed bill(MapCatalog catalog, List<Subscription> subs, UsageSource usage, Instant asOf) {
    MapStore store = new MapStore();
    BillRunResult r = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(subs, usage, asOf));
    List<Invoice> invoices = new ArrayList<>(store.byKey.values());
    invoices.sort(Comparator.comparing(Invoice::issuedAt).thenComparing(Invoice::id));
    return new Billed(invoices, r);
  }

  static Billed aggregateAndBill(MapCatalog catalog, List<Subscription> subs, List<UsageEvent> events, Instant asOf) {
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(subs, catalog, METERS, asOf).aggregate(events);
    return bill(catalog, subs, UsageSource.of(usage), asOf);
  }

  // ------------------------------------------------------------------ defects

  /**
   * Before: a charge priced per event (a dynamic price) over the subscription-bound aggregator got
   * its aggregate but no events and was billed 0.00 in silence; now the subscription fails naming
   * the charge.
   */
  @Test
  void aPricePerEventGivenOnlyAnAggregateIsAFailureNotZero() {
    Map<String, Meter> meters = Map.of("calls", Meter.of("calls", "api.call", Aggregation.SUM, "amount"));
    MapCatalog catalog = new MapCatalog(plan("dyn", "{\"cadence\":\"P1M\",\"alignment\":\"calendar\","
        + "\"time_zone\":\"UTC\"}", "{\"model\":\"dynamic\",\"amount_property\":\"amount\"}"));
    Subscription s = sub("sub_d", "cus_1", "dyn", "2026-01-01T00:00:00Z").build();
    List<UsageEvent> events = List.of(UsageEvent.of("e1", "cus_1", null, "api.call", at("2026-01-10T00:00:00Z"),
        Map.of("amount", "2.50")));
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(s), catalog, meters, at("2026-02-01T00:00:00Z"))
        .aggregate(events);
    Billed b = bill(catalog, List.of(s), UsageSource.of(usage), at("2026-02-01T00:00:00Z"));
    assertThat(b.usage("sub_d")).isEqualTo(usd("0")); // nothing billed…
    assertThat(b.result().failures()).singleElement().satisfies(f -> {   // …and said so
      assertThat(f.subscriptionId()).isEqualTo("sub_d");
      assertThat(f.message()).contains("charges[calls].events").contains("per event");
    });
  }

  /** Before: calendar-month quantities were looked up under the quarter, found nothing: 0.00. */
  @Test
  void quarterlyPlanBillsItsUsage() throws IOException {
    MapCatalog catalog = new MapCatalog(plan("quarterly",
        "{\"cadence\":\"P3M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}", PER_CALL));
    Subscription s = sub("sub_q", "cus_1", "quarterly", "2026-01-01T00:00:00Z").build();
    List<UsageEvent> events = all(events("j", "cus_1", null, "2026-01-10T00:00:00Z", 10),
        events("f", "cus_1", null, "2026-02-10T00:00:00Z", 20), events("m", "cus_1", null, "2026-03-10T00:00:00Z", 30));
    Billed b = aggregateAndBill(catalog, List.of(s), events, at("2026-04-01T00:00:00Z"));
    assertThat(b.result().failures()).isEmpty();
    // 10 + 20 + 30 = 60 calls × 0.10 = 6.00, on the invoice that closes the quarter on 1 April
    List<InvoiceLine> lines = b.usageLines("sub_q");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).quantity()).isEqualByComparingTo("60");
    assertThat(lines.get(0).amount()).isEqualTo(usd("6.00"));
    assertThat(lines.get(0).servicePeriod()).isEqualTo(BillingPeriod.parse("2026-01-01T00:00Z[UTC]/2026-04-01T00:00Z[UTC]"));
    assertGolden("usage-quarterly-plan.json", BillingGoldenTest.document(
        new BillingGoldenTest.Outcome(b.invoices(), List.of(), b.result())));
  }

  /** Before: an anniversary period (15th to 15th) never equals a calendar month: 0.00. */
  @Test
  void monthlyAnniversaryPlanBillsItsUsage() {
    MapCatalog catalog = new MapCatalog(plan("anniv",
        "{\"cadence\":\"P1M\",\"alignment\":\"anniversary\",\"time_zone\":\"UTC\"}", PER_CALL));
    Subscription s = sub("sub_a", "cus_1", "anniv", "2026-01-15T00:00:00Z").build();
    List<UsageEvent> events = all(events("a", "cus_1", null, "2026-01-20T00:00:00Z", 5),
        events("b", "cus_1", null, "2026-02-10T00:00:00Z", 7), events("c", "cus_1", null, "2026-02-20T00:00:00Z", 3));
    Billed b = aggregateAndBill(catalog, List.of(s), events, at("2026-03-15T00:00:00Z"));
    // 15 Jan–15 Feb: 5 + 7 = 12 calls = 1.20; 15 Feb–15 Mar: 3 calls = 0.30
    assertThat(b.usageLines("sub_a")).extracting(l -> l.servicePeriod().start() + " " + l.amount().amount())
        .containsExactly("2026-01-15T00:00:00Z 1.20", "2026-02-15T00:00:00Z 0.30");
  }

  /**
   * Before: events aggregated in one zone and the plan laid out in another gave periods that
   * never matched: 0.00. Now the windows are the subscription's, in its zone: the plan's
   * {@code billing.time_zone}, or the subscription's own {@code time_zone}.
   */
  @Test
  void usageFollowsTheSubscriptionsZone() {
    MapCatalog catalog = new MapCatalog(plan("ist",
        "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"Asia/Kolkata\"}", PER_CALL));
    // 31 January 20:00 UTC is 1 February 01:30 in India
    List<UsageEvent> events = events("e", "cus_1", null, "2026-01-31T20:00:00Z", 4);
    Subscription india = sub("sub_in", "cus_1", "ist", "2025-12-31T18:30:00Z").build();
    Billed b = aggregateAndBill(catalog, List.of(india), events, at("2026-02-28T18:30:00Z"));
    assertThat(b.usageLines("sub_in")).extracting(l -> l.servicePeriod().start() + " " + l.quantity().toPlainString())
        .containsExactly("2025-12-31T18:30:00Z 0", "2026-01-31T18:30:00Z 4");

    Subscription utc = sub("sub_utc", "cus_1", "ist", "2026-01-01T00:00:00Z").timeZone(ZoneId.of("UTC")).build();
    Billed u = aggregateAndBill(catalog, List.of(utc), events, at("2026-02-01T00:00:00Z"));
    // in UTC the events fall in January, billed on 1 February 00:00 UTC
    assertThat(u.usageLines("sub_utc")).extracting(l -> l.servicePeriod() + " " + l.quantity().toPlainString())
        .containsExactly("2026-01-01T00:00Z[UTC]/2026-02-01T00:00Z[UTC] 4");
  }

  /** Before: usage was keyed by customer and each subscription read all of it: billed twice. */
  @Test
  void twoSubscriptionsOfOneCustomerAreNotBilledTwice() throws IOException {
    MapCatalog catalog = new MapCatalog(plan("api",
        "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}", PER_CALL));
    List<Subscription> subs = List.of(sub("sub_a", "cus_1", "api", "2026-01-01T00:00:00Z").build(),
        sub("sub_b", "cus_1", "api", "2026-01-01T00:00:00Z").build());
    List<UsageEvent> events = all(events("a", "cus_1", "sub_a", "2026-01-05T00:00:00Z", 4),
        events("b", "cus_1", "sub_b", "2026-01-06T00:00:00Z", 6), events("x", "cus_1", null, "2026-01-07T00:00:00Z", 2));
    Billed b = aggregateAndBill(catalog, subs, events, at("2026-02-01T00:00:00Z"));
    // 4 × 0.10 and 6 × 0.10; the two events naming no subscription could be either's: reported
    assertThat(b.usage("sub_a")).isEqualTo(usd("0.40"));
    assertThat(b.usage("sub_b")).isEqualTo(usd("0.60"));
    assertThat(b.result().unclaimed().ambiguous()).extracting(a -> a.event().id() + " " + a.candidates())
        .containsExactly("x0 [sub_a, sub_b]", "x1 [sub_a, sub_b]");
    assertGolden("usage-two-subscriptions-one-customer.json", BillingGoldenTest.document(
        new BillingGoldenTest.Outcome(b.invoices(), List.of(), b.result())));

    // the explicit rule: the host maps them (here: to the first candidate)
    SubscriptionUsage mapped = SubscriptionUsageAggregator.of(subs, catalog, METERS, at("2026-02-01T00:00:00Z"))
        .withBinding(UsageBinding.explicit((e, ids) -> Optional.of(ids.get(0)))).aggregate(events);
    Billed m = bill(catalog, subs, UsageSource.of(mapped), at("2026-02-01T00:00:00Z"));
    assertThat(m.usage("sub_a")).isEqualTo(usd("0.60"));
    assertThat(m.usage("sub_b")).isEqualTo(usd("0.60"));
    assertThat(m.result().unclaimed().isEmpty()).isTrue();
  }

  /** Before: pre-aggregated calendar months for a quarterly plan matched no key and billed 0.00. */
  @Test
  void mismatchedPreAggregatedUsageIsAnError() {
    MapCatalog catalog = new MapCatalog(plan("quarterly",
        "{\"cadence\":\"P3M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}", PER_CALL));
    Subscription s = sub("sub_q", "cus_1", "quarterly", "2026-01-01T00:00:00Z").build();
    BillingPeriod january = BillingPeriod.parse("2026-01-01T00:00Z[UTC]/2026-02-01T00:00Z[UTC]");
    UsageSource monthly = UsageSource.preAggregated(Map.of(new UsageKey("sub_q", "calls", january),
        Map.of(Map.of(), new BigDecimal("10"))));
    Billed b = bill(catalog, List.of(s), monthly, at("2026-04-01T00:00:00Z"));
    assertThat(b.result().failures()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(ErrorCode.USAGE_WINDOW_MISMATCH.code());
      assertThat(f.message()).contains("sub_q", "calls", "2026-01-01T00:00Z[UTC]/2026-02-01T00:00Z[UTC]",
          "2026-01-01T00:00Z[UTC]/2026-04-01T00:00Z[UTC]");
    });
    // the same usage keyed by the subscription's window is billed
    UsageSource quarter = UsageSource.preAggregated(Map.of(new UsageKey("sub_q", "calls",
        BillingPeriod.parse("2026-01-01T00:00Z[UTC]/2026-04-01T00:00Z[UTC]")), Map.of(Map.of(), new BigDecimal("10"))));
    assertThat(bill(catalog, List.of(s), quarter, at("2026-04-01T00:00:00Z")).usage("sub_q")).isEqualTo(usd("1.00"));
  }

  // ------------------------------------------------------------------ plan change inside a period

  static final String A_TIERS = "{\"model\":\"graduated\",\"tiers\":[{\"up_to\":\"100\",\"unit_price\":\"0.10\"},"
      + "{\"up_to\":null,\"unit_price\":\"0.05\"}]}";
  static final String B_TIERS = "{\"model\":\"graduated\",\"tiers\":[{\"up_to\":\"100\",\"unit_price\":\"0.08\"},"
      + "{\"up_to\":null,\"unit_price\":\"0.04\"}]}";

  static Billed upgradeMidMonth(String acrossChange) {
    String billing = "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"" + acrossChange + "}";
    MapCatalog catalog = new MapCatalog(plan("basic", billing, A_TIERS), plan("pro", billing, B_TIERS));
    Subscription s = sub("sub_1", "cus_1", "basic", "2026-01-01T00:00:00Z").build()
        .withChange(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE, at("2026-01-16T00:00:00Z"),
            ChangeTiming.IMMEDIATE, "pro", 1));
    List<UsageEvent> events = all(events("before", "cus_1", null, "2026-01-10T00:00:00Z", 80),
        events("after", "cus_1", null, "2026-01-20T00:00:00Z", 80));
    return aggregateAndBill(catalog, List.of(s), events, at("2026-02-01T00:00:00Z"));
  }

  /** Before: all 160 calls were priced by pro, the plan at the period's end: 100 × 0.08 + 60 × 0.04 = 10.40. */
  @Test
  void usageIsSplitAtAPlanChangeAndTiersRestartByDefault() {
    Billed b = upgradeMidMonth("");
    // basic prices its 80: 8.00; pro prices its 80 from its first tier: 80 × 0.08 = 6.40
    assertThat(b.usageLines("sub_1")).extracting(l -> l.servicePeriod().start() + " " + l.amount().amount())
        .containsExactly("2026-01-01T00:00:00Z 8.00", "2026-01-16T00:00:00Z 6.40");
  }

  @Test
  void tiersCanContinueAcrossAPlanChange() {
    Billed b = upgradeMidMonth(",\"usage_tiers_across_change\":\"continue\"");
    // pro: price(80 + 80) − price(80) = (100 × 0.08 + 60 × 0.04) − 80 × 0.08 = 10.40 − 6.40 = 4.00
    assertThat(b.usageLines("sub_1")).extracting(l -> l.servicePeriod().start() + " " + l.amount().amount())
        .containsExactly("2026-01-01T00:00:00Z 8.00", "2026-01-16T00:00:00Z 4.00");
  }

  // ------------------------------------------------------------------ binding and the report

  @Test
  void unclaimedUsageIsReportedPerCustomerAndMeter() {
    MapCatalog catalog = new MapCatalog(plan("api",
        "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}", PER_CALL));
    Subscription s = sub("sub_1", "cus_1", "api", "2026-01-10T00:00:00Z").build();
    List<UsageEvent> events = all(events("early", "cus_1", null, "2026-01-05T00:00:00Z", 2),
        events("ok", "cus_1", null, "2026-01-15T00:00:00Z", 3), events("other", "cus_2", null, "2026-01-15T00:00:00Z", 1),
        events("wrong", "cus_1", "sub_unknown", "2026-01-15T00:00:00Z", 1),
        List.of(UsageEvent.of("ok0", "cus_1", null, "api.call", at("2026-01-15T00:00:00Z"), Map.of())),
        List.of(UsageEvent.of("nometer", "cus_1", null, "page.view", at("2026-01-15T00:00:00Z"), Map.of())));
    SubscriptionUsage u = SubscriptionUsageAggregator.of(List.of(s), catalog, METERS, at("2026-02-01T00:00:00Z"))
        .aggregate(events);
    assertThat(u.eventsBilled()).isEqualTo(3);
    assertThat(u.duplicatesDropped()).isEqualTo(1);
    assertThat(u.eventsWithoutMeter()).isEqualTo(1);
    // before the start (2), another customer's (1), naming an unknown subscription (1)
    assertThat(u.unclaimed().counts()).isEqualTo(Map.of("cus_1", Map.of("calls", 3L), "cus_2", Map.of("calls", 1L)));
    assertThat(u.unclaimed().events()).isEqualTo(4);
    assertThat(u.eventsBilled() + u.unclaimed().events() + u.unclaimed().ambiguous().size() + u.rejected())
        .isEqualTo(u.eventsRead()).isEqualTo(events.size());
    BillRunResult r = bill(catalog, List.of(s), UsageSource.of(u), at("2026-02-01T00:00:00Z")).result();
    assertThat(r.unclaimed()).isEqualTo(u.unclaimed());
  }

  @Test
  void windowsAreCutAtPlanChangesAndClippedToTheSubscription() {
    String billing = "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\"}";
    MapCatalog catalog = new MapCatalog(plan("basic", billing, A_TIERS), plan("pro", billing, B_TIERS));
    Subscription s = sub("sub_1", "cus_1", "basic", "2026-01-10T00:00:00Z")
        .end(at("2026-03-20T00:00:00Z")).build()
        .withChange(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE, at("2026-02-16T00:00:00Z"),
            ChangeTiming.IMMEDIATE, "pro", 1))
        .withChange(SubscriptionChange.seats("chg_2", at("2026-03-05T00:00:00Z"), ChangeTiming.IMMEDIATE,
            new BigDecimal("3")));
    assertThat(UsageWindows.of(s, catalog, at("2026-12-31T00:00:00Z")))
        .extracting(w -> w.planReference() + " " + w.period() + " of " + w.fullPeriod().start())
        .containsExactly(
            "basic@1 2026-01-10T00:00Z[UTC]/2026-02-01T00:00Z[UTC] of 2026-01-01T00:00:00Z",
            "basic@1 2026-02-01T00:00Z[UTC]/2026-02-16T00:00Z[UTC] of 2026-02-01T00:00:00Z",
            "pro@1 2026-02-16T00:00Z[UTC]/2026-03-01T00:00Z[UTC] of 2026-02-01T00:00:00Z",
            // a seat change does not cut usage
            "pro@1 2026-03-01T00:00Z[UTC]/2026-03-20T00:00Z[UTC] of 2026-03-01T00:00:00Z");
    assertThat(UsageWindows.of(s, catalog, at("2026-02-16T00:00:00Z"))).hasSize(2);
  }

  @Test
  void subscriptionTimeZoneRoundTripsAndIsValidated() {
    Subscription s = sub("sub_1", "cus_1", "api", "2026-01-01T00:00:00Z").timeZone(ZoneId.of("Europe/Berlin")).build();
    var json = SubscriptionJson.write(s);
    assertThat(json.get("time_zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(SubscriptionJson.read(JsonObjectReader.root(json, "sub"))).isEqualTo(s);
    json.put("time_zone", "Mars/Olympus");
    assertThatThrownBy(() -> SubscriptionJson.read(JsonObjectReader.root(json, "sub")))
        .isInstanceOf(BillingException.class).hasMessageContaining("time_zone").hasMessageContaining("Mars/Olympus");
    assertThat(Json.write(json)).contains("Mars/Olympus");
  }
}
