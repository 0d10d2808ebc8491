package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonEventReaderTest {
  private static String line(String id, String ts) {
    return "{\"id\":\"" + id + "\",\"customer\":\"cus_1\",\"event_type\":\"api.call\",\"timestamp\":\"" + ts
        + "\",\"properties\":{\"units\":\"1\"}}";
  }

  private static final String FILE = String.join("\n",
      line("e1", "2026-10-03T10:15:30Z"),
      "",
      line("e2", "2026-10-03T10:16:30Z"),
      "{\"id\":\"e3\",\"customer\":\"cus_1\",\"event_type\":\"api.call\",\"timestamp\":\"yesterday\"}",
      "not json",
      line("e4", "2026-10-03T10:17:30Z")) + "\n";

  @Test
  void readsAFileSkippingOnlyBlankLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.ndjson");
    Files.writeString(file, "\uFEFF" + line("e1", "2026-10-03T10:15:30Z") + "\n\n" + line("e2", "2026-10-03T10:16:30Z") + "\n");
    try (NdjsonEventReader r = NdjsonEventReader.open(file, RejectPolicy.FAIL_FAST, null)) {
      List<UsageEvent> events = new ArrayList<>();
      r.forEachRemaining(events::add);
      assertThat(events).extracting(UsageEvent::id).containsExactly("e1", "e2");
      assertThat(events.get(0).properties()).isEqualTo(Map.of("units", "1"));
      assertThat(r.linesRead()).isEqualTo(3);
      assertThat(r.eventsRead()).isEqualTo(2);
    }
  }

  @Test
  void failFastNamesFileLineAndField() {
    NdjsonEventReader r = NdjsonEventReader.of(new StringReader(FILE), "events.ndjson", RejectPolicy.FAIL_FAST, null);
    assertThat(r.next().id()).isEqualTo("e1");
    assertThat(r.next().id()).isEqualTo("e2");
    assertThatThrownBy(r::next)
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT))
        .hasMessageStartingWith("events.ndjson line 4: ")
        .hasMessageContaining("$.timestamp")
        .hasMessageContaining("yesterday");
  }

  @Test
  void quarantineHandsBadLinesToTheSinkAndGoesOn() {
    List<RejectedLine> rejected = new ArrayList<>();
    NdjsonEventReader r = NdjsonEventReader.of(new StringReader(FILE), "events.ndjson", RejectPolicy.QUARANTINE,
        rejected::add);
    List<String> ids = r.stream().map(UsageEvent::id).collect(Collectors.toList());
    assertThat(ids).containsExactly("e1", "e2", "e4");
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(4L, 5L);
    assertThat(rejected.get(1).content()).isEqualTo("not json");
    assertThat(rejected.get(1).error().getMessage()).startsWith("events.ndjson line 5: JSON at line 1, column ")
        .contains("malformed");
    assertThat(rejected).allSatisfy(x -> assertThat(x.source()).isEqualTo("events.ndjson"));
    assertThat(r.rejectedCount()).isEqualTo(2);
  }

  @Test
  void quarantineNeedsASink() {
    assertThatThrownBy(() -> NdjsonEventReader.of(new StringReader(""), "x", RejectPolicy.QUARANTINE, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Streams a generated input of 200 000 lines through the aggregator without holding it. */
  @Test
  void streamsALargeInputIntoTheAggregator() {
    int n = 200_000;
    Reader generated = new Reader() {
      private int next;
      private String pending = "";
      private int pos;

      @Override
      public int read(char[] buf, int off, int len) {
        if (pos == pending.length()) {
          if (next == n) {
            return -1;
          }
          pending = line("e" + next, "2026-10-03T10:15:30Z") + "\n";
          pos = 0;
          next++;
        }
        int k = Math.min(len, pending.length() - pos);
        pending.getChars(pos, pos + k, buf, off);
        pos += k;
        return k;
      }

      @Override
      public void close() {}
    };
    Meter calls = Meter.of("calls", "api.call", Aggregation.SUM, "units");
    try (Stream<UsageEvent> events = NdjsonEventReader.of(generated, "gen", RejectPolicy.FAIL_FAST, null).stream()) {
      AggregationResult r = UsageAggregator.DEFAULT.aggregate(events.iterator(),
          AggregationContext.of(List.of(calls), e -> java.util.Optional.of(AccumulatorTestSupport.OCTOBER_UTC)));
      assertThat(r.eventsRead()).isEqualTo(n);
      assertThat(r.quantities().values()).containsExactly(new AggregatedQuantity(java.math.BigDecimal.valueOf(n), n));
    }
  }
}
