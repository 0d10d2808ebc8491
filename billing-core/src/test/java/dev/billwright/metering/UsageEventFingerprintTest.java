package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint is stable: it equals FarmHash Fingerprint64 of the documented length-prefixed
 * encoding, computed here independently through Guava's streaming {@code Hasher}.
 */
class UsageEventFingerprintTest {

  static long oracle(UsageEvent e) {
    Hasher h = Hashing.farmHashFingerprint64().newHasher();
    put(h, e.customer());
    put(h, e.subscription().orElse(""));
    h.putBoolean(e.subscription().isPresent());
    put(h, e.eventType());
    h.putLong(e.timestamp().getEpochSecond()).putInt(e.timestamp().getNano());
    h.putInt(e.properties().size());
    new TreeMap<>(e.properties()).forEach((k, v) -> {
      put(h, k);
      put(h, v);
    });
    return h.hash().asLong();
  }

  static void put(Hasher h, String s) {
    h.putInt(s.length()).putString(s, StandardCharsets.UTF_8);
  }

  @Test
  void matchesTheStreamedEncoding() {
    UsageEvent plain = UsageEvent.of("e1", "cus_1", null, "otp.sent", Instant.parse("2026-10-03T10:15:30.123Z"),
        Map.of("country", "IN", "channel", "sms"));
    UsageEvent unicode = UsageEvent.of("e2", "ग्राहक", "sub_₹", "otp.sent", Instant.parse("2026-10-03T10:15:30Z"),
        Map.of("name", "Zoë", "units", "1.50"));
    UsageEvent bare = UsageEvent.of("e3", "c", "s", "t", Instant.EPOCH, Map.of());
    for (UsageEvent e : new UsageEvent[] {plain, unicode, bare}) {
      assertThat(e.fingerprint()).isEqualTo(oracle(e));
    }
    assertThat(plain.fingerprint()).isEqualTo(plain.withId("other").fingerprint());
    assertThat(plain.fingerprint()).isNotEqualTo(plain.withTimestamp(plain.timestamp().plusNanos(1)).fingerprint());
  }

  @Test
  void matchesTheStreamedEncodingForAnyContent() {
    qt().forAll(strings().allPossible().ofLengthBetween(1, 12), strings().allPossible().ofLengthBetween(0, 12),
        longs().between(-100_000_000_000L, 100_000_000_000L), integers().between(0, 999_999_999))
        .checkAssert((customer, value, seconds, nanos) -> {
          String c = customer.isBlank() ? "c" + customer : customer;
          UsageEvent e = UsageEvent.of("id", c, value.isBlank() ? null : "s" + value, "type",
              Instant.ofEpochSecond(seconds, nanos), value.isEmpty() ? Map.of() : Map.of("p", value, "q", c));
          assertThat(e.fingerprint()).isEqualTo(oracle(e));
        });
  }
}
