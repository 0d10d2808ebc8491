package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.examples.data.Dataset;
import dev.billwright.examples.data.OtpEventGenerator;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bill of an NDJSON file read on every core equals the bill of the same file read in order
 * by one {@code NdjsonEventReader} (the path before the parallel one): the same invoices, credit
 * notes, wallet log, usage (quantities, statistics, duplicates, late, unclaimed, conflicts) and
 * events per day. Files are the bundled otp-india month with generated changes: extra exact
 * duplicates, late copies, unicode and decimal properties, blank lines, CR LF endings, and (for
 * some seeds) conflicting copies of an id, which send the file to the sequential read.
 */
class ParallelBillTest {
  @TempDir
  Path dir;

  @Test
  void theParallelBillEqualsTheSequentialOne() {
    qt().withExamples(4).forAll(longs().all()).checkAssert(seed -> {
      try {
        Path file = dir.resolve("events-" + Long.toHexString(seed) + ".ndjson");
        write(file, new Random(seed), 60_000, seed % 2 == 0);
        compare(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Test
  void aBadLineFailsTheBillWithTheSameMessageAndLine() throws IOException {
    Path file = dir.resolve("bad.ndjson");
    write(file, new Random(7), 30_000, false);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(20_000, "{\"id\":\"bad\",\"customer\":\"cus_paysetu\"}");
    lines.add(25_000, "not json");
    Files.write(file, lines);
    String sequential = null;
    try {
      run(file, true);
    } catch (BillingException e) {
      sequential = e.getMessage();
    }
    assertThat(sequential).contains("line 20001");
    assertThatThrownBy(() -> run(file, false)).isInstanceOf(BillingException.class).hasMessage(sequential);
  }

  private static void compare(Path file) {
    MonthRun.Outcome seq = run(file, true);
    MonthRun.Outcome par = run(file, false);
    assertThat(invoices(par.invoices)).isEqualTo(invoices(seq.invoices));
    assertThat(invoices(par.drafts)).isEqualTo(invoices(seq.drafts));
    assertThat(par.creditNotes.stream().map(cn -> CreditNoteJson.write(cn).toString()).toList())
        .isEqualTo(seq.creditNotes.stream().map(cn -> CreditNoteJson.write(cn).toString()).toList());
    assertThat(par.walletLog).isEqualTo(seq.walletLog);
    assertThat(par.alerts).isEqualTo(seq.alerts);
    assertThat(par.aggregation).isEqualTo(seq.aggregation);
    assertThat(par.eventsByDay).isEqualTo(seq.eventsByDay);
    assertThat(par.eventsFromSource).isEqualTo(seq.eventsFromSource);
    assertThat(par.failures).isEqualTo(seq.failures);
    assertThat(seq.invoices).isNotEmpty();
  }

  private static List<String> invoices(List<Invoice> list) {
    return list.stream().map(i -> InvoiceJson.write(i).toString()).toList();
  }

  private static MonthRun.Outcome run(Path file, boolean sequential) {
    MonthRun.Options o = new MonthRun.Options();
    o.data = Dataset.bundled("otp-india");
    o.eventsFile = file;
    o.sequentialReader = sequential;
    o.eventsByDay = true;
    return MonthRun.run(o);
  }

  /** The month's generated events, changed by the seed's random choices. */
  private static void write(Path file, Random r, int count, boolean conflicts) throws IOException {
    Dataset data = Dataset.bundled("otp-india");
    OtpEventGenerator events = new OtpEventGenerator(data, count, r.nextLong());
    List<UsageEvent> earlier = new ArrayList<>();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (events.hasNext()) {
        UsageEvent e = events.next();
        int k = r.nextInt(1000);
        if (k < 5) {
          e = e.withProperties(Map.of("country", "नमस्ते", "channel", "sms", "status", "delivered"));
        } else if (k < 10) {
          e = e.withProperties(Map.of("country", "IN", "channel", "sms", "status", "delivered", "units", "1.50"));
        }
        w.write(UsageEventJson.toLine(e));
        w.write(k == 11 ? "\r\n" : "\n");
        if (k == 12) {
          w.write("   \n");
        }
        if (k < 30 && !earlier.isEmpty()) {
          UsageEvent again = earlier.get(r.nextInt(earlier.size()));
          if (conflicts && k < 2) {
            again = again.withTimestamp(again.timestamp().plusSeconds(1)); // same id, other content
          } else if (k < 20) {
            again = again.withTimestamp(again.timestamp().minus(java.time.Duration.ofDays(40))).withId(again.id() + "-late");
          }
          w.write(UsageEventJson.toLine(again));
          w.write('\n');
        }
        if (earlier.size() < 5000) {
          earlier.add(e);
        } else {
          earlier.set(r.nextInt(5000), e);
        }
      }
    }
  }
}
