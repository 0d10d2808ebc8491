package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.json.Json;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.NdjsonEventReader;
import dev.billwright.metering.RejectPolicy;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "library from Java" example of docs/cli.md, compiled and run. */
class DocsExampleTest {
  @TempDir
  Path dir;

  @Test
  void tenLinesOfJava() throws IOException {
    Files.writeString(dir.resolve("plan.json"), """
        {"code": "otp-starter", "version": 1, "status": "active", "currency": "INR",
         "billing": {"cadence": "P1M", "alignment": "calendar", "time_zone": "Asia/Kolkata", "proration": "days"},
         "charges": [{"code": "otp", "name": "OTP", "kind": "usage", "meter": "otp", "tax_code": "SAC:998319",
                      "price": {"model": "per_unit", "unit_price": "0.20"}}]}""");
    Files.writeString(dir.resolve("events.ndjson"), """
        {"id": "e1", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-03T10:15:30Z", "properties": {}}
        {"id": "e2", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-04T11:00:00Z", "properties": {}}
        {"id": "e2", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-04T11:00:00Z", "properties": {}}
        """);
    TaxParty supplier = TaxParty.of("Sandesh Verify Private Limited", "IN").withTaxId("29ZZSCV0001A1ZM");
    TaxParty customer = TaxParty.of("Kiranakart Retail Private Limited", "IN").withTaxId("29ZZKCK0002B1Z2");
    Path planFile = dir.resolve("plan.json");
    Path eventsFile = dir.resolve("events.ndjson");

    // --- docs/cli.md, "Calling the library from Java" ---
    Plan plan = PlanJson.read(Json.readFile(planFile), planFile.toString());
    Map<String, Meter> meters = Map.of("otp", Meter.of("otp", "otp.sent", Aggregation.COUNT, null));
    Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode("otp-starter").planVersion(1)
        .start(Instant.parse("2026-10-01T00:00:00+05:30")).build();
    PlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan));
    Instant asOf = Instant.parse("2026-11-01T00:00:00+05:30");
    SubscriptionUsage usage;
    try (NdjsonEventReader events = NdjsonEventReader.open(eventsFile, RejectPolicy.FAIL_FAST, null)) {
      usage = SubscriptionUsageAggregator.of(List.of(sub), catalog, meters, asOf).aggregate(events);
    }
    BillRun run = new BillRun(catalog, new InMemoryInvoiceStore(), new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    BillRunResult result = run.run(BillRunRequest.of(List.of(sub), UsageSource.of(usage), asOf)
        .withTax(s -> new TaxContext(supplier, customer, GstTaxCalculator.DEFAULT)));
    result.created().forEach(invoice -> System.out.println(Json.write(InvoiceJson.write(invoice))));
    // --- end ---

    assertThat(usage.duplicatesDropped()).isEqualTo(1);
    Invoice invoice = result.created().get(0);
    // 2 OTPs × 0.20 = 0.40; CGST and SGST 9 % each of 0.40 = 0.036 → 0.04 (HALF_UP per head)
    assertThat(invoice.totals().taxableTotal().amount()).isEqualByComparingTo("0.40");
    assertThat(invoice.totals().taxOf("CGST").amount()).isEqualByComparingTo("0.04");
    assertThat(invoice.totals().total().amount()).isEqualByComparingTo("0.48");
    assertThat(invoice.number()).contains("INV-000001");
  }
}
