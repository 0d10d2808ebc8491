package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterTest {
  private static final Meter OTP = Meter.of("otp_sent", "otp.sent", Aggregation.COUNT, null,
      Map.of("status", Set.of("delivered", "read")), List.of("country", "channel"));

  private static UsageEvent event(String type, Map<String, String> props) {
    return UsageEvent.of("e", "c", null, type, Instant.parse("2026-10-03T10:15:30Z"), props);
  }

  @Test
  void matchesEventTypeAndEveryFilter() {
    assertThat(OTP.matches(event("otp.sent", Map.of("status", "delivered")))).isTrue();
    assertThat(OTP.matches(event("otp.sent", Map.of("status", "read", "x", "y")))).isTrue();
    assertThat(OTP.matches(event("otp.sent", Map.of("status", "failed")))).isFalse();
    assertThat(OTP.matches(event("otp.sent", Map.of()))).as("a missing filter property does not match").isFalse();
    assertThat(OTP.matches(event("otp.other", Map.of("status", "delivered")))).isFalse();
    assertThat(OTP.withFilters(Map.of()).matches(event("otp.sent", Map.of()))).isTrue();
  }

  @Test
  void groupKeyKeepsGroupByOrderAndLeavesOutMissingProperties() {
    assertThat(OTP.groupKey(event("otp.sent", Map.of("channel", "sms", "country", "IN", "x", "1"))))
        .containsExactly(Map.entry("country", "IN"), Map.entry("channel", "sms"));
    assertThat(OTP.groupKey(event("otp.sent", Map.of("channel", "sms")))).containsExactly(Map.entry("channel", "sms"));
    assertThat(OTP.withGroupBy(List.of()).groupKey(event("otp.sent", Map.of("channel", "sms")))).isEmpty();
  }
}
