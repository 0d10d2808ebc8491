package dev.billwright.benchmarks;

import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan, meter, tax parties and hand-written baseline shared by {@link InvoiceBenchmark} and
 * {@link BillRunBenchmark}: an INR plan of 10 charges (nine usage charges of five price models on
 * one meter, told apart by the event's {@code region}, and a flat monthly platform fee billed in
 * arrears), each with SAC 998315 so GST applies at 18 % (CGST 9 % + SGST 9 % between two
 * Karnataka GSTINs, CGST Act s.9 / SGST Acts; IGST Act s.12(2) place of supply).
 *
 * <p>The baseline ({@link #baselineInvoice}) is the minimal BigDecimal code for the same
 * invoice: each charge's exact amount from its quantity (tier walk, per-unit with free units,
 * package rounded up), rounded to paise HALF_UP once per line, CGST and SGST each
 * {@code round(line × 9 %)} per line, summed (the order and rounding of Billwright's
 * {@code InvoiceAssembler} and {@code GstTaxCalculator}).
 */
final class BillingFixture {
  /** The number of usage charges; charge {@code k} meters events of region {@code r<k>}. */
  static final int USAGE_CHARGES = 9;

  /** The plan's usage charge codes, in plan order. */
  static final List<String> USAGE_CODES = List.of("compute", "storage", "egress", "tokens", "requests", "sms",
      "email", "webhooks", "support");

  /** The flat monthly fee (INR) of the platform charge. */
  static final BigDecimal PLATFORM_FEE = new BigDecimal("25000.00");

  /** The zone of the plan's billing periods. */
  static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

  /** October 2026 in India: the period billed. */
  static final BillingPeriod OCTOBER = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1),
      ZONE);

  /** The GST rate of each head (CGST, SGST) in percent. */
  private static final BigDecimal HEAD_RATE = new BigDecimal("0.09");

  private static final BigDecimal[] COMPUTE_UP_TO = bounds("1000", "10000", "100000");
  private static final BigDecimal[] COMPUTE_PRICE = decimals("0.40", "0.30", "0.20", "0.10");
  private static final BigDecimal[] STORAGE_UP_TO = bounds("1000", "10000", "100000");
  private static final BigDecimal[] STORAGE_PRICE = decimals("0.25", "0.20", "0.15", "0.10");
  private static final BigDecimal[] SMS_UP_TO = bounds("500", "5000", "50000");
  private static final BigDecimal[] SMS_PRICE = decimals("0.20", "0.18", "0.16", "0.15");
  private static final BigDecimal[] EMAIL_UP_TO = bounds("10000", "100000", "1000000");
  private static final BigDecimal[] EMAIL_PRICE = decimals("0.002", "0.0015", "0.001", "0.0008");

  private static final String PLAN_JSON = """
      {
        "code": "bench", "version": 1, "status": "active", "name": "Benchmark plan", "currency": "INR",
        "billing": {"cadence": "P1M", "alignment": "calendar", "time_zone": "Asia/Kolkata", "proration": "none"},
        "charges": [
          {"code": "compute", "name": "Compute", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r0"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "graduated", "tiers": [{"up_to": "1000", "unit_price": "0.40"},
             {"up_to": "10000", "unit_price": "0.30"}, {"up_to": "100000", "unit_price": "0.20"},
             {"up_to": null, "unit_price": "0.10"}]}},
          {"code": "storage", "name": "Storage", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r1"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "volume", "tiers": [{"up_to": "1000", "unit_price": "0.25"},
             {"up_to": "10000", "unit_price": "0.20"}, {"up_to": "100000", "unit_price": "0.15"},
             {"up_to": null, "unit_price": "0.10"}]}},
          {"code": "egress", "name": "Egress", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r2"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "per_unit", "unit_price": "0.08", "free_units": "500"}},
          {"code": "tokens", "name": "Tokens", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r3"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "package", "package_size": "1000", "package_price": "0.80", "round": "up"}},
          {"code": "requests", "name": "Requests", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r4"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "per_unit", "unit_price": "0.0004"}},
          {"code": "sms", "name": "SMS", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r5"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "graduated", "tiers": [{"up_to": "500", "unit_price": "0.20"},
             {"up_to": "5000", "unit_price": "0.18"}, {"up_to": "50000", "unit_price": "0.16"},
             {"up_to": null, "unit_price": "0.15"}]}},
          {"code": "email", "name": "Email", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r6"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "volume", "tiers": [{"up_to": "10000", "unit_price": "0.002"},
             {"up_to": "100000", "unit_price": "0.0015"}, {"up_to": "1000000", "unit_price": "0.001"},
             {"up_to": null, "unit_price": "0.0008"}]}},
          {"code": "webhooks", "name": "Webhooks", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r7"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "per_unit", "unit_price": "0.001", "free_units": "10000"}},
          {"code": "support", "name": "Support", "kind": "usage", "meter": "api_usage", "filters": {"region": ["r8"]},
           "timing": "in_arrears", "tax_code": "SAC:998315",
           "price": {"model": "package", "package_size": "10", "package_price": "45.00", "round": "up"}},
          {"code": "platform", "name": "Platform", "kind": "recurring", "timing": "in_arrears",
           "tax_code": "SAC:998315", "price": {"model": "flat", "amount": "25000.00"}}
        ]
      }
      """;

  private BillingFixture() {}

  /**
   * Returns the plan of 10 charges.
   *
   * @return the plan {@code bench@1}
   */
  static Plan plan() {
    return plan(1);
  }

  /**
   * Returns another version of the plan of 10 charges, with the same charges.
   *
   * @param version the version, at least 1
   * @return the plan {@code bench@version}
   */
  static Plan plan(int version) {
    String json = PLAN_JSON.replace("\"version\": 1,", "\"version\": " + version + ",");
    return PlanJson.read(Json.parse(json, "BillingFixture.plan"), "BillingFixture.plan");
  }

  /**
   * Returns the meter every usage charge narrows: the sum of {@code units} of events of type
   * {@code api.request}.
   *
   * @return the meter {@code api_usage}
   */
  static Meter meter() {
    return Meter.of("api_usage", "api.request", Aggregation.SUM, "units", Map.<String, Set<String>>of(), List.of());
  }

  /**
   * Returns GST between a Karnataka supplier and a Karnataka business customer (intra-state:
   * CGST + SGST), with {@link GstTaxCalculator#DEFAULT}.
   *
   * @return the tax context
   */
  static TaxContext gst() {
    TaxParty supplier = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
    TaxParty customer = TaxParty.of("Buyer Pvt Ltd", "IN").withTaxId("29AABCR1718E1ZL");
    return new TaxContext(supplier, customer, GstTaxCalculator.DEFAULT);
  }

  /**
   * Baseline: the exact amount of usage charge {@code k} for a quantity.
   *
   * @param k the charge index, 0 to 8 (plan order)
   * @param q the quantity, zero or more
   * @return the exact amount in INR
   */
  static BigDecimal usageAmount(int k, BigDecimal q) {
    switch (k) {
      case 0:
        return PricingBenchmark.graduatedAmount(COMPUTE_UP_TO, COMPUTE_PRICE, q);
      case 1:
        return PricingBenchmark.volumeAmount(STORAGE_UP_TO, STORAGE_PRICE, q);
      case 2:
        return q.subtract(new BigDecimal("500")).max(BigDecimal.ZERO).multiply(new BigDecimal("0.08"));
      case 3:
        return packages(q, 1000).multiply(new BigDecimal("0.80"));
      case 4:
        return q.multiply(new BigDecimal("0.0004"));
      case 5:
        return PricingBenchmark.graduatedAmount(SMS_UP_TO, SMS_PRICE, q);
      case 6:
        return PricingBenchmark.volumeAmount(EMAIL_UP_TO, EMAIL_PRICE, q);
      case 7:
        return q.subtract(new BigDecimal("10000")).max(BigDecimal.ZERO).multiply(new BigDecimal("0.001"));
      case 8:
        return packages(q, 10).multiply(new BigDecimal("45.00"));
      default:
        throw new IllegalArgumentException("usage charge index " + k + ", expected 0 to 8");
    }
  }

  /**
   * Baseline: the invoice total (after GST) for one customer's quantities: each of the nine usage
   * lines and the platform fee rounded to paise HALF_UP, plus CGST and SGST of each line, each
   * rounded to paise HALF_UP.
   *
   * @param quantities the nine usage quantities, in plan order
   * @return the invoice total in INR
   */
  static BigDecimal baselineInvoice(BigDecimal[] quantities) {
    BigDecimal total = BigDecimal.ZERO;
    for (int k = 0; k <= USAGE_CHARGES; k++) {
      BigDecimal exact = k < USAGE_CHARGES ? usageAmount(k, quantities[k]) : PLATFORM_FEE;
      BigDecimal line = exact.setScale(2, RoundingMode.HALF_UP);
      BigDecimal head = line.multiply(HEAD_RATE).setScale(2, RoundingMode.HALF_UP);
      total = total.add(line).add(head).add(head);
    }
    return total;
  }

  private static BigDecimal packages(BigDecimal q, long size) {
    return q.divide(BigDecimal.valueOf(size), 0, RoundingMode.CEILING);
  }

  private static BigDecimal[] bounds(String... upTo) {
    BigDecimal[] out = new BigDecimal[upTo.length + 1];
    for (int i = 0; i < upTo.length; i++) {
      out[i] = new BigDecimal(upTo[i]);
    }
    return out;
  }

  private static BigDecimal[] decimals(String... values) {
    BigDecimal[] out = new BigDecimal[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new BigDecimal(values[i]);
    }
    return out;
  }
}
