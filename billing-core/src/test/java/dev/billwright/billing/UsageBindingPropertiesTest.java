package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageBinding;
import dev.billwright.rating.Accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.catalog.Plan;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of binding usage to subscriptions, over random subscriptions and events. */
class UsageBindingPropertiesTest {
  static final Instant YEAR = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NEXT_YEAR = Instant.parse("2027-01-01T00:00:00Z");

  static Plan plan(String code, String cadence, String alignment, String meterAndPrice) {
    return BillingFixtures.plan("""
        {"code":"%s","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"%s","alignment":"%s","time_zone":"UTC"},
         "charges":[{"code":"usage","name":"Usage","kind":"usage","timing":"in_arrears",%s}]}
        """.formatted(code, cadence, alignment, meterAndPrice));
  }

  static final String CALLS = "\"meter\":\"calls\",\"price\":{\"model\":\"per_unit\",\"unit_price\":\"1\"}";
  static final String UNITS = "\"meter\":\"units\",\"price\":{\"model\":\"per_unit\",\"unit_price\":\"1\"}";
  static final Map<String, Meter> METERS = Map.of("calls", Meter.of("calls", "call", Aggregation.COUNT, null),
      "units", Meter.of("units", "call", Aggregation.SUM, "units"));

  static List<InvoiceLine> usageLines(List<Invoice> invoices) {
    List<InvoiceLine> out = new ArrayList<>();
    invoices.forEach(i -> i.lines().stream().filter(l -> l.kind() == LineKind.USAGE).forEach(out::add));
    return out;
  }

  static Instant randomInstant(SplittableRandom r, Instant from, Instant to) {
    return from.plusSeconds(r.nextLong(to.getEpochSecond() - from.getEpochSecond()));
  }

  /**
   * For any subscriptions (several per customer, calendar or anniversary, monthly or quarterly,
   * some with a plan change) and any events (duplicates, other customers, named subscriptions of
   * another customer, times outside every subscription), each event is billed at most once across
   * all subscriptions, and billed + unclaimed + rejected = all events.
   */
  @Test
  void everyEventIsBilledAtMostOnceAndAccountedFor() {
    MapCatalog catalog = new MapCatalog(plan("monthly", "P1M", "calendar", CALLS),
        plan("monthly2", "P1M", "calendar", CALLS), plan("quarterly", "P3M", "calendar", CALLS),
        plan("anniversary", "P1M", "anniversary", CALLS));
    String[] plans = {"monthly", "quarterly", "anniversary"};
    qt().withExamples(80).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<Subscription> subs = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
          String plan = plans[r.nextInt(plans.length)];
          Instant start = YEAR.plusSeconds(86_400L * r.nextInt(60));
          Subscription s = Subscription.builder().id("sub_" + c + "_" + k).customerId("cus_" + c).planCode(plan)
              .planVersion(1).start(start).end(NEXT_YEAR).build();
          if (plan.equals("monthly") && r.nextBoolean()) {
            s = s.withChange(SubscriptionChange.planChange("chg", SubscriptionChange.Kind.UPGRADE,
                randomInstant(r, start, NEXT_YEAR), ChangeTiming.IMMEDIATE, "monthly2", 1));
          }
          subs.add(s);
        }
      }
      List<UsageEvent> events = new ArrayList<>();
      int count = r.nextInt(80);
      for (int i = 0; i < count; i++) {
        if (!events.isEmpty() && r.nextInt(10) == 0) {
          events.add(events.get(r.nextInt(events.size()))); // a retried copy
          continue;
        }
        String customer = "cus_" + r.nextInt(4); // cus_3 has no subscription
        String named = r.nextInt(3) == 0 ? subs.get(r.nextInt(subs.size())).id() : null;
        events.add(UsageEvent.of("evt_" + i, customer, named, r.nextInt(8) == 0 ? "other" : "call",
            randomInstant(r, YEAR.minusSeconds(86_400L * 20), NEXT_YEAR.plusSeconds(86_400L * 20)), Map.of()));
      }
      SubscriptionUsage usage = SubscriptionUsageAggregator.of(subs, catalog, METERS, NEXT_YEAR).aggregate(events);
      UsageBindingTest.Billed billed = UsageBindingTest.bill(catalog, subs, UsageSource.of(usage), NEXT_YEAR);
      assertThat(billed.result().failures()).isEmpty();

      // billed + unclaimed + rejected = all events
      assertThat(usage.eventsBilled() + usage.unclaimed().events() + usage.unclaimed().ambiguous().size()
          + usage.rejected()).isEqualTo(usage.eventsRead()).isEqualTo(events.size());
      // each event counted by a subscription is billed exactly once: the invoices' quantities add
      // up to the events billed, and never exceed the distinct events
      long onInvoices = usageLines(billed.invoices()).stream().map(InvoiceLine::quantity)
          .reduce(BigDecimal.ZERO, BigDecimal::add).longValueExact();
      Set<String> distinct = new HashSet<>();
      events.forEach(e -> distinct.add(e.id()));
      assertThat(onInvoices).isEqualTo(usage.eventsBilled()).isLessThanOrEqualTo(distinct.size());
      // and only to a subscription of its own customer, inside the subscription's life
      Map<String, Subscription> byId = new HashMap<>();
      subs.forEach(s -> byId.put(s.id(), s));
      Map<String, Long> possible = new HashMap<>();
      Set<String> once = new HashSet<>();
      for (UsageEvent e : events) {
        if (!once.add(e.id()) || !e.eventType().equals("call")) {
          continue;
        }
        for (Subscription s : subs) {
          if (s.customerId().equals(e.customer()) && !e.timestamp().isBefore(s.start())
              && e.timestamp().isBefore(NEXT_YEAR) && e.subscription().map(s.id()::equals).orElse(true)) {
            possible.merge(s.id(), 1L, Long::sum);
          }
        }
      }
      for (InvoiceLine l : usageLines(billed.invoices())) {
        String sub = l.subscriptionId().orElseThrow();
        possible.merge(sub, -l.quantity().longValueExact(), Long::sum);
      }
      assertThat(possible.values()).allMatch(v -> v >= 0);
    });
  }

  /**
   * With an account hierarchy (cus_1 a child of cus_0, kid a child of cus_1 without subscriptions,
   * alias_2 an alias of cus_2): each event is still billed at most once, billed + unclaimed +
   * rejected = all events, an event is billed only to a subscription of its account or an
   * ancestor, and an event its own customer's subscriptions bill without the hierarchy is billed
   * to the same subscription with it (each subscription's quantity can only grow).
   */
  @Test
  void withAHierarchyEveryEventIsStillBilledAtMostOnceAndAccountedFor() {
    MapCatalog catalog = new MapCatalog(plan("monthly", "P1M", "calendar", CALLS),
        plan("quarterly", "P3M", "calendar", CALLS), plan("anniversary", "P1M", "anniversary", CALLS));
    String[] plans = {"monthly", "quarterly", "anniversary"};
    Accounts accounts = Accounts.NONE.withChildren("cus_0", List.of("cus_1")).withChildren("cus_1", List.of("kid"))
        .withAliases("cus_2", List.of("alias_2"));
    String[] customers = {"cus_0", "cus_1", "cus_2", "cus_3", "kid", "alias_2"};
    qt().withExamples(80).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<Subscription> subs = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        int n = r.nextInt(3); // a customer may have none: its usage rolls up, or is unclaimed
        for (int k = 0; k < n; k++) {
          Instant start = YEAR.plusSeconds(86_400L * r.nextInt(60));
          subs.add(Subscription.builder().id("sub_" + c + "_" + k).customerId("cus_" + c)
              .planCode(plans[r.nextInt(plans.length)]).planVersion(1).start(start).end(NEXT_YEAR).build());
        }
      }
      List<UsageEvent> events = new ArrayList<>();
      int count = r.nextInt(80);
      for (int i = 0; i < count; i++) {
        if (!events.isEmpty() && r.nextInt(10) == 0) {
          events.add(events.get(r.nextInt(events.size()))); // a retried copy
          continue;
        }
        String named = !subs.isEmpty() && r.nextInt(3) == 0 ? subs.get(r.nextInt(subs.size())).id() : null;
        events.add(UsageEvent.of("evt_" + i, customers[r.nextInt(customers.length)], named,
            r.nextInt(8) == 0 ? "other" : "call",
            randomInstant(r, YEAR.minusSeconds(86_400L * 20), NEXT_YEAR.plusSeconds(86_400L * 20)), Map.of()));
      }
      SubscriptionUsageAggregator aggregator = SubscriptionUsageAggregator.of(subs, catalog, METERS, NEXT_YEAR)
          .withBinding(UsageBinding.explicit((e, ids) -> java.util.Optional.of(ids.get(0))));
      SubscriptionUsage usage = aggregator.withAccounts(accounts).aggregate(events);
      SubscriptionUsage flat = aggregator.aggregate(events);
      UsageBindingTest.Billed billed = UsageBindingTest.bill(catalog, subs, UsageSource.of(usage), NEXT_YEAR);
      UsageBindingTest.Billed billedFlat = UsageBindingTest.bill(catalog, subs, UsageSource.of(flat), NEXT_YEAR);
      assertThat(billed.result().failures()).isEmpty();

      assertThat(usage.eventsBilled() + usage.unclaimed().events() + usage.unclaimed().ambiguous().size()
          + usage.rejected()).isEqualTo(usage.eventsRead()).isEqualTo(events.size());
      long onInvoices = usageLines(billed.invoices()).stream().map(InvoiceLine::quantity)
          .reduce(BigDecimal.ZERO, BigDecimal::add).longValueExact();
      Set<String> distinct = new HashSet<>();
      events.forEach(e -> distinct.add(e.id()));
      assertThat(onInvoices).isEqualTo(usage.eventsBilled()).isLessThanOrEqualTo(distinct.size());
      // only to a subscription of the event's account or an ancestor, inside the subscription's life
      Map<String, Long> possible = new HashMap<>();
      Set<String> once = new HashSet<>();
      for (UsageEvent e : events) {
        if (!once.add(e.id()) || !e.eventType().equals("call")) {
          continue;
        }
        for (Subscription s : subs) {
          if (accounts.rollsUpTo(e.customer(), s.customerId()) && !e.timestamp().isBefore(s.start())
              && e.timestamp().isBefore(NEXT_YEAR) && e.subscription().map(s.id()::equals).orElse(true)) {
            possible.merge(s.id(), 1L, Long::sum);
          }
        }
      }
      usageLines(billed.invoices()).forEach(l ->
          possible.merge(l.subscriptionId().orElseThrow(), -l.quantity().longValueExact(), Long::sum));
      assertThat(possible.values()).allMatch(v -> v >= 0);
      // the hierarchy only adds usage a subscription's own customer did not claim
      for (Subscription s : subs) {
        assertThat(billed.quantity(s.id())).isGreaterThanOrEqualTo(billedFlat.quantity(s.id()));
      }
      assertThat(usage.eventsBilled()).isGreaterThanOrEqualTo(flat.eventsBilled());
    });
  }

  /**
   * A quarterly, yearly or anniversary plan bills the same usage quantity as a monthly plan over
   * the same span (sum and count meters are additive over any cut of the span).
   */
  @Test
  void everyCadenceBillsTheSameUsageAsMonthly() {
    String[][] variants = {{"P1M", "calendar"}, {"P3M", "calendar"}, {"P1Y", "calendar"}, {"P1M", "anniversary"},
        {"P3M", "anniversary"}, {"P1Y", "anniversary"}};
    List<Plan> plans = new ArrayList<>();
    for (int v = 0; v < variants.length; v++) {
      plans.add(plan("p" + v, variants[v][0], variants[v][1], UNITS));
    }
    MapCatalog catalog = new MapCatalog(plans.toArray(new Plan[0]));
    qt().withExamples(50).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      Instant start = YEAR.plusSeconds(3_600L * r.nextInt(24 * 200));
      Instant end = start.atZone(ZoneOffset.UTC).plusMonths(1 + r.nextInt(24)).toInstant();
      List<UsageEvent> events = new ArrayList<>();
      long expected = 0;
      int count = r.nextInt(60);
      for (int i = 0; i < count; i++) {
        int units = r.nextInt(100);
        expected += units;
        events.add(UsageEvent.of("evt_" + i, "cus_1", null, "call", randomInstant(r, start, end),
            Map.of("units", Integer.toString(units))));
      }
      for (int v = 0; v < variants.length; v++) {
        Subscription s = Subscription.builder().id("sub_" + v).customerId("cus_1").planCode("p" + v).planVersion(1)
            .start(start).end(end).build();
        SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(s), catalog, METERS, end).aggregate(events);
        UsageBindingTest.Billed billed = UsageBindingTest.bill(catalog, List.of(s), UsageSource.of(usage), end);
        assertThat(billed.result().failures()).isEmpty();
        BigDecimal q = usageLines(billed.invoices()).stream().map(InvoiceLine::quantity)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(q).as(variants[v][0] + " " + variants[v][1]).isEqualByComparingTo(BigDecimal.valueOf(expected));
      }
    });
  }

  /**
   * Cutting a period at a plan change and joining the parts equals the whole when both sides
   * have the same tiers: with {@code usage_tiers_across_change: continue} the two lines add up to
   * the one line of the uncut period (prices in whole cents, so no line rounds).
   */
  @Test
  void cutAndJoinedEqualsTheWholeWhenTiersContinue() {
    String tiers = "\"meter\":\"calls\",\"price\":{\"model\":\"graduated\",\"tiers\":["
        + "{\"up_to\":\"50\",\"unit_price\":\"0.30\"},{\"up_to\":\"120\",\"unit_price\":\"0.20\"},"
        + "{\"up_to\":null,\"unit_price\":\"0.10\"}]}";
    String billing = "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\","
        + "\"usage_tiers_across_change\":\"continue\"}";
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(planJson("one", billing, tiers)),
        BillingFixtures.plan(planJson("two", billing, tiers)));
    Instant month = Instant.parse("2026-03-01T00:00:00Z");
    Instant next = Instant.parse("2026-04-01T00:00:00Z");
    qt().withExamples(60).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      Instant change = randomInstant(r, month.plusSeconds(1), next);
      List<UsageEvent> events = new ArrayList<>();
      int count = r.nextInt(250);
      for (int i = 0; i < count; i++) {
        events.add(UsageEvent.of("evt_" + i, "cus_1", null, "call", randomInstant(r, month, next), Map.of()));
      }
      Subscription whole = Subscription.builder().id("sub_w").customerId("cus_1").planCode("one").planVersion(1)
          .start(month).build();
      Subscription cut = whole.withChange(SubscriptionChange.planChange("chg", SubscriptionChange.Kind.UPGRADE,
          change, ChangeTiming.IMMEDIATE, "two", 1));
      Money wholeUsage = billedUsage(catalog, whole, events, next);
      Money cutUsage = billedUsage(catalog, cut, events, next);
      assertThat(cutUsage).isEqualTo(wholeUsage);
    });
  }

  static String planJson(String code, String billing, String charge) {
    return """
        {"code":"%s","version":1,"status":"active","currency":"USD","billing":%s,
         "charges":[{"code":"usage","name":"Usage","kind":"usage","timing":"in_arrears",%s}]}
        """.formatted(code, billing, charge);
  }

  static Money billedUsage(MapCatalog catalog, Subscription s, List<UsageEvent> events, Instant asOf) {
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(s), catalog, METERS, asOf).aggregate(events);
    UsageBindingTest.Billed billed = UsageBindingTest.bill(catalog, List.of(s), UsageSource.of(usage), asOf);
    assertThat(billed.result().failures()).isEmpty();
    return usageLines(billed.invoices()).stream().map(InvoiceLine::amount).reduce(Money.of("USD", "0"), Money::plus);
  }
}
