package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.amount;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.catalog.Plan;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.LineKind;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.ChargeMeters;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage while paused is reported, never billed nor dropped; prorated usage charges end to end. */
class PausedAndProratedUsageTest {
  static final Map<String, Meter> METERS = Map.of(
      "api_calls", Meter.of("api_calls", "api.call", Aggregation.COUNT, null),
      "seats", Meter.of("seats", "seat.changed", Aggregation.SUM, "seats"),
      "peak", Meter.of("peak", "seat.changed", Aggregation.MAX, "seats"));

  static UsageEvent call(String id, String at) {
    return UsageEvent.of(id, "cus_1", null, "api.call", at(at), Map.of());
  }

  /**
   * Paused 11–21 April: the calls of 5 and 25 April are billed (0.10 each), the one of 15 April is
   * reported in {@code unclaimed.paused} for the subscription and counted as unclaimed.
   */
  @Test
  void usageWhilePausedIsReported() {
    Subscription sub = PauseResumeTest.base()
        .withChange(SubscriptionChange.pause("p", at("2026-04-11T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.resume("r", at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE));
    List<UsageEvent> events = List.of(call("e1", "2026-04-05T00:00:00Z"), call("e2", "2026-04-15T00:00:00Z"),
        call("e3", "2026-04-25T00:00:00Z"));
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(sub), PauseResumeTest.CATALOG, METERS,
        at("2026-05-01T00:00:00Z")).aggregate(events);
    assertThat(usage.eventsBilled()).isEqualTo(2);
    assertThat(usage.unclaimed().events()).isEqualTo(1);
    assertThat(usage.unclaimed().paused()).isEqualTo(Map.of("sub_p", Map.of("api_calls", 1L)));
    assertThat(usage.eventsBilled() + usage.unclaimed().events() + usage.rejected()).isEqualTo(usage.eventsRead());
    Outcome o = BillingGoldenTest.bill(PauseResumeTest.CATALOG, List.of(PauseResumeTest.base(), sub),
        List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")), UsageSource.of(usage), List.of());
    assertThat(amount(PauseResumeTest.issuedAt(o, "2026-04-11T00:00:00Z"), "api_calls", LineKind.USAGE))
        .isEqualTo(usd("0.10"));
    assertThat(amount(PauseResumeTest.issuedAt(o, "2026-05-01T00:00:00Z"), "api_calls", LineKind.USAGE))
        .isEqualTo(usd("0.10"));
    assertThat(o.last().unclaimed().paused()).containsKey("sub_p");
  }

  static Plan seatsPlan(String meter, String price) {
    return BillingFixtures.plan("""
        {"code":"seats","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[{"code":"seats","kind":"usage","meter":"%s","timing":"in_arrears","prorated":true,
                     "price":%s}]}
        """.formatted(meter, price));
  }

  /**
   * Lago docs, Prorated vs Full: a $10 seat added so that it is held 22 of June's 30 days is billed
   * $7.33 (0.73334 seats, rounded up to 5 decimals, × 10 = 7.3334 → 7.33); a seat held all month,
   * from 1 June, is billed the full $10.
   */
  @Test
  void proratedSeatsBilledForTheDaysHeld() {
    MapCatalog catalog = new MapCatalog(seatsPlan("seats", "{\"model\":\"per_unit\",\"unit_price\":\"10\"}"));
    Subscription sub = Subscription.builder().id("sub_s").customerId("cus_1").planCode("seats").planVersion(1)
        .start(at("2026-06-01T00:00:00Z")).build();
    List<UsageEvent> events = List.of(
        UsageEvent.of("a", "cus_1", null, "seat.changed", at("2026-06-01T00:00:00Z"), Map.of("seats", "1")),
        UsageEvent.of("b", "cus_1", null, "seat.changed", at("2026-06-09T10:00:00Z"), Map.of("seats", "1")));
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(sub), catalog, METERS, at("2026-07-01T00:00:00Z"))
        .aggregate(events);
    Outcome o = BillingGoldenTest.bill(catalog, sub, at("2026-07-01T00:00:00Z"), UsageSource.of(usage));
    Invoice july = o.invoices().get(o.invoices().size() - 1);
    assertThat(amount(july, "seats", LineKind.USAGE)).isEqualTo(usd("17.33"));
  }

  /**
   * The metric is recurring (Lago): a seat added on 9 June is billed 22/30 of June (7.33) and the
   * whole of July (10.00); removed on 11 August, it is billed 10/31 of August (0.322580… → 0.32259 ×
   * 10 = 3.2259 → 3.23). Seats carried across a pause count again from the resume.
   */
  @Test
  void proratedSeatsCarryIntoLaterPeriods() {
    MapCatalog catalog = new MapCatalog(seatsPlan("seats", "{\"model\":\"per_unit\",\"unit_price\":\"10\"}"));
    Subscription sub = Subscription.builder().id("sub_s").customerId("cus_1").planCode("seats").planVersion(1)
        .start(at("2026-06-01T00:00:00Z")).build();
    List<UsageEvent> events = List.of(
        UsageEvent.of("b", "cus_1", null, "seat.changed", at("2026-06-09T10:00:00Z"), Map.of("seats", "1")),
        UsageEvent.of("c", "cus_1", null, "seat.changed", at("2026-08-11T10:00:00Z"), Map.of("seats", "-1")));
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(sub), catalog, METERS, at("2026-10-01T00:00:00Z"))
        .aggregate(events);
    Outcome o = BillingGoldenTest.bill(catalog, sub, at("2026-10-01T00:00:00Z"), UsageSource.of(usage));
    assertThat(amount(PauseResumeTest.issuedAt(o, "2026-07-01T00:00:00Z"), "seats", LineKind.USAGE))
        .isEqualTo(usd("7.33"));
    assertThat(amount(PauseResumeTest.issuedAt(o, "2026-08-01T00:00:00Z"), "seats", LineKind.USAGE))
        .isEqualTo(usd("10.00"));
    assertThat(amount(PauseResumeTest.issuedAt(o, "2026-09-01T00:00:00Z"), "seats", LineKind.USAGE))
        .isEqualTo(usd("3.23"));
    assertThat(amount(PauseResumeTest.issuedAt(o, "2026-10-01T00:00:00Z"), "seats", LineKind.USAGE))
        .isEqualTo(usd("0.00"));
    // split into two parts and merged, the result is the same
    SubscriptionUsageAggregator agg = SubscriptionUsageAggregator.of(List.of(sub), catalog, METERS,
        at("2026-10-01T00:00:00Z"));
    SubscriptionUsageAggregator.Run left = agg.start().accept(events.get(1));
    SubscriptionUsageAggregator.Run right = agg.start().accept(events.get(0));
    assertThat(left.merge(right).result().quantities()).isEqualTo(usage.quantities());
  }

  /**
   * Property: whatever the days seats are added and removed in June, July's quantity is the plain
   * sum of June's values (every unit held at June's end is held all July), and June's never
   * exceeds it when only seats are added.
   */
  @Test
  void carriedSeatsBillAWholeLaterPeriod() {
    MapCatalog catalog = new MapCatalog(seatsPlan("seats", "{\"model\":\"per_unit\",\"unit_price\":\"10\"}"));
    Subscription sub = Subscription.builder().id("sub_s").customerId("cus_1").planCode("seats").planVersion(1)
        .start(at("2026-06-01T00:00:00Z")).build();
    org.quicktheories.QuickTheory.qt().withExamples(50)
        .forAll(org.quicktheories.generators.SourceDSL.lists()
            .of(org.quicktheories.generators.SourceDSL.integers().between(0, 30 * 24 - 1)).ofSizeBetween(1, 8))
        .checkAssert(hours -> {
          List<UsageEvent> events = new java.util.ArrayList<>();
          for (int i = 0; i < hours.size(); i++) {
            events.add(UsageEvent.of("e" + i, "cus_1", null, "seat.changed",
                at("2026-06-01T00:00:00Z").plus(java.time.Duration.ofHours(hours.get(i))), Map.of("seats", "2")));
          }
          SubscriptionUsage usage = SubscriptionUsageAggregator.of(List.of(sub), catalog, METERS,
              at("2026-08-01T00:00:00Z")).aggregate(events);
          java.math.BigDecimal june = null;
          java.math.BigDecimal july = null;
          for (var e : usage.quantities().entrySet()) {
            java.math.BigDecimal q = e.getValue().values().iterator().next();
            if (e.getKey().period().start().equals(at("2026-06-01T00:00:00Z"))) {
              june = q;
            } else {
              july = q;
            }
          }
          assertThat(july).isEqualByComparingTo(java.math.BigDecimal.valueOf(2L * hours.size()));
          assertThat(june).isLessThanOrEqualTo(july);
        });
  }

  /** {@code prorated: true} where it does not apply is refused, naming the field. */
  @Test
  void proratedIsRefusedWhereItDoesNotApply() {
    // a max meter: Lago prorates sum metrics only
    Plan onMax = seatsPlan("peak", "{\"model\":\"per_unit\",\"unit_price\":\"10\"}");
    assertThatThrownBy(() -> ChargeMeters.derive(List.of(onMax), METERS)).isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DEFINITION))
        .hasMessageContaining("charges[seats].prorated").hasMessageContaining("sum");
    // a graduated price
    assertThatThrownBy(() -> seatsPlan("seats", "{\"model\":\"graduated\",\"tiers\":[{\"up_to\":null,"
        + "\"unit_price\":\"1\"}]}")).isInstanceOf(BillingException.class)
        .hasMessageContaining("charges.seats.prorated").hasMessageContaining("per_unit");
    // a one-time charge
    assertThatThrownBy(() -> BillingFixtures.plan("""
        {"code":"x","version":1,"status":"active","currency":"USD",
         "charges":[{"code":"setup","kind":"one_time","timing":"in_advance","prorated":true,
                     "price":{"model":"flat","amount":"5"}}]}
        """)).isInstanceOf(BillingException.class).hasMessageContaining("charges.setup.prorated")
        .hasMessageContaining("one-time");
  }
}
