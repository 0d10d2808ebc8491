package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Decimals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzes the NDJSON and CSV event readers and {@link UsageEventJson#parse} with generated hostile
 * input: random bytes, mutated valid lines, huge and out-of-bounds numbers, deep nesting, long
 * strings, lone surrogates (as JSON escapes and as raw surrogate bytes) and bad timestamps.
 *
 * <p>Asserted for every input: the only failure is a {@link BillingException} with a code whose
 * message names the line and either the field with the value and what was expected, a missing or
 * unknown field, or the syntax error's position; the fast and tree JSON paths give the same event
 * or the same error; what comes out is bounded by what went in (no value or report is larger than
 * its line, allowing for a number's plain digits); and nothing is partial: reading a file gives
 * exactly what reading each of its lines alone gives, so a rejected line changes no other.
 * Bounds are on sizes, never on time.
 */
class EventReaderFuzzTest {
  private static final String SOURCE = "fuzz";
  /** The shapes of an error message that names what was wrong. */
  private static final Pattern NAMED = Pattern.compile(
      "(?s).*(got .* expected |missing required field '|unknown field|malformed document|malformed CSV record"
          + "|cells as in the header, got ).*");
  private static final String CSV_HEADER = "id,customer,subscription,event_type,timestamp,units,note";

  // ---------------------------------------------------------------- generators

  private static final Gen<String> WORDS = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8);

  private static final Gen<String> TIMESTAMPS = longs().between(UsageEvent.MIN_TIMESTAMP.getEpochSecond(),
      UsageEvent.MAX_TIMESTAMP.getEpochSecond()).zip(integers().between(0, 999_999_999),
          (s, n) -> Instant.ofEpochSecond(s, n).toString());

  private static final Gen<String> BAD_TIMESTAMPS = Generate.pick(List.of("+999999999-12-31T23:59:59Z",
      "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59-00:01",
      "0000-01-01T00:00:00+00:01", "-0001-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "2026-10-03T24:00:01Z",
      "2026-10-03T10:15:30", "2026-10-03", "", " ", "2026-10-03T10:15:30+25:00", "yesterday", "1e9"));

  /** Numbers within {@link Decimals} bounds, in plain and exponent form. */
  private static final Gen<String> NUMBERS = longs().all().zip(integers().between(-10, 40),
      (unscaled, scale) -> new BigDecimal(BigInteger.valueOf(unscaled), scale).toString());

  private static final Gen<String> HUGE_NUMBERS = Generate.pick(List.of("1e999999999", "-1E+999999999",
      "1e-999999999", "1e40", "1e30", "1e29", "0.1e-64", "1e-65", "9".repeat(31), "9".repeat(30), "1" + "0".repeat(999),
      "1" + "0".repeat(1000), "0." + "0".repeat(990) + "1", "1e2147483648", "-0", "-0.0e-999999999", "1.0e+0"));

  /** Strings with control characters, quotes, backslashes, non-ASCII and lone surrogates. */
  private static final Gen<String> TEXTS = strings().allPossible().ofLengthBetween(0, 12)
      .mix(Generate.pick(List.of("\uD800", "a\uDC00", "\uDC00\uD800", "\uD83D\uDE00", "?", "", " ", "zoë", "\u0000")),
          30);

  private static final Gen<String> VALID_LINES = WORDS.zip(WORDS, TIMESTAMPS, lists().of(WORDS.zip(
      NUMBERS.mix(TEXTS.map(EventReaderFuzzTest::quote)), (k, v) -> quote(k) + ":" + v)).ofSizeBetween(0, 4),
      (id, customer, ts, props) -> "{\"id\":" + quote(id) + ",\"customer\":" + quote(customer)
          + ",\"event_type\":\"api.call\",\"timestamp\":" + quote(ts) + ",\"properties\":{"
          + String.join(",", props) + "}}");

  /** Valid-shaped lines with one hostile value in a chosen place. */
  private static final Gen<String> TARGETED = Generate.pick(List.of(0, 1, 2, 3, 4, 5, 6, 7)).zip(
      HUGE_NUMBERS, BAD_TIMESTAMPS, integers().between(1, 1200),
      (where, number, ts, n) -> switch (where) {
        case 0 -> line("e", "c", "2026-10-03T10:15:30Z", "\"units\":" + number);
        case 1 -> line("e", "c", ts, "");
        case 2 -> line("e", "c", "2026-10-03T10:15:30Z", "\"deep\":" + "[".repeat(n) + "]".repeat(n));
        case 3 -> line("e", "c", "2026-10-03T10:15:30Z", "\"deep\":" + "{\"a\":".repeat(n) + "1" + "}".repeat(n));
        case 4 -> line("e\\ud800", "c\\udc00", "2026-10-03T10:15:30Z", "\"\\ud800\":\"\\udfff\\ud800\"");
        case 5 -> line("e", "c", "2026-10-03T10:15:30Z", "\"note\":\"" + "x".repeat(n * 37) + "\"");
        case 6 -> line("e", "c", "2026-10-03T10:15:30Z", properties(n));
        default -> "{\"id\":\"e\",\"id\":\"f\",\"customer\":\"c\",\"event_type\":\"t\",\"timestamp\":\"" + ts + "\"}";
      });

  /** Random bytes, biased towards JSON/CSV punctuation and broken UTF-8. */
  private static final Gen<byte[]> RANDOM_BYTES = Generate.byteArrays(integers().between(0, 120),
      Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)).mix(Generate.byteArrays(integers().between(0, 120),
          Generate.pick(List.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"', (byte) ':', (byte) ',',
              (byte) '\\', (byte) '1', (byte) 'e', (byte) '-', (byte) 0xFF, (byte) 0xC3, (byte) 0x80, (byte) 0xED,
              (byte) 0xA0, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) ' '))));

  /** Valid and targeted lines with a few random byte edits (replace, insert, delete). */
  private static final Gen<byte[]> MUTATED = VALID_LINES.mix(TARGETED).zip(longs().all(), (line, seed) -> {
    Random random = new Random(seed);
    byte[] b = utf8(line);
    byte[] interesting = {'{', '}', '"', '\\', ',', ':', '0', 'e', (byte) 0xFF, (byte) 0xC3, (byte) 0xED, (byte) 0xA0,
        (byte) 0x80, 'u'};
    for (int k = random.nextInt(4); k >= 0 && b.length > 0; k--) {
      int at = random.nextInt(b.length);
      byte x = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
      switch (random.nextInt(3)) {
        case 0 -> b[at] = x;
        case 1 -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = x;
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        default -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
      }
    }
    return b;
  });

  /** Raw surrogate code points encoded as three bytes (CESU-8 / WTF-8): not UTF-8. */
  private static final Gen<byte[]> RAW_SURROGATES = integers().between(0xD800, 0xDFFF).map(cp -> {
    byte[] prefix = utf8("{\"id\":\"e\",\"customer\":\"c\",\"event_type\":\"t\",\"timestamp\":\"2026-10-03T10:15:30Z\","
        + "\"properties\":{\"p\":\"");
    byte[] suffix = utf8("\"}}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix);
    out.write(0xE0 | (cp >> 12));
    out.write(0x80 | ((cp >> 6) & 0x3F));
    out.write(0x80 | (cp & 0x3F));
    out.writeBytes(suffix);
    return out.toByteArray();
  });

  private static final Gen<byte[]> HOSTILE = Generate.frequency(
      org.quicktheories.api.Pair.of(3, RANDOM_BYTES),
      org.quicktheories.api.Pair.of(4, MUTATED),
      org.quicktheories.api.Pair.of(3, TARGETED.map(EventReaderFuzzTest::utf8)),
      org.quicktheories.api.Pair.of(1, RAW_SURROGATES),
      org.quicktheories.api.Pair.of(1, VALID_LINES.map(EventReaderFuzzTest::utf8)));

  // ---------------------------------------------------------------- NDJSON

  @Test
  void anyBytesGiveEventsOrNamedBillingErrors() {
    qt().withExamples(1500).forAll(HOSTILE).checkAssert(bytes -> {
      List<Outcome> out = readNdjson(bytes);
      for (Outcome o : out) {
        assertBounded(o, bytes.length);
        if (o.error != null) {
          assertNamed(o);
        }
      }
    });
  }

  @Test
  void theFastAndTreePathsAgree() {
    qt().withExamples(1500).forAll(HOSTILE).checkAssert(bytes -> {
      String line = new String(bytes, StandardCharsets.UTF_8);
      Object fast = outcome(() -> UsageEventJson.parse(line, SOURCE));
      Object tree = outcome(() -> UsageEventJson.read(JsonObjectReader.root(Json.parseRecord(line, SOURCE), SOURCE)));
      if (fast instanceof UsageEvent) {
        assertThat(tree).isEqualTo(fast);
        ((UsageEvent) fast).properties().values()
            .forEach(v -> assertThat(v.length()).isLessThanOrEqualTo(line.length() + Decimals.MAX_INTEGER_DIGITS + 2));
      } else {
        BillingException f = (BillingException) fast;
        assertThat(tree).isInstanceOfSatisfying(BillingException.class, t -> {
          assertThat(f.code()).isEqualTo(t.code());
          assertThat(f.getMessage()).isEqualTo(t.getMessage());
        });
      }
    });
  }

  @Test
  void aRejectedLineChangesNoOtherLine() {
    Gen<List<byte[]>> files = lists().of(HOSTILE.map(EventReaderFuzzTest::oneLine)
        .mix(VALID_LINES.map(EventReaderFuzzTest::utf8), 50)).ofSizeBetween(1, 12);
    qt().withExamples(300).forAll(files, Generate.booleans()).checkAssert((lines, crlf) -> {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      List<Outcome> expected = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        file.writeBytes(lines.get(i));
        file.writeBytes(utf8(crlf ? "\r\n" : "\n"));
        // alone, but after a blank line: a byte order mark counts only at the very start of a file
        byte[] alone = i == 0 ? lines.get(i) : concat(utf8("\n"), lines.get(i));
        for (Outcome o : readNdjson(alone)) {
          expected.add(o.at(i + 1, i == 0 ? 1 : 2));
        }
      }
      List<Outcome> whole = readNdjson(file.toByteArray());
      assertThat(whole).isEqualTo(expected);
    });
  }

  @Test
  void linesOfAboutTheLimitAreBounded() {
    int mib = RecordSource.MAX_RECORD_LENGTH;
    qt().withExamples(12).forAll(integers().between(mib - 300, mib + 300), Generate.booleans())
        .checkAssert((size, quoted) -> {
          String head = "{\"id\":\"e\",\"customer\":\"c\",\"event_type\":\"t\",\"timestamp\":\"2026-10-03T10:15:30Z\","
              + "\"properties\":{\"p\":\"";
          String tail = "\"}}";
          int fill = Math.max(0, size - head.length() - tail.length());
          byte[] line = utf8(head + (quoted ? "\\\"" : "x").repeat(quoted ? fill / 2 : fill) + tail);
          List<Outcome> out = readNdjson(line);
          assertThat(out).hasSize(1);
          if (line.length <= mib) {
            assertThat(out.get(0).event).as("%d bytes", line.length).isNotNull();
          } else {
            assertThat(out.get(0).error).contains("record too long");
            assertThat(out.get(0).content.length()).isLessThanOrEqualTo(200);
          }
        });
  }

  // ---------------------------------------------------------------- CSV

  @Test
  void anyCsvBytesGiveEventsOrNamedBillingErrors() {
    Gen<byte[]> records = HOSTILE.mix(VALID_CSV.map(EventReaderFuzzTest::utf8), 40);
    qt().withExamples(1500).forAll(lists().of(records).ofSizeBetween(1, 4), Generate.booleans())
        .checkAssert((body, hostileHeader) -> {
          ByteArrayOutputStream file = new ByteArrayOutputStream();
          file.writeBytes(hostileHeader ? body.get(0) : utf8(CSV_HEADER));
          for (byte[] b : body) {
            file.writeBytes(utf8("\n"));
            file.writeBytes(b);
          }
          List<Outcome> out;
          try {
            out = readCsv(file.toByteArray());
          } catch (BillingException header) {
            assertThat(header.code()).isEqualTo(ErrorCode.INVALID_EVENT);
            assertThat(header.getMessage()).startsWith(SOURCE + " line ").containsAnyOf("header", "invalid");
            return;
          }
          for (Outcome o : out) {
            assertBounded(o, file.size());
            if (o.error != null) {
              assertNamed(o);
            }
          }
        });
  }

  @Test
  void aRejectedCsvRecordChangesNoOtherRecord() {
    // quotes may join lines into one record, so the hostile records here hold none
    Gen<byte[]> hostile = HOSTILE.map(b -> strip(oneLine(b), (byte) '"'));
    Gen<List<byte[]>> bodies = lists().of(hostile.mix(VALID_CSV.map(EventReaderFuzzTest::utf8), 50))
        .ofSizeBetween(1, 10);
    qt().withExamples(300).forAll(bodies).checkAssert(records -> {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      file.writeBytes(utf8(CSV_HEADER + "\n"));
      List<Outcome> expected = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        file.writeBytes(records.get(i));
        file.writeBytes(utf8("\n"));
        byte[] alone = concat(utf8(CSV_HEADER + "\n"), records.get(i));
        for (Outcome o : readCsv(alone)) {
          expected.add(o.at(i + 2, 2));
        }
      }
      assertThat(readCsv(file.toByteArray())).isEqualTo(expected);
    });
  }

  // ---------------------------------------------------------------- helpers

  /** An event, or a rejection with its line, message and content, as a reader reports it. */
  private record Outcome(UsageEvent event, long line, String error, ErrorCode code, String content) {
    /** The same outcome read alone (at line {@code aloneLine}) placed at line {@code line}. */
    Outcome at(long line, long aloneLine) {
      if (event != null) {
        return this;
      }
      String prefix = SOURCE + " line " + aloneLine + ": ";
      assertThat(error).startsWith(prefix);
      return new Outcome(null, line, SOURCE + " line " + line + ": " + error.substring(prefix.length()), code, content);
    }
  }

  private static List<Outcome> readNdjson(byte[] bytes) {
    List<Outcome> out = new ArrayList<>();
    try (NdjsonEventReader r = NdjsonEventReader.of(new ByteArrayInputStream(bytes), SOURCE, RejectPolicy.QUARANTINE,
        l -> out.add(new Outcome(null, l.line(), l.error().getMessage(), l.error().code(), l.content())))) {
      r.forEachRemaining(e -> out.add(new Outcome(e, 0, null, null, null)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static List<Outcome> readCsv(byte[] bytes) {
    List<Outcome> out = new ArrayList<>();
    try (CsvEventReader r = CsvEventReader.of(new ByteArrayInputStream(bytes), SOURCE, RejectPolicy.QUARANTINE,
        l -> out.add(new Outcome(null, l.line(), l.error().getMessage(), l.error().code(), l.content())))) {
      r.forEachRemaining(e -> out.add(new Outcome(e, 0, null, null, null)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void assertNamed(Outcome o) {
    assertThat(o.code).isEqualTo(ErrorCode.INVALID_EVENT);
    assertThat(o.error).startsWith(SOURCE + " line " + o.line + ": ").matches(NAMED);
  }

  private static void assertBounded(Outcome o, int inputLength) {
    if (o.event != null) {
      o.event.properties().forEach((k, v) -> {
        assertThat(k.length()).isLessThanOrEqualTo(inputLength);
        assertThat(v.length()).isLessThanOrEqualTo(inputLength + Decimals.MAX_INTEGER_DIGITS + 2);
      });
    } else {
      assertThat(o.content.length()).isLessThanOrEqualTo(Math.min(inputLength, RecordSource.MAX_RECORD_LENGTH));
      assertThat(o.error.length()).isLessThanOrEqualTo(2_000 + SOURCE.length());
    }
  }

  private static Object outcome(java.util.function.Supplier<UsageEvent> parse) {
    try {
      return parse.get();
    } catch (BillingException e) {
      return e;
    }
  }

  private static String line(String id, String customer, String ts, String properties) {
    return "{\"id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"event_type\":\"t\",\"timestamp\":\"" + ts
        + "\",\"properties\":{" + properties + "}}";
  }

  private static String properties(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":").append(i);
    }
    return b.toString();
  }

  /** A JSON string literal; other characters, lone surrogates included, are written as they are. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Valid CSV records for the header above, on one line each. */
  private static final Gen<String> VALID_CSV = WORDS.zip(WORDS, TIMESTAMPS, NUMBERS.mix(TEXTS),
      TEXTS.map(t -> t.replace('\n', ' ').replace('\r', ' ')),
      (id, customer, ts, units, note) -> String.join(",", cell(id), cell(customer), "", "api.call", ts,
          cell(units.replace('\n', ' ').replace('\r', ' ')), cell(note)));

  private static String cell(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static byte[] oneLine(byte[] b) {
    return strip(strip(b, (byte) '\n'), (byte) '\r');
  }

  private static byte[] strip(byte[] b, byte x) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte y : b) {
      if (y != x) {
        out.write(y);
      }
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
