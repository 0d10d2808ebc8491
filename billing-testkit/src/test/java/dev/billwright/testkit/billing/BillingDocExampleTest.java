package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.json.Json;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/billing-engine.md, compiled and run. */
class BillingDocExampleTest {
  @Test
  void example() {
    // --- docs/billing-engine.md example start
    Plan team = PlanJson.read(Json.parse("""
        {"code":"team","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[
          {"code":"seats","kind":"recurring","timing":"in_advance",
           "price":{"model":"per_unit","unit_price":"12"}},
          {"code":"api_calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
           "price":{"model":"per_unit","unit_price":"0.001","free_units":"10000"}}]}
        """, "team.json"), "team.json");
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(team));
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    BillRun billRun = new BillRun(catalog, store, new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT);

    Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1")
        .planCode("team").planVersion(1)
        .start(Instant.parse("2026-04-01T00:00:00Z"))
        .seats(new BigDecimal("5"))
        .build();
    // 5 → 8 seats from 16 April: a credit for the unused half of April's 5 seats and a charge
    // for 8 seats over the rest of April, on the 1 May invoice
    Subscription changed = sub.withChange(SubscriptionChange.seats("chg_1",
        Instant.parse("2026-04-16T00:00:00Z"), ChangeTiming.IMMEDIATE, new BigDecimal("8")));

    UsageSource usage = (s, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal("25000")));
    List<CouponRedemption> coupons = List.of(CouponRedemption.start(
        Coupon.percentage("welcome", new BigDecimal("20"), CouponDuration.ONCE)));

    // the scheduler runs the bill run at each boundary; a run after a gap catches up
    BillRunResult april = billRun.run(BillRunRequest.of(List.of(sub), usage, Instant.parse("2026-04-01T00:00:00Z"))
        .withCoupons(s -> coupons));
    BillRunResult may = billRun.run(BillRunRequest.of(List.of(changed), usage, Instant.parse("2026-05-01T00:00:00Z"))
        .withCoupons(s -> coupons));
    // running it again creates nothing: every invoice has a deterministic idempotency key
    BillRunResult again = billRun.run(BillRunRequest.of(List.of(changed), usage, Instant.parse("2026-05-01T00:00:00Z"))
        .withCoupons(s -> coupons));
    // --- docs/billing-engine.md example end

    // 1 April: 5 × 12 = 60.00 − 20 % = 48.00. 1 May: April usage (25000 − 10000) × 0.001 = 15.00;
    // credit 48.00 × 15/30 = −24.00 (what was billed, after the coupon); charge 8 × 12 × 15/30 =
    // 48.00; May 8 × 12 = 96.00 → 135.00.
    assertThat(april.created().get(0).totals().total()).isEqualTo(Money.of("USD", "48.00"));
    assertThat(store.findById(may.created().get(0).id())).contains(may.created().get(0));
    assertThat(may.created().get(0).totals().total()).isEqualTo(Money.of("USD", "135.00"));
    assertThat(again.created()).isEmpty();
  }
}
