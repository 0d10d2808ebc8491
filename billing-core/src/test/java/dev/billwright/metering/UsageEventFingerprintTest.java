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
    h.putInt(s.length()).putBytes(generalizedUtf8(s));
  }

  /**
   * The lossless encoding derived per code point: {@code String.codePoints()} yields a lone
   * surrogate as its own code point; every other code point gets the JDK's UTF-8 bytes, a lone
   * surrogate the three bytes of the UTF-8 bit pattern (WTF-8).
   */
  static byte[] generalizedUtf8(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    s.codePoints().forEach(cp -> {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        out.write(0xE0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
      }
    });
    return out.toByteArray();
  }

  @Test
  void aLoneSurrogateIsNotAQuestionMark() {
    // issue 13 item 6: getBytes(UTF_8) turned both into "?", so the copies looked like re-sends
    UsageEvent first = UsageEvent.of("e1", "c", null, "t", Instant.parse("2026-10-03T10:15:30Z"), Map.of("p", "a\uD800"));
    UsageEvent question = first.withProperties(Map.of("p", "a?"));
    UsageEvent low = first.withProperties(Map.of("p", "a\uDC00"));
    UsageEvent reversed = first.withProperties(Map.of("p", "\uDC00\uD800"));
    UsageEvent pair = first.withProperties(Map.of("p", "\uD800\uDC00"));
    long[] prints = {first.fingerprint(), question.fingerprint(), low.fingerprint(), reversed.fingerprint(),
        pair.fingerprint()};
    assertThat(prints).doesNotHaveDuplicates();
    // well-formed text keeps its UTF-8 bytes: the fingerprint a host persisted before is unchanged
    assertThat(question.fingerprint()).isEqualTo(utf8Oracle(question));
    assertThat(pair.fingerprint()).isEqualTo(utf8Oracle(pair));
  }

  @Test
  void aResentCopyWithAnotherLoneSurrogateIsAConflict() {
    UsageEvent first = UsageEvent.of("e1", "c", null, "t", Instant.parse("2026-10-03T10:15:30Z"), Map.of("p", "\uD800"));
    UsageEvent other = first.withProperties(Map.of("p", "\uDBFF"));
    Meter count = Meter.of("m", "t", Aggregation.COUNT, null);
    AggregationResult r = UsageAggregator.DEFAULT.aggregate(java.util.List.of(first, other),
        AggregationContext.of(java.util.List.of(count), PeriodResolver.calendarMonths(java.time.ZoneOffset.UTC))
            .withDedup(new InMemoryDeduplicationStore(16)));
    assertThat(r.duplicatesDropped()).isZero();
    assertThat(r.conflicts()).extracting(ConflictingDuplicate::event).containsExactly(other);
  }

  @Test
  void idsThatDifferInALoneSurrogateAreTwoIds() {
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore(16);
    assertThat(store.firstSeen("", "e\uD800", 1)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("", "e\uDC00", 1)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("", "e?", 1)).isEqualTo(DedupOutcome.NEW);
  }

  /** The pre-fix oracle (plain UTF-8), valid for well-formed strings only. */
  static long utf8Oracle(UsageEvent e) {
    Hasher h = Hashing.farmHashFingerprint64().newHasher();
    putUtf8(h, e.customer());
    putUtf8(h, e.subscription().orElse(""));
    h.putBoolean(e.subscription().isPresent());
    putUtf8(h, e.eventType());
    h.putLong(e.timestamp().getEpochSecond()).putInt(e.timestamp().getNano());
    h.putInt(e.properties().size());
    new TreeMap<>(e.properties()).forEach((k, v) -> {
      putUtf8(h, k);
      putUtf8(h, v);
    });
    return h.hash().asLong();
  }

  static void putUtf8(Hasher h, String s) {
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
        longs().between(-62_167_219_200L, 253_402_300_799L), integers().between(0, 999_999_999))
        .checkAssert((customer, value, seconds, nanos) -> {
          String c = customer.isBlank() ? "c" + customer : customer;
          UsageEvent e = UsageEvent.of("id", c, value.isBlank() ? null : "s" + value, "type",
              Instant.ofEpochSecond(seconds, nanos), value.isEmpty() ? Map.of() : Map.of("p", value, "q", c));
          assertThat(e.fingerprint()).isEqualTo(oracle(e));
        });
  }
}
