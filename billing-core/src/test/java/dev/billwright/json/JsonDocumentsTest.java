package dev.billwright.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader shape: {@code XJson.read(source)} and {@code XJson.readAll(document)}. */
class JsonDocumentsTest {
  private static final String PLAN = """
      {"code": "api", "version": 1, "status": "active", "currency": "USD",
       "charges": [{"code": "platform", "kind": "recurring", "price": {"model": "flat", "amount": "49.00"}}]}""";
  private static final String METER = """
      {"code": "requests", "event_type": "api.request", "aggregation": "count"}""";
  private static final String SUBSCRIPTION = """
      {"id": "sub_1", "customer": "cus_1", "plan": {"code": "api", "version": 1},
       "start": "2026-10-01T00:00:00Z"}""";

  @Test
  void readsEveryCodecFromTextStreamPathAndTree(@TempDir Path dir) throws IOException {
    Plan fromText = PlanJson.read(PLAN, "plan.json");
    Path file = dir.resolve("plan.json");
    Files.writeString(file, PLAN);
    assertThat(PlanJson.read(file)).isEqualTo(fromText);
    assertThat(PlanJson.read(new ByteArrayInputStream(PLAN.getBytes(StandardCharsets.UTF_8)), "plan.json"))
        .isEqualTo(fromText);
    assertThat(PlanJson.read(Json.parse(PLAN, "plan.json"), "plan.json")).isEqualTo(fromText);
    assertThat(fromText.charges()).hasSize(1);

    Meter meter = MeterJson.read(METER, "meter.json");
    assertThat(meter.code()).isEqualTo("requests");
    Subscription sub = SubscriptionJson.read(SUBSCRIPTION, "sub.json");
    assertThat(sub.planCode()).isEqualTo("api");
    assertThat(UsageEventJson.read("""
        {"id": "e1", "customer": "cus_1", "event_type": "api.request", "timestamp": "2026-10-02T00:00:00Z"}""",
        "event.json").id()).isEqualTo("e1");
  }

  @Test
  void readsDocumentsOfManyAsAnObjectOrABareArray(@TempDir Path dir) throws IOException {
    Path plans = dir.resolve("plans.json");
    Files.writeString(plans, "{\"plans\": [" + PLAN + "," + PLAN.replace("\"version\": 1", "\"version\": 2") + "]}");
    List<Plan> all = PlanJson.readAll(plans);
    assertThat(all).extracting(Plan::version).containsExactly(1, 2);
    assertThat(PlanJson.readAll("[" + PLAN + "]", "plans.json")).containsExactly(all.get(0));
    assertThat(MeterJson.readAll("{\"meters\": [" + METER + "]}", "meters.json")).extracting(Meter::code)
        .containsExactly("requests");
    assertThat(SubscriptionJson.readAll("{\"subscriptions\": [" + SUBSCRIPTION + "]}", "s.json"))
        .extracting(Subscription::id).containsExactly("sub_1");
    assertThat(PlanJson.readAll("plans:\n  - " + PLAN.replace("\n", " "), "plans.yaml")).containsExactly(all.get(0));
  }

  @Test
  void badDocumentsNameTheirPath() {
    assertThatThrownBy(() -> PlanJson.readAll("{\"plan\": []}", "plans.json"))
        .isInstanceOf(BillingException.class).hasMessageContaining("plans.json: $.plans");
    assertThatThrownBy(() -> PlanJson.readAll("{\"plans\": [], \"extra\": 1}", "plans.json"))
        .isInstanceOf(BillingException.class).hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> MeterJson.readAll("{\"meters\": [" + METER.replace("}", ", \"colour\": \"red\"}") + "]}",
        "meters.json")).isInstanceOf(BillingException.class)
        .hasMessageContaining("meters.json: $.meters[0].colour");
    assertThatThrownBy(() -> MeterJson.read(METER.replace("}", ", \"colour\": \"red\"}"), "meter.json"))
        .isInstanceOf(BillingException.class).hasMessageContaining("meter.json: $.colour");
    assertThatThrownBy(() -> PlanJson.readAll("\"plans\"", "plans.json"))
        .isInstanceOf(BillingException.class).hasMessageContaining("or a JSON array");
    assertThatThrownBy(() -> PlanJson.read(new ByteArrayInputStream(new byte[] {'{', (byte) 0xC3, '}'}), "p.json"))
        .isInstanceOf(BillingException.class).hasMessageContaining("not UTF-8");
  }

  @Test
  void creditNotesUseTheInvoiceNameForTheirTaxAndStillReadTheOldOne() throws IOException {
    String golden = Files.readString(Path.of("src/test/resources/golden/credit-note-partial.json"));
    assertThat(golden).contains("\"total_tax\"").doesNotContain("\"tax_total\"");
    CreditNote note = CreditNoteJson.read(golden, "cn.json");
    assertThat(Json.write(CreditNoteJson.write(note))).isEqualTo(golden);
    CreditNote legacy = CreditNoteJson.read(golden.replace("\"total_tax\"", "\"tax_total\""), "old-cn.json");
    assertThat(legacy).isEqualTo(note);
    String wrongTax = golden.replace("\"total_tax\" : \"", "\"total_tax\" : \"1");
    assertThatThrownBy(() -> CreditNoteJson.read(wrongTax, "cn.json")).isInstanceOf(BillingException.class)
        .hasMessageContaining("$.totals");
    Invoice invoice = InvoiceJson.read(Path.of("src/test/resources/golden/invoice-period-gst.json"));
    assertThat(Json.write(InvoiceJson.write(invoice)))
        .contains("\"total_tax\"").isEqualTo(Files.readString(Path.of("src/test/resources/golden/invoice-period-gst.json")));
  }
}
