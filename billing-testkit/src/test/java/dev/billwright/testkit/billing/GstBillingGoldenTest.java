package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
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
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden invoices with Indian GST from {@link GstTaxCalculator} through the tax SPI, billed by a
 * {@link BillRun}: a Karnataka supplier billing a Karnataka customer (intra-state: CGST 9 % +
 * SGST 9 %, IGST Act s.8) and a Maharashtra customer (inter-state: IGST 18 %, s.7), SAC 998319 at
 * 18 % (Notification 11/2017-CT(Rate)). Tax is computed per line and per head,
 * {@code round(taxable × rate / 100)} HALF_UP to paise, after the coupon (CGST Rule 46(k): the
 * taxable value is net of the discount). Rewrite with {@code BILLWRIGHT_UPDATE_GOLDEN=1}.
 */
class GstBillingGoldenTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "billing");
  static final TaxParty SUPPLIER = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
  static final TaxParty KA_CUSTOMER = TaxParty.of("Buyer KA", "IN").withTaxId("29AABCR1718E1ZL");
  static final TaxParty MH_CUSTOMER = TaxParty.of("Buyer MH", "IN").withTaxId("27AAPFU0939F1ZV");

  static final Plan PLAN = PlanJson.read(Json.parse("""
      {"code":"saas_in","version":1,"status":"active","currency":"INR",
       "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"Asia/Kolkata","proration":"days"},
       "charges":[
        {"code":"seats","name":"Seats","kind":"recurring","timing":"in_advance",
         "price":{"model":"per_unit","unit_price":"999"},"tax_code":"SAC:998319"},
        {"code":"api_calls","name":"API calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
         "price":{"model":"per_unit","unit_price":"0.25"},"tax_code":"SAC:998319"}]}
      """, "gst plan"), "gst plan");

  static List<Invoice> bill(TaxParty customer) {
    Subscription sub = Subscription.builder().id("sub_gst").customerId("cus_gst").planCode("saas_in").planVersion(1)
        .start(Instant.parse("2026-04-01T00:00:00+05:30")).seats(new BigDecimal("3")).build();
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    BillRun run = new BillRun(InMemoryPlanCatalog.of(List.of(PLAN)), store, new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    UsageSource usage = (s, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal("1234")));
    List<CouponRedemption> coupons = List.of(CouponRedemption.start(
        Coupon.percentage("launch10", BigDecimal.TEN, CouponDuration.ONCE)));
    BillRunResult result = run.run(BillRunRequest.of(List.of(sub), usage, Instant.parse("2026-05-01T00:00:00+05:30"))
        .withTax(s -> new TaxContext(SUPPLIER, customer, GstTaxCalculator.DEFAULT))
        .withCoupons(s -> coupons));
    assertThat(result.failures()).isEmpty();
    assertThat(result.created()).hasSize(2);
    return result.created();
  }

  static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  /**
   * Intra-state.
   * <ul>
   *   <li>1 April: 3 seats × 999 = 2997.00, 10 % coupon once − 299.70 = 2697.30 taxable; CGST =
   *       SGST = round(242.757) = 242.76; total 2697.30 + 485.52 = 3182.82;
   *   <li>1 May: April usage 1234 × 0.25 = 308.50 and May seats 2997.00; CGST per line
   *       round(27.765) = 27.77 and 269.73 → 297.50, SGST the same; total 3305.50 + 595.00 =
   *       3900.50.
   * </ul>
   */
  @Test
  void intraStateCgstAndSgst() throws IOException {
    List<Invoice> invoices = bill(KA_CUSTOMER);
    Invoice april = invoices.get(0);
    assertThat(april.totals().taxableTotal()).isEqualTo(inr("2697.30"));
    assertThat(april.totals().taxOf(GstTaxCalculator.CGST)).isEqualTo(inr("242.76"));
    assertThat(april.totals().taxOf(GstTaxCalculator.SGST)).isEqualTo(inr("242.76"));
    assertThat(april.totals().total()).isEqualTo(inr("3182.82"));
    Invoice may = invoices.get(1);
    assertThat(may.totals().taxOf(GstTaxCalculator.CGST)).isEqualTo(inr("297.50"));
    assertThat(may.totals().taxOf(GstTaxCalculator.SGST)).isEqualTo(inr("297.50"));
    assertThat(may.totals().total()).isEqualTo(inr("3900.50"));
    // the bill run keeps the decision on each invoice: a registered recipient in 29 (IGST Act s.12(2)(a))
    for (Invoice i : invoices) {
      assertThat(i.taxDecision().orElseThrow().placeOfSupply().orElseThrow().code()).isEqualTo("29");
      assertThat(i.taxDecision().orElseThrow().placeOfSupply().orElseThrow().basis()).startsWith("IGST Act s.12(2)(a)");
      assertThat(i.taxDecision().orElseThrow().supplyType()).contains("B2B");
    }
    assertGolden("gst-intra-state.json", invoices);
  }

  /**
   * Inter-state: IGST 18 % per line. 1 April: round(485.514) = 485.51, total 3182.81 (one paisa
   * below CGST + SGST, which round each half separately); 1 May: 55.53 + 539.46 = 594.99, total
   * 3900.49.
   */
  @Test
  void interStateIgst() throws IOException {
    List<Invoice> invoices = bill(MH_CUSTOMER);
    assertThat(invoices.get(0).totals().taxOf(GstTaxCalculator.IGST)).isEqualTo(inr("485.51"));
    assertThat(invoices.get(0).totals().total()).isEqualTo(inr("3182.81"));
    assertThat(invoices.get(1).totals().taxOf(GstTaxCalculator.IGST)).isEqualTo(inr("594.99"));
    assertThat(invoices.get(1).totals().total()).isEqualTo(inr("3900.49"));
    // place of supply: the registered recipient's state 27 (IGST Act s.12(2)(a))
    assertThat(invoices).allSatisfy(i -> assertThat(i.taxDecision().orElseThrow().placeOfSupply().orElseThrow().code())
        .isEqualTo("27"));
    assertGolden("gst-inter-state.json", invoices);
  }

  /**
   * An immediate seat increase 3 → 5 on 16 April (days basis, April has 30 days) under intra-state
   * GST: the credit line is negative taxable value and its tax is negative (a net-off on the same
   * invoice; CGST Act s.34 credit notes are the alternative). Credit: 2697.30 billed (after the
   * 10 % coupon) × 15/30 = 1348.65; charge: 5 × 999 × 15/30 = 2497.50; May seats 4995.00; April
   * usage 308.50. Taxable 308.50 − 1348.65 + 2497.50 + 4995.00 = 6452.35; CGST per line: 27.77,
   * −121.38 (−121.3785), 224.78 (224.775), 449.55 → 580.72, SGST the same; total 6452.35 +
   * 1161.44 = 7613.79.
   */
  @Test
  void seatIncreaseUnderGstNetsTheCreditLinesTax() {
    Subscription sub = Subscription.builder().id("sub_gst").customerId("cus_gst").planCode("saas_in").planVersion(1)
        .start(Instant.parse("2026-04-01T00:00:00+05:30")).seats(new BigDecimal("3")).build();
    Subscription more = sub.withChange(dev.billwright.subscription.SubscriptionChange.seats("more",
        Instant.parse("2026-04-16T00:00:00+05:30"), dev.billwright.subscription.ChangeTiming.IMMEDIATE,
        new BigDecimal("5")));
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    BillRun run = new BillRun(InMemoryPlanCatalog.of(List.of(PLAN)), store, new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    UsageSource usage = (s, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal("1234")));
    List<CouponRedemption> coupons = List.of(CouponRedemption.start(
        Coupon.percentage("launch10", BigDecimal.TEN, CouponDuration.ONCE)));
    run.run(BillRunRequest.of(List.of(sub), usage, Instant.parse("2026-04-01T00:00:00+05:30"))
        .withTax(s -> new TaxContext(SUPPLIER, KA_CUSTOMER, GstTaxCalculator.DEFAULT)).withCoupons(s -> coupons));
    BillRunResult result = run.run(BillRunRequest.of(List.of(more), usage, Instant.parse("2026-05-01T00:00:00+05:30"))
        .withTax(s -> new TaxContext(SUPPLIER, KA_CUSTOMER, GstTaxCalculator.DEFAULT)).withCoupons(s -> coupons));
    assertThat(result.failures()).isEmpty();
    Invoice may = result.created().get(0);
    assertThat(may.totals().taxableTotal()).isEqualTo(inr("6452.35"));
    assertThat(may.totals().taxOf(GstTaxCalculator.CGST)).isEqualTo(inr("580.72"));
    assertThat(may.totals().total()).isEqualTo(inr("7613.79"));
  }

  static void assertGolden(String name, List<Invoice> invoices) throws IOException {
    ObjectNode root = Json.object();
    ArrayNode array = root.putArray("invoices");
    invoices.forEach(i -> array.add(InvoiceJson.write(i)));
    String text = Json.write(root);
    Path file = GOLDEN.resolve(name);
    if ("1".equals(System.getenv("BILLWRIGHT_UPDATE_GOLDEN")) || "1".equals(System.getProperty("BILLWRIGHT_UPDATE_GOLDEN"))) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, text);
    }
    assertThat(Files.exists(file)).as(file + " exists (create it with BILLWRIGHT_UPDATE_GOLDEN=1)").isTrue();
    assertThat(text).isEqualTo(Files.readString(file));
  }
}
