package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import static dev.billwright.billing.BillingGoldenTest.at;
import static dev.billwright.billing.BillingGoldenTest.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 18: a negative usage total named no subscription, charge or meter. */
class NegativeUsageTotalTest {
  private static final MapCatalog CATALOG = new MapCatalog(BillingFixtures.plan(plan("metered", "days", "",
      """
      {"code":"calls","name":"Calls","kind":"usage","meter":"api_requests","timing":"in_arrears",
       "price":{"model":"per_unit","unit_price":"0.10"}}
      """)));

  private static final Subscription SUB = Subscription.builder().id("sub_7").customerId("cus_7")
      .planCode("metered").planVersion(1).start(at("2026-03-01T00:00:00Z")).build();

  private static InvoiceRequest request(PeriodUsage usage) {
    BillingCycle closing = SubscriptionCycles.cycles(SUB, CATALOG, at("2026-04-01T00:00:00Z"),
        at("2026-04-01T00:00:00Z")).get(0);
    assertThat(closing.closing()).isPresent();
    return new InvoiceRequest(SUB, CATALOG, closing, usage, List.of(), List.of(), TaxContext.none());
  }

  @Test
  void aNegativeTotalNamesTheSubscriptionChargeAndMeter() {
    InvoiceRequest r = request(PeriodUsage.ofQuantities(Map.of("calls", new BigDecimal("-5"))));
    assertThatThrownBy(() -> InvoiceAssembler.DEFAULT.assemble(r))
        .isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
          assertThat(e.getMessage()).contains("'subscriptions[sub_7].usage.charges[calls].quantity'",
              "'-5'", "charge 'calls'", "meter 'api_requests'");
        });
  }

  @Test
  void aNegativeGroupTotalAlsoNamesTheGroup() {
    PeriodUsage usage = new PeriodUsage(Map.of("calls", Map.of(Map.of("region", "eu"), new BigDecimal("3"),
        Map.of("region", "us"), new BigDecimal("-0.5"))), Map.of());
    assertThatThrownBy(() -> InvoiceAssembler.DEFAULT.assemble(request(usage)))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.getMessage())
            .contains("sub_7", "charge 'calls'", "meter 'api_requests'", "region=us", "'-0.5'"));
  }

  @Test
  void zeroAndPositiveTotalsAreBilled() {
    assertThat(InvoiceAssembler.DEFAULT.assemble(request(PeriodUsage.ofQuantities(
        Map.of("calls", new BigDecimal("30")))))).isPresent()
        .get().satisfies(i -> assertThat(i.totals().total()).isEqualTo(BillingFixtures.usd("3.00")));
  }
}
