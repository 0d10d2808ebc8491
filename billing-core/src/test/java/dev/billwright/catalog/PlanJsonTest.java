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
