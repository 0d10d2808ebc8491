package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
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

  /** The tree path alone: what {@code parse} must agree with. */
  static UsageEvent tree(String line) {
    return UsageEventJson.read(JsonObjectReader.root(Json.parse(line, "x"), "x"));
  }

  static String withUnits(String number) {
    return "{\"id\":\"a\",\"customer\":\"c\",\"event_type\":\"t\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\",\"properties\":{\"units\":" + number + "}}";
  }

  @Test
  void aNumberOutOfBoundsIsRejectedOnTheFastPathAsOnTheTreePath() {
    // issue 13 item 7: the fast path skipped Decimals.checkBounds; 1e40 was accepted and
    // 1e999999999 built a billion-digit string in toPlainString
    for (String number : new String[] {"1e40", "1e999999999", "-1E+999999999", "1e-999999999", "0e-999999999", "-0.0E-99", "1" + "0".repeat(30)}) {
      String line = withUnits(number);
      assertThatThrownBy(() -> tree(line)).isInstanceOf(BillingException.class);
      BillingException expected = catchBilling(() -> tree(line));
      assertThatThrownBy(() -> UsageEventJson.parse(line, "x"))
          .isInstanceOfSatisfying(BillingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DOCUMENT).isEqualTo(expected.code());
            assertThat(e.getMessage()).isEqualTo(expected.getMessage()).contains("$.properties.units");
          });
    }
  }

  @Test
  void anExponentBeyondTheIntRangeIsABillingErrorOnBothPaths() {
    // Jackson throws a bare NumberFormatException for it, which escaped Json.parse
    String line = withUnits("1e2147483648");
    BillingException expected = catchBilling(() -> tree(line));
    assertThat(expected.code()).isEqualTo(ErrorCode.INVALID_DOCUMENT);
    assertThat(expected.getMessage()).contains("1e2147483648");
    assertThatThrownBy(() -> UsageEventJson.parse(line, "x")).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.getMessage()).isEqualTo(expected.getMessage()));
  }

  @Test
  void numbersWithinBoundsAreTheSameOnBothPaths() {
    for (String number : new String[] {"1e29", "9" .repeat(30), "1e-64", "-0", "-0.0", "0e5", "0e999999999", "0e-64", "1.50", "12E-1", "1e+2"}) {
      String line = withUnits(number);
      assertThat(UsageEventJson.parse(line, "x")).isEqualTo(tree(line));
    }
    assertThat(UsageEventJson.parse(withUnits("1e29"), "x").property("units")).isEqualTo("1" + "0".repeat(29));
  }

  static BillingException catchBilling(Runnable r) {
    try {
      r.run();
    } catch (BillingException e) {
      return e;
    }
    throw new AssertionError("no BillingException");
  }
}
