package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The direct writer gives the bytes of the Jackson path ({@code toLine}, UTF-8, newline), for every string. */
class NdjsonEventWriterTest {
  private static final Instant AT = Instant.parse("2026-10-03T10:15:30.123Z");

  /** The reference: the Jackson tree's text, encoded as UTF-8, one line per event. */
  private static byte[] jackson(List<UsageEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (UsageEvent e : events) {
      sb.append(UsageEventJson.write(e).toString()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] direct(List<UsageEvent> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (NdjsonEventWriter w = new NdjsonEventWriter(bytes)) {
      for (UsageEvent e : events) {
        w.write(e);
      }
      assertThat(w.lines()).isEqualTo(events.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void assertSameBytes(List<UsageEvent> events) {
    assertThat(direct(events)).isEqualTo(jackson(events));
  }

  @Test
  void everyCharacterOfTheBasicPlaneIsWrittenAsJacksonWritesIt() {
    List<UsageEvent> events = new ArrayList<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      String s = "a" + (char) c + "z";
      events.add(UsageEvent.of("id" + s, "cus" + s, "sub" + s, "type" + s, AT, Map.of("k" + s, "v" + s)));
    }
    assertSameBytes(events);
  }

  @Test
  void edgeCases() {
    List<UsageEvent> events = List.of(
        UsageEvent.of("e1", "c", null, "t", AT, Map.of()),
        UsageEvent.of("e2", "c", "", "t", Instant.parse("2026-10-03T10:15:30Z"), Map.of("a", "")),
        UsageEvent.of("e3", "c", "s", "t", Instant.parse("2026-10-03T10:15:30.123456789Z"), Map.of("b", "2", "a", "1", "C", "3")),
        UsageEvent.of("e4", "c", "s", "t", UsageEvent.MIN_TIMESTAMP, Map.of("emoji 😀", "𝄞 music", "ä", "€")),
        UsageEvent.of("e5", "c", "s", "t", UsageEvent.MAX_TIMESTAMP, Map.of("q\"uote", "back\\slash", "ctl", "\u0000\u001f\u007f\b\t\n\f\r/")),
        UsageEvent.of("\"", "\\", "\n", "x\u2028\u2029", AT, Map.of("\uFFFF", "\uD83D\uDE00\uD83D\uDE00")),
        UsageEvent.of("e7", "c", "s", "t", AT, Map.of("10", "x", "9", "y", "_", "z", "Z", "w", "a", "v")));
    assertSameBytes(events);
    for (UsageEvent e : events) {
      assertThat(UsageEventJson.parse(new String(direct(List.of(e)), StandardCharsets.UTF_8).stripTrailing(), "line"))
          .isEqualTo(e);
    }
  }

  @Test
  void manyPropertiesAreWrittenInNameOrder() {
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = UsageEvent.MAX_PROPERTIES; i > 0; i--) {
      props.put("p" + i, Integer.toString(i));
    }
    assertSameBytes(List.of(UsageEvent.of("e", "c", null, "t", AT, props)));
  }

  @Test
  void linesLongerThanTheBufferAndManyLines() {
    String big = "ü".repeat(200_000);
    List<UsageEvent> events = new ArrayList<>();
    events.add(UsageEvent.of("e", "c", null, "t", AT, Map.of("big", big)));
    for (int i = 0; i < 5_000; i++) {
      events.add(UsageEvent.of("evt_" + i, "cus_" + (i % 7), i % 3 == 0 ? null : "sub", "otp.sent",
          AT.plusMillis(i * 997L), Map.of("country", "IN", "channel", "sms", "status", "delivered")));
    }
    assertSameBytes(events);
  }

  @Test
  void arbitraryTextGivesTheSameBytes() {
    // code points of every plane (surrogates excluded: skipped over) and, as often, ASCII with its controls
    org.quicktheories.core.Gen<Integer> codePoint = integers().between(0, 0x10FFFF - 0x800).map(c -> c >= 0xD800 ? c + 0x800 : c)
        .mix(integers().between(0, 0x7F));
    org.quicktheories.core.Gen<String> text = lists().of(codePoint).ofSizeBetween(0, 30)
        .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    qt().forAll(text, text,
            longs().between(UsageEvent.MIN_TIMESTAMP.toEpochMilli(), UsageEvent.MAX_TIMESTAMP.toEpochMilli()),
            integers().between(0, 999_999))
        .checkAssert((a, b, ms, nanos) -> {
          Instant at = Instant.ofEpochMilli(ms).plusNanos(nanos);
          if (at.isAfter(UsageEvent.MAX_TIMESTAMP)) {
            at = UsageEvent.MAX_TIMESTAMP;
          }
          UsageEvent e = UsageEvent.of("i" + a, "c" + b, b, "t" + a, at, Map.of("k" + a, b, "x" + b, a));
          assertSameBytes(List.of(e));
        });
  }

  @Test
  void anUnpairedSurrogateIsRejectedNamingTheFieldAndNothingIsWritten() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (NdjsonEventWriter w = new NdjsonEventWriter(bytes)) {
      UsageEvent ok = UsageEvent.of("e1", "c", null, "t", AT, Map.of());
      w.write(ok);
      assertThatThrownBy(() -> w.write(UsageEvent.of("e2", "c", null, "t", AT, Map.of("k", "x\uD800"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("properties.k")
          .hasMessageContaining("U+D800");
      assertThatThrownBy(() -> w.write(UsageEvent.of("e\uDC00", "c", null, "t", AT, Map.of())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
      w.write(ok);
      assertThat(w.lines()).isEqualTo(2);
      w.flush();
      assertThat(bytes.toByteArray()).isEqualTo(jackson(List.of(ok, ok)));
    }
  }
}
