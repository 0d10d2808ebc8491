package dev.billwright.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.json.Json;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.time.TimeBucket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A charge priced per bucket or resetting its free units needs a bucketed meter (plan format 1.1). */
class ChargeMetersBucketTest {
  private static Plan plan(String chargeTerms) {
    String json = "{\"code\": \"p\", \"version\": 1, \"status\": \"active\", \"currency\": \"USD\","
        + " \"billing\": {\"cadence\": \"P1M\", \"alignment\": \"calendar\", \"time_zone\": \"UTC\", \"proration\": \"none\"},"
        + " \"charges\": [{\"code\": \"api\", \"kind\": \"usage\", \"meter\": \"calls\","
        + " \"price\": {\"model\": \"per_unit\", \"unit_price\": \"1\"}" + chargeTerms + "}]}";
    return PlanJson.read(Json.parse(json, "plan"), "plan");
  }

  @Test
  void pricePerBucketNeedsAMeterBucket() {
    Meter plain = Meter.of("calls", "api.call", Aggregation.COUNT, null);
    assertThatThrownBy(() -> ChargeMeters.derive(List.of(plan(", \"price_per\": \"bucket\"")), Map.of("calls", plain)))
        .hasMessageContaining("plans[p@1].charges[api].price_per");
    Meter hourly = plain.withBucket(TimeBucket.parse("bucket", "PT1H"));
    List<Meter> derived = ChargeMeters.derive(List.of(plan(", \"price_per\": \"bucket\"")), Map.of("calls", hourly));
    assertThat(derived.get(0).bucket()).contains(TimeBucket.parse("bucket", "PT1H"));
  }

  @Test
  void includedResetNeedsBucketsThatDivideIt() {
    Meter daily = Meter.of("calls", "api.call", Aggregation.COUNT, null).withBucket(TimeBucket.parse("bucket", "P1D"));
    assertThatThrownBy(() -> ChargeMeters.derive(List.of(plan(", \"included\": {\"quantity\": \"5\", \"reset\": \"PT12H\"}")),
        Map.of("calls", daily))).hasMessageContaining("plans[p@1].charges[api].included.reset");
    assertThatThrownBy(() -> ChargeMeters.derive(List.of(plan(", \"included\": {\"quantity\": \"5\", \"reset\": \"P1D\"}")),
        Map.of("calls", Meter.of("calls", "api.call", Aggregation.COUNT, null))))
        .hasMessageContaining("included.reset");
    assertThat(ChargeMeters.derive(List.of(plan(", \"included\": {\"quantity\": \"5\", \"reset\": \"P1W\"}")),
        Map.of("calls", daily))).hasSize(1);
  }

  @Test
  void planReaderRejectsTermsWhereTheyDoNotApply() {
    assertThatThrownBy(() -> plan(", \"commitment\": {\"amount\": \"5\", \"factor\": \"2\"}"))
        .hasMessageContaining("charges[0].commitment.factor");
    assertThatThrownBy(() -> plan(", \"minimum\": \"1\", \"commitment\": {\"amount\": \"5\"}"))
        .hasMessageContaining("commitment");
    assertThatThrownBy(() -> plan(", \"group_by\": [\"region\"], \"included\": {\"quantity\": \"5\"}"))
        .hasMessageContaining("included");
  }
}
