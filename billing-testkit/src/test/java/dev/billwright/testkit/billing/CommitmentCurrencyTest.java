package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A commitment in the plan's currency is never silently dropped for a subscription in another one. */
class CommitmentCurrencyTest {
  @Test
  void aSubscriptionInAnotherCurrencyOnAPlanWithACommitmentFailsLoudly() {
    ChargePrice inr = ChargePrice.of(new PerUnitPrice(new BigDecimal("0.20"), null));
    Plan plan = Plan.builder().code("otp").version(1).status(PlanStatus.ACTIVE).currency(Currency.getInstance("INR"))
        .addCharges(Charge.builder().code("otp").kind(ChargeKind.USAGE).meter("otp_sent").price(inr)
            .putPrices(Currency.getInstance("USD"), ChargePrice.of(new PerUnitPrice(new BigDecimal("0.003"), null)))
            .build())
        .minimumCommitment(Money.of("INR", "5000"))
        .build();
    Subscription usd = Subscription.builder().id("sub_usd").customerId("cus_1").planCode("otp").planVersion(1)
        .currency(Currency.getInstance("USD")).start(Instant.parse("2026-10-01T00:00:00Z")).build();
    Subscription inrSub = Subscription.builder().id("sub_inr").customerId("cus_2").planCode("otp").planVersion(1)
        .start(Instant.parse("2026-10-01T00:00:00Z")).build();
    BillRun run = new BillRun(InMemoryPlanCatalog.of(List.of(plan)), new InMemoryInvoiceStore(),
        new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT);
    BillRunResult result = run.run(BillRunRequest.of(List.of(usd, inrSub),
        (s, w) -> PeriodUsage.ofQuantities(Map.of("otp", new BigDecimal("1000"))),
        Instant.parse("2026-11-01T00:00:00Z")));
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.subscriptionId()).isEqualTo("sub_usd");
      // refused by validation before billing (it was the assembler's INVALID_DEFINITION before)
      assertThat(f.code()).isEqualTo("catalog.invalid_subscription");
      assertThat(f.message()).contains("minimum_commitment", "USD", "INR");
    });
    // The INR subscription is billed, with its true-up: 1000 x 0.20 = 200.00, commitment 5000.00.
    assertThat(result.created()).singleElement().satisfies(i ->
        assertThat(i.totals().total()).isEqualTo(Money.of("INR", "5000.00")));
  }
}
