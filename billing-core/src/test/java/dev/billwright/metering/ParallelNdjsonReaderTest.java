package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests of the parallel NDJSON path ({@link ParallelNdjsonReader} with the byte
 * parser) against the existing one ({@link NdjsonEventReader} into {@link UsageAggregator}) over
 * generated files: valid events in many spellings (field order, whitespace, escapes, unicode,
 * lone surrogates, numbers and decimals, offsets and fractions), exact duplicates, conflicting
 * copies, bad lines (syntax, missing and unknown fields, invalid UTF-8, bad dates, blank values),
 * blank lines, LF / CR / CR LF endings, a byte order mark and an unterminated last line; files
 * split into many small ranges read by 1 to 4 threads.
 *
 * <p>Asserted: the same events (as a multiset, with equal fingerprints), the same rejected lines
 * with the same numbers, content and messages in file order, the same line count, the same
 * FAIL_FAST error; aggregated with a shared dedup store, the same conflicts reported and, when
 * there are none, exactly the same result as the sequential aggregation.
 */
class ParallelNdjsonReaderTest {
  @TempDir
  Path dir;

  private static final String[] CUSTOMERS = {"cus_a", "cus_b", "cus_ünï", "cus_\\u0928\\u092e", "cus_😀", "c"};
  private static final String[] COUNTRIES = {"IN", "US", "\\u00e9", "नमस्ते", "a\\\"b", "x\\\\y", "\\ud800", "tab\\t"};
  private static final String[] NUMBERS = {"1", "0", "-0", "1.50", "-0.5", "0.000", "12345678901234567890", "1e3",
      "2.5E-1", "007", "1.", "-", "99.99", "0.1", "3.14159265358979323846"};
  private static final String[] TIMESTAMPS = {"2026-10-03T10:15:30Z", "2026-10-03T10:15:30.123Z",
      "2026-10-31T23:59:59.999999999Z", "2026-10-01T00:00:00+05:30", "2026-10-15T12:00:00-07:00",
      "2026-10-03t10:15:30z", "2026-10-03T10:15Z", "2026-02-30T00:00:00Z", "2026-10-03T10:15:30.Z",
      "2026-09-30T18:30:00.001Z", "2026-10-03T10:15:30+18:00", "0000-01-01T00:00:00+01:00", "nope",
      "2026-10-03T24:00:00Z", "2026-11-01T00:00:00.5+00:00"};

  @Test
  void theParallelPathReadsAndAggregatesExactlyAsTheSequentialOne() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 4)).checkAssert((seed, threads) -> {
      try {
        check(seed, threads);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Test
  void aLongLineIsRejectedWithItsNumberAndTheLinesAroundItAreRead() throws IOException {
    StringBuilder text = new StringBuilder();
    text.append(line(new Random(1), 1, "e1")).append('\n');
    text.append("{\"id\":\"").append("x".repeat(RecordSource.MAX_RECORD_LENGTH + 10)).append("\"}\r\n");
    text.append("{\"id\":\"").append("y".repeat(5 << 20)).append("\"}\r");
    text.append(line(new Random(2), 2, "e2")).append('\n');
    Path file = dir.resolve("long.ndjson");
    Files.writeString(file, text.toString());
    compareFiles(file, 2, 64);
  }

  private void check(long seed, int threads) throws IOException {
    Random r = new Random(seed);
    boolean conflicts = r.nextInt(3) == 0;
    Path file = dir.resolve("events-" + Long.toHexString(seed) + ".ndjson");
    Files.write(file, file(r, conflicts));
    compareFiles(file, threads, 1 + r.nextInt(400));
    Files.delete(file);
  }

  private void compareFiles(Path file, int threads, long minRange) throws IOException {
    // the existing path
    List<RejectedLine> seqRejected = new ArrayList<>();
    List<UsageEvent> seqEvents = new ArrayList<>();
    long seqLines;
    try (NdjsonEventReader reader = NdjsonEventReader.open(file, RejectPolicy.QUARANTINE, seqRejected::add)) {
      reader.forEachRemaining(seqEvents::add);
      seqLines = reader.linesRead();
    }
    // the parallel path, collecting the events
    List<RejectedLine> parRejected = new ArrayList<>();
    ParallelNdjsonReader.Outcome<List<UsageEvent>> read = ParallelNdjsonReader.read(file, threads,
        RejectPolicy.QUARANTINE, parRejected::add, ArrayList::new, List::add, minRange);
    List<UsageEvent> parEvents = new ArrayList<>();
    read.partials().forEach(parEvents::addAll);

    assertThat(describe(parRejected)).isEqualTo(describe(seqRejected));
    assertThat(sorted(parEvents)).isEqualTo(sorted(seqEvents));
    assertThat(fingerprints(parEvents)).isEqualTo(fingerprints(seqEvents));
    assertThat(read.events()).isEqualTo(seqEvents.size());
    assertThat(read.rejected()).isEqualTo(seqRejected.size());
    assertThat(read.lines()).isEqualTo(seqLines);

    // FAIL_FAST: the first bad line's error, or none
    String seqError = null;
    try (NdjsonEventReader reader = NdjsonEventReader.open(file, RejectPolicy.FAIL_FAST, null)) {
      reader.forEachRemaining(e -> { });
    } catch (BillingException e) {
      seqError = e.getMessage();
    }
    if (seqError == null) {
      ParallelNdjsonReader.read(file, threads, RejectPolicy.FAIL_FAST, null, ArrayList::new, List::add, minRange);
    } else {
      assertThatThrownBy(() -> ParallelNdjsonReader.read(file, threads, RejectPolicy.FAIL_FAST, null,
          ArrayList::new, List::add, minRange)).isInstanceOf(BillingException.class).hasMessage(seqError);
    }

    // aggregated: the existing UsageAggregator over the reader, against runs sharing a store
    List<Meter> meters = List.of(
        Meter.of("calls", "api.call", Aggregation.COUNT, null, Map.of(), List.of("country")),
        Meter.of("units", "api.call", Aggregation.SUM, "units", Map.of("status", Set.of("ok")), List.of()),
        Meter.of("peak", "api.call", Aggregation.MAX, "units"),
        Meter.of("countries", "api.call", Aggregation.UNIQUE_COUNT, "country"),
        Meter.of("last", "api.call", Aggregation.LATEST, "units", Map.of(), List.of("channel")));
    PeriodResolver months = PeriodResolver.calendarMonths(ZoneOffset.ofHoursMinutes(5, 30));
    AggregationResult sequential = UsageAggregator.DEFAULT.aggregate(seqEvents, AggregationContext.of(meters, months));
    AggregationContext shared = AggregationContext.of(meters, months);
    ParallelNdjsonReader.Outcome<AggregationRun> runs = ParallelNdjsonReader.read(file, threads,
        RejectPolicy.QUARANTINE, x -> { }, () -> UsageAggregator.DEFAULT.start(shared), AggregationRun::accept,
        minRange);
    AggregationRun merged = runs.partials().get(0);
    for (int i = 1; i < runs.partials().size(); i++) {
      merged.merge(runs.partials().get(i));
    }
    AggregationResult parallel = merged.result();
    assertThat(parallel.conflicts().isEmpty()).isEqualTo(sequential.conflicts().isEmpty());
    if (sequential.conflicts().isEmpty()) {
      assertThat(parallel).isEqualTo(sequential);
    }

    // with hints ahead: every event is told before it is taken, and the result is the same
    Set<UsageEvent> told = Collections.synchronizedSet(Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    List<String> untold = Collections.synchronizedList(new ArrayList<>());
    ParallelNdjsonReader.Outcome<List<UsageEvent>> hintedRead = ParallelNdjsonReader.read(file, threads,
        RejectPolicy.QUARANTINE, x -> { }, ArrayList::new, (list, e) -> {
          if (!told.contains(e)) {
            untold.add(e.id());
          }
          list.add(e);
        }, (events, n) -> {
          for (int i = 0; i < n; i++) {
            told.add(events[i]);
          }
        }, minRange);
    List<UsageEvent> hintedEvents = new ArrayList<>();
    hintedRead.partials().forEach(hintedEvents::addAll);
    assertThat(untold).isEmpty();
    assertThat(told).hasSameSizeAs(hintedEvents);
    assertThat(sorted(hintedEvents)).isEqualTo(sorted(seqEvents));
    assertThat(hintedRead.lines()).isEqualTo(seqLines);
    assertThat(hintedRead.rejected()).isEqualTo(seqRejected.size());
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore();
    AggregationContext prefetched = new AggregationContext(meters, months, store, InvoicedPeriods.NONE, CarryIn.NONE);
    ParallelNdjsonReader.Outcome<AggregationRun> hintedRuns = ParallelNdjsonReader.read(file, threads,
        RejectPolicy.QUARANTINE, x -> { }, () -> UsageAggregator.DEFAULT.start(prefetched), AggregationRun::accept,
        (events, n) -> store.prefetch(DedupScope.GLOBAL, events, n), minRange);
    AggregationRun hintedMerged = hintedRuns.partials().get(0);
    for (int i = 1; i < hintedRuns.partials().size(); i++) {
      hintedMerged.merge(hintedRuns.partials().get(i));
    }
    AggregationResult hintedResult = hintedMerged.result();
    assertThat(hintedResult.conflicts().isEmpty()).isEqualTo(sequential.conflicts().isEmpty());
    if (sequential.conflicts().isEmpty()) {
      assertThat(hintedResult).isEqualTo(sequential);
    }
  }

  /** The word-at-a-time search for a line end finds what a byte-by-byte scan finds. */
  @Test
  void lineEndFindsTheFirstLineFeedOrCarriageReturn() {
    byte[] alphabet = {'\n', '\r', 'a', '"', 0, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF, 0x0B, 0x0C, 0x1A, 0x1D};
    qt().withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      byte[] b = new byte[r.nextInt(40)];
      int rare = 1 + r.nextInt(30);
      for (int i = 0; i < b.length; i++) {
        b[i] = r.nextInt(rare) == 0 ? alphabet[r.nextInt(2)] : alphabet[2 + r.nextInt(alphabet.length - 2)];
      }
      int from = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      int lim = from + r.nextInt(b.length - from + 1);
      int expected = from;
      while (expected < lim && b[expected] != '\n' && b[expected] != '\r') {
        expected++;
      }
      assertThat(ParallelNdjsonReader.lineEnd(b, from, lim)).isEqualTo(expected);
    });
  }

  private static List<String> describe(List<RejectedLine> lines) {
    List<String> out = new ArrayList<>();
    for (RejectedLine l : lines) {
      out.add(l.source() + "|" + l.line() + "|" + l.content() + "|" + l.error().getMessage() + "|" + l.error().code());
    }
    return out;
  }

  private static final Comparator<UsageEvent> ORDER = Comparator.comparing(UsageEvent::id)
      .thenComparingLong(UsageEvent::fingerprint).thenComparing(UsageEvent::toString);

  private static List<UsageEvent> sorted(List<UsageEvent> events) {
    List<UsageEvent> out = new ArrayList<>(events);
    out.sort(ORDER);
    return out;
  }

  private static List<Long> fingerprints(List<UsageEvent> events) {
    List<Long> out = new ArrayList<>();
    for (UsageEvent e : sorted(events)) {
      out.add(e.fingerprint());
    }
    return out;
  }

  // ---------------------------------------------------------------- generated files

  private static byte[] file(Random r, boolean conflicts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextInt(5) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    int n = 1 + r.nextInt(120);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(100);
      byte[] text;
      if (kind < 8 && !written.isEmpty()) {
        text = written.get(r.nextInt(written.size())).getBytes(StandardCharsets.UTF_8); // an exact duplicate
      } else if (kind < 11 && conflicts) {
        text = line(r, r.nextInt(200), "evt_" + r.nextInt(Math.max(1, i))).getBytes(StandardCharsets.UTF_8);
      } else if (kind < 20) {
        text = bad(r);
      } else if (kind < 24) {
        text = List.of("", "   ", "\t", " \u000B ").get(r.nextInt(4)).getBytes(StandardCharsets.UTF_8);
      } else {
        String l = line(r, i, "evt_" + i);
        written.add(l);
        text = l.getBytes(StandardCharsets.UTF_8);
      }
      out.writeBytes(text);
      if (i < n - 1 || r.nextBoolean()) {
        int end = r.nextInt(20);
        out.writeBytes(end == 0 ? new byte[] {'\r'} : end == 1 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      }
    }
    return out.toByteArray();
  }

  /** A valid or nearly valid event line in one of many spellings. */
  private static String line(Random r, int i, String id) {
    List<String> fields = new ArrayList<>();
    String sp = r.nextInt(6) == 0 ? " " : "";
    fields.add("\"id\":" + sp + "\"" + id + "\"");
    fields.add("\"customer\":\"" + pick(r, CUSTOMERS) + "\"");
    fields.add("\"event_type\":\"" + (r.nextInt(10) == 0 ? "other" : "api.call") + "\"");
    fields.add("\"timestamp\":\"" + (r.nextInt(4) == 0 ? pick(r, TIMESTAMPS) : TIMESTAMPS[r.nextInt(5)]) + "\"");
    int sub = r.nextInt(4);
    if (sub == 0) {
      fields.add("\"subscription\":null");
    } else if (sub == 1) {
      fields.add("\"subscription\":\"sub_" + r.nextInt(3) + "\"");
    }
    int props = r.nextInt(6);
    if (props == 0) {
      fields.add("\"properties\":null");
    } else if (props > 1) {
      List<String> ps = new ArrayList<>();
      ps.add("\"country\":\"" + pick(r, COUNTRIES) + "\"");
      ps.add("\"units\":" + (r.nextBoolean() ? pick(r, NUMBERS) : "\"" + pick(r, NUMBERS) + "\""));
      ps.add("\"status\":\"" + (r.nextInt(4) == 0 ? "failed" : "ok") + "\"");
      if (r.nextBoolean()) {
        ps.add("\"channel\":\"" + (r.nextBoolean() ? "sms" : "whatsapp") + "\"");
      }
      if (r.nextInt(15) == 0) {
        ps.add("\"units\":\"2\""); // a repeated name
      }
      if (r.nextInt(15) == 0) {
        ps.add("\"nested\":{\"a\":1}");
      }
      if (r.nextInt(20) == 0) {
        ps.add("\" \":\"blank name\"");
      }
      Collections.shuffle(ps, r);
      fields.add("\"properties\":{" + String.join("," + sp, ps) + "}");
    }
    if (r.nextInt(25) == 0) {
      fields.add("\"extra\":1");
    }
    if (r.nextInt(25) == 0) {
      fields.remove(r.nextInt(fields.size()));
    }
    if (r.nextInt(30) == 0) {
      fields.add("\"id\":\"again\"");
    }
    if (r.nextInt(30) == 0) {
      fields.set(0, "\"id\":\" \"");
    }
    Collections.shuffle(fields, r);
    String lead = r.nextInt(10) == 0 ? " " : "";
    String trail = r.nextInt(10) == 0 ? "\t" : "";
    return lead + "{" + sp + String.join("," + sp, fields) + sp + "}" + trail;
  }

  private static byte[] bad(Random r) {
    switch (r.nextInt(7)) {
      case 0:
        return "{".getBytes(StandardCharsets.UTF_8);
      case 1:
        return "not json".getBytes(StandardCharsets.UTF_8);
      case 2:
        return new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      case 3:
        return ("{\"id\":\"s\",\"customer\":\"" + new String(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            StandardCharsets.ISO_8859_1) + "\"}").getBytes(StandardCharsets.ISO_8859_1);
      case 4:
        return "[1,2]".getBytes(StandardCharsets.UTF_8);
      case 5:
        return "{\"id\":\"x\",\"customer\":\"c\",\"event_type\":\"t\",\"timestamp\":\"2026-10-03T10:15:30Z\"} x"
            .getBytes(StandardCharsets.UTF_8);
      default:
        return "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }
}
