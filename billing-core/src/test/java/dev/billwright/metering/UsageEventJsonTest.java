package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEventJsonTest {
  /** The example of plan-format.md, "Usage event". */
  private static final String PLAN_FORMAT_EXAMPLE = "{ \"id\": \"evt_01J9\", \"customer\": \"cus_42\", "
      + "\"subscription\": null, \"event_type\": \"otp.sent\", \"timestamp\": \"2026-10-03T10:15:30.123Z\", "
      + "\"properties\": {\"country\": \"IN\", \"channel\": \"sms\", \"units\": \"1\"} }";

  @Test
  void readsThePlanFormatExample() {
    UsageEvent e = UsageEventJson.parse(PLAN_FORMAT_EXAMPLE, "example");
    assertThat(e.id()).isEqualTo("evt_01J9");
    assertThat(e.customer()).isEqualTo("cus_42");
    assertThat(e.subscription()).isEmpty();
    assertThat(e.eventType()).isEqualTo("otp.sent");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-10-03T10:15:30.123Z"));
    assertThat(e.properties()).isEqualTo(Map.of("country", "IN", "channel", "sms", "units", "1"));
  }

  @Test
  void offsetsAreConvertedToTheInstant() {
    UsageEvent e = UsageEventJson.parse("{\"id\":\"a\",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T15:45:30+05:30\"}", "x");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-10-03T10:15:30Z"));
    assertThat(e.properties()).isEmpty();
  }

  @Test
  void numbersAreKeptAsTheirExactDecimalText() {
    UsageEvent e = UsageEventJson.parse("{\"id\":\"a\",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\",\"properties\":{\"units\":1.50,\"n\":12,\"big\":0.1e3}}", "x");
    assertThat(e.properties()).isEqualTo(Map.of("units", "1.50", "n", "12", "big", "100"));
  }

  @Test
  void roundTrips() {
    UsageEvent e = UsageEvent.of("evt_1", "cus_1", "sub_1", "api.call", Instant.parse("2026-10-03T10:15:30.123456789Z"),
        Map.of("b", "2.50", "a", "x y"));
    assertThat(UsageEventJson.parse(UsageEventJson.toLine(e), "line")).isEqualTo(e);
    UsageEvent noSub = UsageEvent.of("evt_2", "cus_1", null, "api.call", Instant.parse("2026-10-03T10:15:30Z"), Map.of());
    assertThat(UsageEventJson.parse(UsageEventJson.toLine(noSub), "line")).isEqualTo(noSub);
  }

  @Test
  void unknownFieldsAreErrorsNamingThePath() {
    assertThatThrownBy(() -> UsageEventJson.parse("{\"id\":\"a\",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\",\"meter\":\"x\"}", "f.ndjson"))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining("$.meter").hasMessageContaining("unknown field");
  }

  @Test
  void badValuesNameTheField() {
    assertThatThrownBy(() -> UsageEventJson.parse("{\"id\":\"a\",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03 10:15\"}", "f"))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.timestamp").hasMessageContaining("2026-10-03 10:15");
    assertThatThrownBy(() -> UsageEventJson.parse("{\"id\":\"a\",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\",\"properties\":{\"x\":[1]}}", "f"))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.properties.x");
    assertThatThrownBy(() -> UsageEventJson.parse("{\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\"}", "f"))
        .isInstanceOf(BillingException.class).hasMessageContaining("'id'");
    assertThatThrownBy(() -> UsageEventJson.parse("{\"id\":\" \",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\"}", "f"))
        .isInstanceOfSatisfying(BillingException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_EVENT));
  }
}
