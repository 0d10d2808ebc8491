package dev.billwright.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.json.Json;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "from Java in ten lines" example of README.md, kept compiling and correct. */
class ReadmeQuickstartTest {

  @Test
  void quickstart() {
    String planJson = """
        {"code": "api", "version": 1, "status": "active", "currency": "USD",
         "charges": [
           {"code": "platform", "kind": "recurring", "price": {"model": "flat", "amount": "49.00"}},
           {"code": "requests", "kind": "usage", "meter": "requests",
            "price": {"model": "graduated", "tiers": [
              {"up_to": "100000", "unit_price": "0"},
              {"up_to": null, "unit_price": "0.0004"}]}}]}""";
    // --- README example starts
    Plan plan = PlanJson.read(Json.parse(planJson, "api.json"), "api.json");
    var catalog = InMemoryPlanCatalog.of(List.of(plan));
    Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1")
        .planCode("api").planVersion(1).start(Instant.parse("2026-10-01T00:00:00Z")).build();
    UsageSource usage = (s, w) -> PeriodUsage.ofQuantities(Map.of("requests", new BigDecimal("250000")));
    BillRun run = new BillRun(catalog, new InMemoryInvoiceStore(), new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    BillRunResult result = run.run(BillRunRequest.of(List.of(sub), usage, Instant.parse("2026-11-01T00:00:00Z")));
    Invoice november = result.created().get(1);                 // October's usage + November's fee
    System.out.println(Json.write(InvoiceJson.write(november)));
    // --- README example ends
    assertThat(result.created()).hasSize(2);
    assertThat(result.created().get(0).number()).contains("INV-000001");
    // 150 000 requests over the free 100 000 at 0.0004 = 60.00; plus 49.00 in advance.
    assertThat(november.totals().total()).isEqualTo(Money.of("USD", "109.00"));
    // Running again changes nothing.
    assertThat(run.run(BillRunRequest.of(List.of(sub), usage, Instant.parse("2026-11-01T00:00:00Z"))).created()).isEmpty();
  }
}
