package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 items 10, 11 and 17 (event side): an invalid UTF-8 byte, an over-long line and a
 * byte order mark in event files, through the file path ({@code open}) that the CLI uses.
 */
class EventFileLimitsTest {
  private static final int MIB = 1 << 20;
  private static final String CSV_HEADER = "id,customer,event_type,timestamp,note\n";

  private static String line(String id, String note) {
    return "{\"id\":\"" + id + "\",\"customer\":\"cus_1\",\"event_type\":\"api.call\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\",\"properties\":{\"note\":\"" + note + "\"}}";
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] ? (byte[]) p : p.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static List<String> ids(EventReader r) {
    List<String> ids = new ArrayList<>();
    r.forEachRemaining(e -> ids.add(e.id()));
    return ids;
  }

  @Test
  void anInvalidUtf8ByteQuarantinesOnlyItsNdjsonLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.ndjson");
    // a lone continuation byte (0x80) and a truncated two-byte sequence (0xC3 then a quote)
    Files.write(file, bytes(line("e1", "ok"), "\n", line("e2", "caf"), new byte[0], "\n",
        "{\"id\":\"e3\",\"customer\":\"cus_1\",\"event_type\":\"api.call\",\"timestamp\":\"2026-10-03T10:15:30Z\","
            + "\"properties\":{\"note\":\"", new byte[] {(byte) 0x80}, "\"}}\n",
        line("e4", "zoë"), "\n", "{\"id\":\"e5\",\"note\":\"", new byte[] {(byte) 0xC3}, "\"}\n", line("e6", "ok"), "\n"));
    List<RejectedLine> rejected = new ArrayList<>();
    try (NdjsonEventReader r = NdjsonEventReader.open(file, RejectPolicy.QUARANTINE, rejected::add)) {
      assertThat(ids(r)).containsExactly("e1", "e2", "e4", "e6");
      assertThat(r.linesRead()).isEqualTo(6);
    }
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(3L, 5L);
    assertThat(rejected.get(0).error().code()).isEqualTo(ErrorCode.INVALID_EVENT);
    assertThat(rejected.get(0).error().getMessage()).startsWith(file + " line 3: invalid UTF-8: got byte 0x80 at byte ");
    assertThat(rejected.get(1).error().getMessage()).startsWith(file + " line 5: invalid UTF-8: got byte 0xC3");
    assertThat(rejected.get(0).content()).contains("\"id\":\"e3\"").contains("\uFFFD");
    try (NdjsonEventReader r = NdjsonEventReader.open(file, RejectPolicy.FAIL_FAST, null)) {
      assertThat(r.next().id()).isEqualTo("e1");
      assertThat(r.next().id()).isEqualTo("e2");
      assertThatThrownBy(r::next).isInstanceOf(BillingException.class).hasMessageStartingWith(file + " line 3: ");
    }
  }

  @Test
  void anInvalidUtf8ByteQuarantinesOnlyItsCsvRecord(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.csv");
    Files.write(file, bytes(CSV_HEADER, "e1,cus_1,api.call,2026-10-03T10:15:30Z,ok\n",
        "e2,cus_1,api.call,2026-10-03T10:15:30Z,\"two\n", new byte[] {(byte) 0xFF}, "lines\"\n",
        "e3,cus_1,api.call,2026-10-03T10:15:30Z,zoë\n"));
    List<RejectedLine> rejected = new ArrayList<>();
    try (CsvEventReader r = CsvEventReader.open(file, RejectPolicy.QUARANTINE, rejected::add)) {
      assertThat(ids(r)).containsExactly("e1", "e3");
    }
    assertThat(rejected).singleElement().satisfies(l -> {
      assertThat(l.line()).isEqualTo(3);
      assertThat(l.error().getMessage()).startsWith(file + " line 3: invalid UTF-8: got byte 0xFF");
    });
  }

  @Test
  void anNdjsonLineOverOneMebibyteIsRejectedWithItsNumber() throws IOException {
    String exact = line("e2", "");
    exact = line("e2", "x".repeat(MIB - exact.length()));
    assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(MIB);
    String over = line("e3", "x".repeat(3 * MIB));
    String text = line("e1", "ok") + "\n" + exact + "\n" + over + "\n" + line("e4", "ok") + "\n";
    for (boolean fromBytes : new boolean[] {true, false}) {
      List<RejectedLine> rejected = new ArrayList<>();
      try (NdjsonEventReader r = fromBytes
          ? NdjsonEventReader.of(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "big.ndjson",
              RejectPolicy.QUARANTINE, rejected::add)
          : NdjsonEventReader.of(new StringReader(text), "big.ndjson", RejectPolicy.QUARANTINE, rejected::add)) {
        assertThat(ids(r)).containsExactly("e1", "e2", "e4");
      }
      assertThat(rejected).singleElement().satisfies(l -> {
        assertThat(l.line()).isEqualTo(3);
        assertThat(l.error().getMessage()).startsWith("big.ndjson line 3: record too long").contains("1048576");
        assertThat(l.content().length()).isLessThan(1000);
      });
    }
    assertThatThrownBy(() -> ids(NdjsonEventReader.of(new StringReader(over), "big.ndjson", RejectPolicy.FAIL_FAST, null)))
        .isInstanceOf(BillingException.class).hasMessageStartingWith("big.ndjson line 1: record too long");
  }

  @Test
  void aCsvRecordOverOneMebibyteIsRejectedEvenAcrossLinesOrWithAQuoteNeverClosed() throws IOException {
    String text = CSV_HEADER + "e1,cus_1,api.call,2026-10-03T10:15:30Z,ok\n"
        + "e2,cus_1,api.call,2026-10-03T10:15:30Z," + "y".repeat(2 * MIB) + "\n"             // line 3
        + "e3,cus_1,api.call,2026-10-03T10:15:30Z,\"" + "z\n".repeat(MIB) + "\"\n"          // lines 4 to 4 + MIB
        + "e4,cus_1,api.call,2026-10-03T10:15:30Z,ok\n"
        + "e5,cus_1,api.call,2026-10-03T10:15:30Z,\"never closed " + "w".repeat(2 * MIB) + "\n"
        + "e6,cus_1,api.call,2026-10-03T10:15:30Z,ok\n";
    List<RejectedLine> rejected = new ArrayList<>();
    try (CsvEventReader r = CsvEventReader.of(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        "big.csv", RejectPolicy.QUARANTINE, rejected::add)) {
      assertThat(ids(r)).containsExactly("e1", "e4");
    }
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(3L, 4L, 5L + MIB + 1);
    assertThat(rejected).allSatisfy(l -> assertThat(l.error().getMessage()).contains("record too long"));
  }

  @Test
  void anEventWithMoreThanAThousandPropertiesIsARejectedLine() {
    StringBuilder props = new StringBuilder();
    for (int i = 0; i <= UsageEvent.MAX_PROPERTIES; i++) {
      props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"v\"");
    }
    String many = "{\"id\":\"e2\",\"customer\":\"cus_1\",\"event_type\":\"api.call\","
        + "\"timestamp\":\"2026-10-03T10:15:30Z\",\"properties\":{" + props + "}}";
    List<RejectedLine> rejected = new ArrayList<>();
    NdjsonEventReader r = NdjsonEventReader.of(new StringReader(line("e1", "a") + "\n" + many + "\n" + line("e3", "b")),
        "p.ndjson", RejectPolicy.QUARANTINE, rejected::add);
    assertThat(ids(r)).containsExactly("e1", "e3");
    assertThat(rejected).singleElement().satisfies(l -> assertThat(l.error().getMessage())
        .startsWith("p.ndjson line 2: ").contains("properties", "1001", "at most 1000"));
  }

  @Test
  void aLeadingByteOrderMarkIsIgnoredInEveryForm(@TempDir Path dir) throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Path ndjson = dir.resolve("bom.ndjson");
    Files.write(ndjson, bytes(bom, line("e1", "a"), "\r\n", line("e2", "b")));
    Path csv = dir.resolve("bom.csv");
    Files.write(csv, bytes(bom, CSV_HEADER, "e1,cus_1,api.call,2026-10-03T10:15:30Z,a\r\n"));
    try (NdjsonEventReader r = NdjsonEventReader.open(ndjson, RejectPolicy.FAIL_FAST, null)) {
      assertThat(ids(r)).containsExactly("e1", "e2");
    }
    try (NdjsonEventReader r = NdjsonEventReader.of(new StringReader("\uFEFF" + line("e1", "a")), "bom", RejectPolicy.FAIL_FAST,
        null)) {
      assertThat(ids(r)).containsExactly("e1");
    }
    try (CsvEventReader r = CsvEventReader.open(csv, RejectPolicy.FAIL_FAST, null)) {
      assertThat(ids(r)).containsExactly("e1");
    }
    // only a leading mark: elsewhere U+FEFF is text, so a JSON line starting with one is rejected
    List<RejectedLine> rejected = new ArrayList<>();
    NdjsonEventReader r = NdjsonEventReader.of(new StringReader(line("e1", "a") + "\n\uFEFF" + line("e2", "b")), "bom",
        RejectPolicy.QUARANTINE, rejected::add);
    assertThat(ids(r)).containsExactly("e1");
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(2L);
  }
}
