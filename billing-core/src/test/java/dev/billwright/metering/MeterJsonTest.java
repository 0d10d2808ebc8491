package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterJsonTest {
  private static Meter read(String json) {
    return MeterJson.read(JsonObjectReader.root(Json.parse(json, "meter.json"), "meter.json"));
  }

  /** The example of plan-format.md, "Meter". */
  @Test
  void readsThePlanFormatExample() {
    Meter m = read("{ \"code\": \"otp_sent\", \"event_type\": \"otp.sent\", \"aggregation\": \"count\", "
        + "\"value_property\": null, \"filters\": {\"status\": [\"delivered\"]}, \"group_by\": [\"country\", \"channel\"] }");
    assertThat(m).isEqualTo(Meter.of("otp_sent", "otp.sent", Aggregation.COUNT, null,
        Map.of("status", Set.of("delivered")), List.of("country", "channel")));
  }

  @Test
  void roundTripsEveryAggregation() {
    for (Aggregation a : Aggregation.values()) {
      Meter m = Meter.of("m_" + a, "t", a, a == Aggregation.COUNT ? null : "units",
          Map.of("status", Set.of("delivered", "read")), List.of("country"));
      assertThat(read(Json.write(MeterJson.write(m)))).isEqualTo(m);
    }
    Meter bare = Meter.of("bare", "t", Aggregation.SUM, "units");
    assertThat(read(Json.write(MeterJson.write(bare)))).isEqualTo(bare);
  }

  @Test
  void aggregationNamesAreSnakeCase() {
    assertThat(MeterJson.write(Meter.of("m", "t", Aggregation.WEIGHTED_SUM, "gb")).get("aggregation").textValue())
        .isEqualTo("weighted_sum");
    assertThat(read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"unique_count\",\"value_property\":\"u\"}")
        .aggregation()).isEqualTo(Aggregation.UNIQUE_COUNT);
  }

  @Test
  void invalidMetersAreRejectedWithThePath() {
    assertThatThrownBy(() -> read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"sum\"}"))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DEFINITION))
        .hasMessageContaining("value_property").hasMessageContaining("meter.json");
    assertThatThrownBy(() -> read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"median\"}"))
        .hasMessageContaining("$.aggregation").hasMessageContaining("unique_count");
    assertThatThrownBy(() -> read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"count\",\"filter\":{}}"))
        .hasMessageContaining("unknown field 'filter'");
    assertThatThrownBy(() -> read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"count\",\"filters\":{\"s\":\"x\"}}"))
        .hasMessageContaining("$.filters.s");
    assertThatThrownBy(() -> read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"count\",\"filters\":{\"s\":[]}}"))
        .hasMessageContaining("filters.s");
    assertThatThrownBy(() -> read("{\"code\":\"m\",\"event_type\":\"t\",\"aggregation\":\"count\",\"group_by\":[\"a\",\"a\"]}"))
        .hasMessageContaining("group_by");
  }
}
