package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import static dev.billwright.billing.BillingGoldenTest.at;
import static dev.billwright.billing.BillingGoldenTest.flatFee;
import static dev.billwright.billing.BillingGoldenTest.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionCyclesTest {
  static final MapCatalog CATALOG = new MapCatalog(
      BillingFixtures.plan(plan("cal", "days", "", flatFee("fee", "31"))),
      BillingFixtures.plan(plan("anniv", "days", "", flatFee("fee", "31")).replace("calendar", "anniversary")),
      BillingFixtures.plan(plan("daily", "days", "", flatFee("fee", "1")).replace("P1M", "P1D")));

  @Test
  void calendarStartMidMonthThenWholeMonthsThenTheEnd() {
    Subscription s = Subscription.builder().id("s").customerId("c").planCode("cal").planVersion(1)
        .start(at("2026-01-15T00:00:00Z")).end(at("2026-03-10T00:00:00Z")).build();
    List<BillingCycle> cycles = SubscriptionCycles.cycles(s, CATALOG, s.start(), at("2027-01-01T00:00:00Z"));
    assertThat(cycles).extracting(BillingCycle::boundary).containsExactly(at("2026-01-15T00:00:00Z"),
        at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"), at("2026-03-10T00:00:00Z"));
    assertThat(cycles.get(0).closing()).isEmpty();
    assertThat(cycles.get(0).opening().orElseThrow().period().end()).isEqualTo(at("2026-02-01T00:00:00Z"));
    assertThat(cycles.get(0).opening().orElseThrow().fullPeriod().start()).isEqualTo(at("2026-01-01T00:00:00Z"));
    // the last opening period is clipped to the end; the last cycle only closes
    assertThat(cycles.get(2).opening().orElseThrow().period().end()).isEqualTo(at("2026-03-10T00:00:00Z"));
    assertThat(cycles.get(3).opening()).isEmpty();
    assertThat(cycles.get(3).closing().orElseThrow().period().start()).isEqualTo(at("2026-03-01T00:00:00Z"));
    assertThat(cycles.get(3).closing().orElseThrow().period().end()).isEqualTo(at("2026-03-10T00:00:00Z"));
    // closing periods abut
    for (int k = 2; k < cycles.size(); k++) {
      assertThat(cycles.get(k).closing().orElseThrow().period().start())
          .isEqualTo(cycles.get(k - 1).closing().orElseThrow().period().end());
    }
  }

  /** A billing cycle anchor after the start (Stripe): a prorated stub period up to the anchor. */
  @Test
  void anchorAfterTheStartGivesAStubPeriod() {
    Subscription s = Subscription.builder().id("s").customerId("c").planCode("anniv").planVersion(1)
        .start(at("2026-01-10T00:00:00Z")).billingCycleAnchor(at("2026-01-20T00:00:00Z")).build();
    List<BillingCycle> cycles = SubscriptionCycles.cycles(s, CATALOG, s.start(), at("2026-03-01T00:00:00Z"));
    assertThat(cycles).extracting(BillingCycle::boundary).containsExactly(at("2026-01-10T00:00:00Z"),
        at("2026-01-20T00:00:00Z"), at("2026-02-20T00:00:00Z"));
    assertThat(cycles.get(0).opening().orElseThrow().fullPeriod().start()).isEqualTo(at("2025-12-20T00:00:00Z"));
    // the stub's fee: 31 × 10 / 31 days (20 Dec → 20 Jan) = 10.00
    BillingGoldenTest.Outcome o = BillingGoldenTest.bill(CATALOG, s, at("2026-01-10T00:00:00Z"), UsageSource.NONE);
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(BillingFixtures.usd("10.00"));
  }

  @Test
  void fromInclusiveSkipsEarlierBoundariesAndTheListIsBounded() {
    Subscription s = Subscription.builder().id("s").customerId("c").planCode("cal").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).build();
    assertThat(SubscriptionCycles.cycles(s, CATALOG, at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z")))
        .extracting(BillingCycle::index).containsExactly(2, 3);
    assertThat(SubscriptionCycles.cycles(s, CATALOG, s.start(), at("2025-12-31T00:00:00Z"))).isEmpty();
    Subscription daily = Subscription.builder().id("d").customerId("c").planCode("daily").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).build();
    // 2026 → 2400 is about 136 000 daily boundaries: more than the 100 000 allowed
    assertThatThrownBy(() -> SubscriptionCycles.cycles(daily, CATALOG, daily.start(), at("2400-01-01T00:00:00Z")))
        .isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
  }

  /**
   * A yearly fee with monthly usage from 15 January 2026 (anniversary): the boundaries are the
   * union of both schedules; at 15 March only February's usage period closes, and at 15 January
   * 2027 the fee's year closes and the next opens as well.
   */
  @Test
  void theBoundariesAreTheUnionOfEveryChargesSchedule() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(CadenceTest.annual("annual", 1, "1200", "")
        .replace("calendar", "anniversary")));
    Subscription s = Subscription.builder().id("s").customerId("c").planCode("annual").planVersion(1)
        .start(at("2026-01-15T00:00:00Z")).build();
    List<BillingCycle> cycles = SubscriptionCycles.cycles(s, catalog, s.start(), at("2027-01-15T00:00:00Z"));
    assertThat(cycles).hasSize(13);
    BillingCycle march = cycles.get(2);
    assertThat(march.boundary()).isEqualTo(at("2026-03-15T00:00:00Z"));
    assertThat(march.closing("api_calls").orElseThrow().period().start()).isEqualTo(at("2026-02-15T00:00:00Z"));
    assertThat(march.closing("platform")).isEmpty();
    assertThat(march.opening("platform")).isEmpty();
    assertThat(march.closing()).isEmpty();
    assertThat(march.span().orElseThrow().start()).isEqualTo(at("2026-02-15T00:00:00Z"));
    BillingCycle year = cycles.get(12);
    assertThat(year.closing("platform").orElseThrow().period().start()).isEqualTo(at("2026-01-15T00:00:00Z"));
    assertThat(year.opening("platform").orElseThrow().period().end()).isEqualTo(at("2028-01-15T00:00:00Z"));
    assertThat(year.closing("api_calls").orElseThrow().period().start()).isEqualTo(at("2026-12-15T00:00:00Z"));
    assertThat(year.closing()).isPresent();
    assertThat(cycles.get(0).opening("api_calls").orElseThrow().period().end()).isEqualTo(at("2026-02-15T00:00:00Z"));
  }
}
