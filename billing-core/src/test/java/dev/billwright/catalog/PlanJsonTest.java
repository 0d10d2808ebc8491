package dev.billwright.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.time.BillingAlignment;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.ProrationBasis;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

  static String resource(String name) {
    try (InputStream in = PlanJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Plan otpGrowth() {
    return PlanJson.read(Json.parse(resource("/catalog/otp-growth.json"), "otp-growth.json"), "otp-growth.json");
  }

  @Test
  void readsEveryFieldOfThePlanFormat() {
    Plan plan = otpGrowth();
    assertThat(plan.reference()).isEqualTo("otp-growth@3");
    assertThat(plan.status()).isEqualTo(PlanStatus.ACTIVE);
    assertThat(plan.currency()).isEqualTo(Currency.getInstance("INR"));
    assertThat(plan.effectiveFrom()).contains(Instant.parse("2026-03-31T18:30:00Z"));
    assertThat(plan.billing()).isEqualTo(new BillingSettings(BillingCadence.MONTHLY, BillingAlignment.CALENDAR,
        ZoneId.of("Asia/Kolkata"), ProrationBasis.SECONDS));
    assertThat(plan.trial()).contains(Period.ofDays(14));
    assertThat(plan.minimumCommitment()).contains(Money.of("INR", "5000"));
    Charge fee = plan.charge("platform_fee").orElseThrow();
    assertThat(fee.kind()).isEqualTo(ChargeKind.RECURRING);
    assertThat(fee.timing()).isEqualTo(ChargeTiming.IN_ADVANCE);
    assertThat(fee.prorated()).isTrue();
    Charge otp = plan.charge("otp").orElseThrow();
    assertThat(otp.timing()).isEqualTo(ChargeTiming.IN_ARREARS);
    assertThat(otp.meter()).contains("otp_sent");
    assertThat(otp.groupBy()).containsExactly("country", "channel");
    assertThat(otp.filters()).containsEntry("status", java.util.Set.of("delivered"));
    assertThat(otp.price().bounds().minimum()).isEqualByComparingTo("100");
    assertThat(otp.prices()).containsKey(Currency.getInstance("USD"));
    assertThat(otp.taxCode()).contains("SAC:998319");
  }

  @Test
  void writeThenReadIsTheIdentity() {
    Plan plan = otpGrowth();
    ObjectNode written = PlanJson.write(plan);
    Plan again = PlanJson.read(Json.parse(Json.write(written), "written"), "written");
    assertThat(again).isEqualTo(plan);
    assertThat(PlanJson.write(again)).isEqualTo(written);
  }

  @Test
  void yamlReadsTheSameModel() {
    String yaml = "code: basic\nversion: 1\ncurrency: USD\ncharges:\n"
        + "  - code: seats\n    kind: recurring\n    price: {model: per_unit, unit_price: \"12.00\"}\n";
    Plan plan = PlanJson.read(Json.parseYaml(yaml, "basic.yaml"), "basic.yaml");
    assertThat(plan.charge("seats").orElseThrow().price().price().model()).isEqualTo("per_unit");
    assertThat(plan.billing()).isEqualTo(BillingSettings.DEFAULT);
  }

  @Test
  void unknownFieldNamesItsPath() {
    ObjectNode node = (ObjectNode) Json.parse(resource("/catalog/otp-growth.json"), "x");
    ((ObjectNode) node.withArray("charges").get(1)).put("colour", "red");
    assertThatThrownBy(() -> PlanJson.read(node, "plan.json"))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("$.charges[1].colour")
        .hasMessageContaining("unknown field 'colour'");
  }

  @Test
  void badValuesNameThePathTheValueAndTheExpectation() {
    ObjectNode node = (ObjectNode) Json.parse(resource("/catalog/otp-growth.json"), "x");
    ((ObjectNode) node.withArray("charges").get(0)).put("timing", "sometimes");
    assertThatThrownBy(() -> PlanJson.read(node, "plan.json"))
        .hasMessageContaining("$.charges[0].timing").hasMessageContaining("sometimes")
        .hasMessageContaining("in_advance");
    ObjectNode zone = (ObjectNode) Json.parse(resource("/catalog/otp-growth.json"), "x");
    ((ObjectNode) zone.get("billing")).put("time_zone", "Mars/Olympus");
    assertThatThrownBy(() -> PlanJson.read(zone, "plan.json"))
        .hasMessageContaining("$.billing.time_zone").hasMessageContaining("Mars/Olympus");
  }

  @Test
  void usageChargeWithoutMeterIsRejected() {
    JsonNode node = Json.parse("{\"code\":\"p\",\"version\":1,\"currency\":\"USD\",\"charges\":[{\"code\":\"c\","
        + "\"kind\":\"usage\",\"price\":{\"model\":\"per_unit\",\"unit_price\":\"1\"}}]}", "p.json");
    assertThatThrownBy(() -> PlanJson.read(node, "p.json"))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_DEFINITION))
        .hasMessageContaining("$.charges[0]").hasMessageContaining("meter");
  }

  @Test
  void duplicateChargeCodesAreRejected() {
    JsonNode node = Json.parse("{\"code\":\"p\",\"version\":1,\"currency\":\"USD\",\"charges\":["
        + "{\"code\":\"c\",\"kind\":\"recurring\",\"price\":{\"model\":\"flat\",\"amount\":\"1\"}},"
        + "{\"code\":\"c\",\"kind\":\"recurring\",\"price\":{\"model\":\"flat\",\"amount\":\"2\"}}]}", "p.json");
    assertThatThrownBy(() -> PlanJson.read(node, "p.json")).hasMessageContaining("charges[1].code");
  }

  @Test
  void overridesReplaceAPriceAndAddADiscountWithoutTouchingThePlan() {
    Plan plan = otpGrowth();
    PlanOverrides overrides = new PlanOverrides(
        java.util.Map.of("platform_fee", dev.billwright.pricing.ChargePrice.of(
            new dev.billwright.pricing.FlatPrice(new BigDecimal("3999.00")))),
        java.util.Map.of("otp", new BigDecimal("10")));
    Plan custom = overrides.applyTo(plan);
    assertThat(custom.reference()).isEqualTo(plan.reference());
    assertThat(((dev.billwright.pricing.FlatPrice) custom.charge("platform_fee").orElseThrow().price().price())
        .amount()).isEqualByComparingTo("3999");
    assertThat(custom.charge("otp").orElseThrow().discountPercent()).contains(new BigDecimal("10"));
    assertThat(plan.charge("otp").orElseThrow().discountPercent()).isEmpty();
    assertThatThrownBy(() -> new PlanOverrides(java.util.Map.of(), java.util.Map.of("nope", BigDecimal.ONE)).applyTo(plan))
        .hasMessageContaining("overrides.discounts.nope");
  }

  @Test
  void availabilityFollowsStatusAndEffectiveDates() {
    Plan plan = otpGrowth();
    assertThat(plan.isAvailableAt(Instant.parse("2026-03-31T18:29:59Z"))).isFalse();
    assertThat(plan.isAvailableAt(Instant.parse("2026-03-31T18:30:00Z"))).isTrue();
    assertThat(ImmutablePlan.copyOf(plan).withStatus(PlanStatus.ARCHIVED).isAvailableAt(Instant.parse("2026-06-01T00:00:00Z"))).isFalse();
  }

  @Test
  void overridesRoundTrip() {
    JsonNode node = Json.parse("{\"prices\": {\"platform_fee\": {\"price\": {\"model\": \"flat\", \"amount\": \"3999\"}}},"
        + " \"discounts\": {\"otp\": \"10\"}}", "o.json");
    PlanOverrides o = PlanJson.readOverrides(dev.billwright.json.JsonObjectReader.root(node, "o.json"));
    assertThat(o.discountPercents()).containsEntry("otp", new BigDecimal("10"));
    PlanOverrides again = PlanJson.readOverrides(dev.billwright.json.JsonObjectReader.root(
        Json.parse(Json.write(PlanJson.writeOverrides(o)), "x"), "x"));
    assertThat(again).isEqualTo(o);
    assertThat(o.applyTo(otpGrowth()).charge("otp").orElseThrow().discountPercent()).contains(new BigDecimal("10"));
  }

  private static final String SEATS = "{\"code\":\"seats\",\"kind\":\"recurring\","
      + "\"price\":{\"model\":\"per_unit\",\"unit_price\":\"12.00\"}";

  private static String plan(String fields, String chargeFields) {
    return "{\"code\":\"p\",\"version\":1,\"currency\":\"USD\"" + fields + ",\"charges\":[" + SEATS
        + chargeFields + "}]}";
  }

  private static BillingException rejected(String json) {
    try {
      PlanJson.read(Json.parse(json, "p.json"), "p.json");
    } catch (BillingException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void yamlAliasesReadTheAnchoredValueForTaxCodeAndMeter() {
    String yaml = "code: p\nversion: 1\ncurrency: INR\nname: &sac \"SAC:998319\"\ncharges:\n"
        + "  - code: otp\n    kind: usage\n    meter: &m otp_sent\n    tax_code: *sac\n"
        + "    price: &price {model: per_unit, unit_price: \"0.20\"}\n"
        + "  - code: otp_copy\n    name: *m\n    kind: usage\n    meter: *m\n    price: *price\n";
    Plan plan = PlanJson.read(Json.parseYaml(yaml, "p.yaml"), "p.yaml");
    assertThat(plan.charge("otp").orElseThrow().taxCode()).contains("SAC:998319");
    assertThat(plan.charge("otp_copy").orElseThrow().meter()).contains("otp_sent");
    assertThat(plan.charge("otp_copy").orElseThrow().price()).isEqualTo(plan.charge("otp").orElseThrow().price());
  }

  @Test
  void roundingModeUnnecessaryIsRejectedAtLoad() {
    BillingException e = rejected(plan(",\"rounding\":{\"mode\":\"unnecessary\"}", ""));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DOCUMENT);
    assertThat(e.getMessage()).contains("$.rounding.mode").contains("unnecessary").contains("half_even");
    // every other mode loads
    for (String mode : new String[] {"up", "down", "ceiling", "floor", "half_up", "half_down", "half_even"}) {
      assertThat(PlanJson.read(Json.parse(plan(",\"rounding\":{\"mode\":\"" + mode + "\"}", ""), "p.json"), "p.json")
          .rounding().mode().name()).isEqualToIgnoringCase(mode);
    }
    // and a plan built in code cannot hold it either
    assertThatThrownBy(() -> Plan.builder().code("p").version(1).currency(Currency.getInstance("USD"))
        .rounding(dev.billwright.money.RoundingPolicy.ofCurrency(java.math.RoundingMode.UNNECESSARY)).build())
        .isInstanceOf(BillingException.class).hasMessageContaining("rounding.mode");
  }

  @Test
  void aZeroDiscountIsRejectedAtTheChargesFieldNotAsACoupon() {
    BillingException e = rejected(plan("", ",\"discount_percent\":\"0\""));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DEFINITION);
    assertThat(e.getMessage()).contains("$.charges[0]").contains("discount_percent").contains("'0'")
        .doesNotContain("coupon");
    assertThat(rejected(plan("", ",\"discount_percent\":\"100.01\"")).getMessage()).contains("discount_percent");
    assertThat(rejected(plan("", ",\"discount_percent\":\"-5\"")).getMessage()).contains("discount_percent");
    assertThat(PlanJson.read(Json.parse(plan("", ",\"discount_percent\":\"100\""), "p.json"), "p.json")
        .charge("seats").orElseThrow().discountPercent()).contains(new BigDecimal("100"));
    assertThat(PlanJson.read(Json.parse(plan("", ",\"discount_percent\":\"0.01\""), "p.json"), "p.json")
        .charge("seats").orElseThrow().discountPercent()).contains(new BigDecimal("0.01"));
    // an override's zero discount names the override's field
    JsonNode overrides = Json.parse("{\"discounts\": {\"otp\": \"0\"}}", "s.json");
    assertThatThrownBy(() -> PlanJson.readOverrides(dev.billwright.json.JsonObjectReader.root(overrides, "s.json")))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.discounts.otp").hasMessageContaining("0")
        .hasMessageNotContaining("coupon");
    assertThatThrownBy(() -> new PlanOverrides(java.util.Map.of(), java.util.Map.of("otp", BigDecimal.ZERO)))
        .isInstanceOf(BillingException.class).hasMessageContaining("discounts.otp");
  }

  @Test
  void currenciesWithoutMinorUnitsAreRejectedAtLoad() {
    for (String code : new String[] {"XXX", "XAU", "XDR", "XTS"}) {
      BillingException e = rejected(plan("", "").replace("\"USD\"", "\"" + code + "\""));
      assertThat(e.getMessage()).contains("$.currency").contains(code);
      BillingException price = rejected(plan("", ",\"prices\":{\"" + code
          + "\":{\"price\":{\"model\":\"per_unit\",\"unit_price\":\"1\"}}}"));
      assertThat(price.getMessage()).contains("$.charges[0].prices." + code);
      assertThatThrownBy(() -> Plan.builder().code("p").version(1).currency(Currency.getInstance(code)).build())
          .isInstanceOf(BillingException.class).hasMessageContaining("currency").hasMessageContaining(code);
    }
    // JPY has no minor units but is money (0 digits); BHD has 3
    assertThat(PlanJson.read(Json.parse(plan("", "").replace("\"USD\"", "\"JPY\""), "p.json"), "p.json")
        .currency().getCurrencyCode()).isEqualTo("JPY");
    assertThat(PlanJson.read(Json.parse(plan("", "").replace("\"USD\"", "\"BHD\""), "p.json"), "p.json")
        .currency().getCurrencyCode()).isEqualTo("BHD");
  }

  @Test
  void aMatrixWithNoCellsAndNoDefaultIsRejectedAtLoad() {
    String matrix = "{\"code\":\"p\",\"version\":1,\"currency\":\"USD\",\"charges\":[{\"code\":\"otp\","
        + "\"kind\":\"usage\",\"meter\":\"m\",\"price\":{\"model\":\"matrix\",\"dimensions\":[\"country\"],"
        + "\"cells\":[]}}]}";
    BillingException e = rejected(matrix);
    assertThat(e.getMessage()).contains("$.charges[0].price").contains("cells").contains("default");
    Plan withDefault = PlanJson.read(Json.parse(matrix.replace("\"cells\":[]", "\"cells\":[],\"default\":\"0.50\""),
        "p.json"), "p.json");
    assertThat(withDefault.charge("otp")).isPresent();
  }

  @Test
  void numberAndNonFiniteErrorsNameTheField() {
    BillingException digits = rejected(plan("", "").replace("\"12.00\"", "1" + "0".repeat(1001)));
    assertThat(digits.getMessage()).contains("$.charges[0].price.unit_price");
    String yaml = "code: p\nversion: 1\ncurrency: USD\ncharges:\n  - code: seats\n    kind: recurring\n"
        + "    price: {model: per_unit, unit_price: .inf}\n";
    assertThatThrownBy(() -> PlanJson.read(Json.parseYaml(yaml, "p.yaml"), "p.yaml"))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("$.charges[0].price.unit_price").hasMessageContaining(".inf");
  }

  @Test
  void aPlanFileWithAByteOrderMarkIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    java.nio.file.Path file = dir.resolve("otp-growth.json");
    java.nio.file.Files.writeString(file, "\uFEFF" + resource("/catalog/otp-growth.json"), StandardCharsets.UTF_8);
    assertThat(PlanJson.read(Json.readFile(file), file.toString())).isEqualTo(otpGrowth());
  }

  /** {@code billing.cadence_change_anchor} (plan format 1.1): keep by default, reset read and written back. */
  @Test
  void cadenceChangeAnchorIsReadAndWritten() {
    BillingSettings kept = PlanJson.readBilling(dev.billwright.json.JsonObjectReader.root(
        Json.parse("{\"cadence\":\"P1Y\"}", "b"), "billing"));
    assertThat(kept.cadenceChangeAnchor()).isEqualTo(CadenceChangeAnchor.KEEP);
    assertThat(PlanJson.writeBilling(kept).has("cadence_change_anchor")).isFalse();
    BillingSettings reset = PlanJson.readBilling(dev.billwright.json.JsonObjectReader.root(
        Json.parse("{\"cadence\":\"P1Y\",\"cadence_change_anchor\":\"reset\"}", "b"), "billing"));
    assertThat(reset.cadenceChangeAnchor()).isEqualTo(CadenceChangeAnchor.RESET);
    ObjectNode written = PlanJson.writeBilling(reset);
    assertThat(written.get("cadence_change_anchor").asText()).isEqualTo("reset");
    assertThat(PlanJson.readBilling(dev.billwright.json.JsonObjectReader.root(written, "billing"))).isEqualTo(reset);
    assertThatThrownBy(() -> PlanJson.readBilling(dev.billwright.json.JsonObjectReader.root(
        Json.parse("{\"cadence_change_anchor\":\"later\"}", "b"), "billing")))
        .isInstanceOf(BillingException.class).hasMessageContaining("cadence_change_anchor");
  }
}
