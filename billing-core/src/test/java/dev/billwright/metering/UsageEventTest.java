package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEventTest {
  private static final Instant T = Instant.parse("2026-10-03T10:15:30Z");
  private static final UsageEvent E = UsageEvent.of("e1", "cus_1", null, "api.call", T, Map.of("units", "1", "k", "v"));

  @Test
  void fingerprintIgnoresIdAndPropertyOrder() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("k", "v");
    reversed.put("units", "1");
    assertThat(UsageEvent.of("other", "cus_1", "", "api.call", T, reversed).fingerprint()).isEqualTo(E.fingerprint());
  }

  @Test
  void fingerprintSeesEveryContentField() {
    assertThat(E.withTimestamp(T.plusNanos(1)).fingerprint()).isNotEqualTo(E.fingerprint());
    assertThat(E.withProperties(Map.of("units", "1.0", "k", "v")).fingerprint()).isNotEqualTo(E.fingerprint());
    assertThat(E.withProperties(Map.of("units", "1")).fingerprint()).isNotEqualTo(E.fingerprint());
    assertThat(UsageEvent.of("e1", "cus_2", null, "api.call", T, E.properties()).fingerprint()).isNotEqualTo(E.fingerprint());
    assertThat(UsageEvent.of("e1", "cus_1", "sub", "api.call", T, E.properties()).fingerprint()).isNotEqualTo(E.fingerprint());
    assertThat(UsageEvent.of("e1", "cus_1", null, "api.other", T, E.properties()).fingerprint()).isNotEqualTo(E.fingerprint());
    // length prefixes keep ("ab","c") and ("a","bc") apart
    assertThat(E.withProperties(Map.of("ab", "c")).fingerprint()).isNotEqualTo(E.withProperties(Map.of("a", "bc")).fingerprint());
  }

  @Test
  void emptySubscriptionMeansNone() {
    assertThat(UsageEvent.of("e1", "cus_1", "", "api.call", T, Map.of()).subscription()).isEmpty();
    assertThat(UsageEvent.of("e1", "cus_1", "sub_1", "api.call", T, Map.of()).subscription()).contains("sub_1");
  }

  @Test
  void propertiesAreCopied() {
    Map<String, String> props = new HashMap<>(Map.of("a", "1"));
    UsageEvent e = UsageEvent.of("e1", "cus_1", null, "t", T, props);
    props.put("b", "2");
    assertThat(e.properties()).containsOnlyKeys("a");
  }

  @Test
  void invalidEventsNameTheField() {
    assertThatThrownBy(() -> UsageEvent.of("", "c", null, "t", T, Map.of()))
        .isInstanceOfSatisfying(BillingException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_EVENT))
        .hasMessageContaining("id");
    assertThatThrownBy(() -> UsageEvent.of("e", " ", null, "t", T, Map.of())).hasMessageContaining("customer");
    assertThatThrownBy(() -> UsageEvent.of("e", "c", null, null, T, Map.of())).hasMessageContaining("event_type");
    assertThatThrownBy(() -> UsageEvent.of("e", "c", null, "t", null, Map.of())).hasMessageContaining("timestamp");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("units", null);
    assertThatThrownBy(() -> UsageEvent.of("e", "c", null, "t", T, nullValue)).hasMessageContaining("properties.units");
  }
}
