package dev.billwright.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.pricing.GraduatedPrice;
import dev.billwright.time.ProrationBasis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Convention presets on a plan ({@code "conventions": "lago"}) and as a fallback of a bill run. */
class ConventionsTest {
  static String plan(String extra, String billing) {
    return """
        {"code":"p","version":1,"status":"active","currency":"USD"%s,
         "billing":{"cadence":"P1M"%s},
         "charges":[{"code":"calls","name":"Calls","kind":"usage","meter":"calls","timing":"in_arrears",
           "price":{"model":"graduated","tiers":[{"up_to":"10","unit_price":"1","flat_fee":"5"},
                                                 {"up_to":null,"unit_price":"0.5"}]}}]}
        """.formatted(extra, billing);
  }

  static Plan read(String json, Optional<Conventions> fallback) {
    return PlanJson.read(JsonObjectReader.root(Json.parse(json, "plan"), "plan"), fallback);
  }

  static boolean firstTierAtZero(Plan plan) {
    return ((GraduatedPrice) plan.charges().get(0).price().price()).billFirstTierAtZero();
  }

  @Test
  void aPresetSetsEveryOptionThePlanLeavesOut() {
    Plan lago = read(plan(",\"conventions\":\"lago\"", ""), Optional.empty());
    assertThat(lago.conventions()).contains(Conventions.LAGO);
    assertThat(lago.billing().proration()).isEqualTo(ProrationBasis.DAYS);
    assertThat(lago.billing().terminationDay()).isEqualTo(TerminationDay.BILLED);
    assertThat(lago.billing().cadenceChangeAnchor()).isEqualTo(CadenceChangeAnchor.KEEP);
    assertThat(lago.rounding().mode()).isEqualTo(RoundingMode.HALF_UP);
    assertThat(firstTierAtZero(lago)).isTrue();

    Plan stripe = read(plan(",\"conventions\":\"stripe\"", ""), Optional.empty());
    assertThat(stripe.billing().proration()).isEqualTo(ProrationBasis.SECONDS);
    assertThat(stripe.billing().cadenceChangeAnchor()).isEqualTo(CadenceChangeAnchor.RESET);
    assertThat(stripe.billing().terminationDay()).isEqualTo(TerminationDay.NOT_BILLED);

    Plan openmeter = read(plan(",\"conventions\":\"openmeter\"", ""), Optional.empty());
    assertThat(openmeter.billing().usageTiersAcrossChange()).isEqualTo(UsageTiersAcrossChange.CONTINUE);
    assertThat(firstTierAtZero(read(plan(",\"conventions\":\"flexprice\"", ""), Optional.empty()))).isFalse();
  }

  @Test
  void anExplicitOptionWinsOverThePresetAndThePlansPresetOverTheFallback() {
    Plan p = read(plan(",\"conventions\":\"lago\"", ",\"proration\":\"seconds\",\"termination_day\":\"not_billed\""),
        Optional.of(Conventions.STRIPE));
    assertThat(p.conventions()).contains(Conventions.LAGO);
    assertThat(p.billing().proration()).isEqualTo(ProrationBasis.SECONDS);
    assertThat(p.billing().terminationDay()).isEqualTo(TerminationDay.NOT_BILLED);
    assertThat(p.billing().cadenceChangeAnchor()).isEqualTo(CadenceChangeAnchor.KEEP); // Lago's, not Stripe's

    Plan fallback = read(plan("", ""), Optional.of(Conventions.STRIPE));
    assertThat(fallback.conventions()).contains(Conventions.STRIPE);
    assertThat(fallback.billing().cadenceChangeAnchor()).isEqualTo(CadenceChangeAnchor.RESET);
    Plan none = read(plan("", ""), Optional.empty());
    assertThat(none.conventions()).isEmpty();
    assertThat(none.billing()).isEqualTo(BillingSettings.DEFAULT);
  }

  @Test
  void presetsRoundTripAndUnknownNamesAreErrors() {
    Plan lago = read(plan(",\"conventions\":\"lago\"",
        ",\"usage_thresholds\":[{\"amount\":\"100.00\"},{\"amount\":\"50\",\"recurring\":true}]"), Optional.empty());
    assertThat(lago.billing().usageThresholds()).containsExactly(UsageThreshold.of(new BigDecimal("100"), false),
        UsageThreshold.of(new BigDecimal("50"), true));
    Plan again = PlanJson.read(Json.parse(Json.write(PlanJson.write(lago)), "written"), "written");
    assertThat(again).isEqualTo(lago);
    assertThatThrownBy(() -> read(plan(",\"conventions\":\"chargebee\"", ""), Optional.empty()))
        .isInstanceOf(BillingException.class).hasMessageContaining("conventions").hasMessageContaining("killbill");
    assertThatThrownBy(() -> read(plan(",\"conventions\":\"lago\",\"colour\":\"red\"", ""), Optional.empty()))
        .isInstanceOf(BillingException.class).hasMessageContaining("colour");
    assertThat(List.of(Conventions.values())).extracting(Conventions::jsonName)
        .containsExactly("stripe", "lago", "killbill", "openmeter", "flexprice");
  }
}
