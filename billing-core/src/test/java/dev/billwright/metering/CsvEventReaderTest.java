package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvEventReaderTest {
  private static final String HEADER = "id,customer,subscription,event_type,timestamp,country,units\n";

  private static List<UsageEvent> readAll(EventReader r) {
    List<UsageEvent> out = new ArrayList<>();
    r.forEachRemaining(out::add);
    return out;
  }

  @Test
  void otherColumnsAreProperties(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.csv");
    Files.writeString(file, HEADER
        + "e1,cus_1,sub_1,otp.sent,2026-10-03T10:15:30Z,IN,1.50\n"
        + "e2,cus_1,,otp.sent,2026-10-03T15:45:30+05:30,,2\n");
    try (CsvEventReader r = CsvEventReader.open(file, RejectPolicy.FAIL_FAST, null)) {
      List<UsageEvent> events = readAll(r);
      assertThat(events).containsExactly(
          UsageEvent.of("e1", "cus_1", "sub_1", "otp.sent", Instant.parse("2026-10-03T10:15:30Z"),
              Map.of("country", "IN", "units", "1.50")),
          UsageEvent.of("e2", "cus_1", null, "otp.sent", Instant.parse("2026-10-03T10:15:30Z"), Map.of("units", "2")));
    }
  }

  @Test
  void aByteOrderMarkIsIgnored() throws IOException {
    try (CsvEventReader r = CsvEventReader.of(new StringReader("\uFEFFid,customer,event_type,timestamp\n"
        + "e1,cus_1,t,2026-10-03T10:15:30Z\n"), "bom.csv", RejectPolicy.FAIL_FAST, null)) {
      assertThat(readAll(r)).extracting(UsageEvent::id).containsExactly("e1");
    }
  }

  @Test
  void subscriptionColumnIsOptional() throws IOException {
    try (CsvEventReader r = CsvEventReader.of(new StringReader("id,customer,event_type,timestamp\n"
        + "e1,cus_1,t,2026-10-03T10:15:30Z\n"), "x.csv", RejectPolicy.FAIL_FAST, null)) {
      assertThat(readAll(r)).hasSize(1).allSatisfy(e -> assertThat(e.subscription()).isEmpty());
    }
  }

  @Test
  void failFastNamesFileLineAndField() throws IOException {
    CsvEventReader r = CsvEventReader.of(new StringReader(HEADER
        + "e1,cus_1,,t,2026-10-03T10:15:30Z,IN,1\n"
        + "e2,cus_1,,t,03/10/2026,IN,1\n"), "events.csv", RejectPolicy.FAIL_FAST, null);
    assertThat(r.next().id()).isEqualTo("e1");
    assertThatThrownBy(r::next)
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT))
        .hasMessageStartingWith("events.csv line 3: ")
        .hasMessageContaining("'timestamp'").hasMessageContaining("03/10/2026");
  }

  @Test
  void quarantineReportsLinesEvenAfterAMultiLineCell() throws IOException {
    List<RejectedLine> rejected = new ArrayList<>();
    CsvEventReader r = CsvEventReader.of(new StringReader(HEADER
        + "e1,cus_1,,t,2026-10-03T10:15:30Z,\"two\nlines\",1\n"    // lines 2-3
        + "e2,cus_1,,t,2026-10-03T10:15:30Z,IN\n"                  // line 4: a cell short
        + ",cus_1,,t,2026-10-03T10:15:30Z,IN,1\n"                  // line 5: blank id
        + "e4,cus_1,,t,2026-10-03T10:15:30Z,IN,1\n"), "events.csv", RejectPolicy.QUARANTINE, rejected::add);
    List<UsageEvent> events = readAll(r);
    assertThat(events).extracting(UsageEvent::id).containsExactly("e1", "e4");
    assertThat(events.get(0).property("country")).isEqualTo("two\nlines");
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(4L, 5L);
    assertThat(rejected.get(0).error().getMessage()).startsWith("events.csv line 4: ").contains("7 cells");
    assertThat(rejected.get(1).error().getMessage()).startsWith("events.csv line 5: ").contains("id");
  }

  @Test
  void aHeaderWithoutARequiredColumnFailsAtLineOne() {
    assertThatThrownBy(() -> CsvEventReader.of(new StringReader("id,customer,timestamp\n"), "h.csv",
        RejectPolicy.QUARANTINE, x -> { }))
        .isInstanceOf(BillingException.class).hasMessageStartingWith("h.csv line 1: ").hasMessageContaining("event_type");
    assertThatThrownBy(() -> CsvEventReader.of(new StringReader("id,customer,event_type,timestamp,id\n"), "h.csv",
        RejectPolicy.FAIL_FAST, null))
        .isInstanceOf(BillingException.class).hasMessageStartingWith("h.csv line 1: ");
  }

  @Test
  void anUnterminatedQuoteRejectsItsRecordWhichRunsToTheEnd() throws IOException {
    // the quote opened on line 3 never closes: lines 3-4 are one record, rejected; line 2 counts
    String text = HEADER + "e1,cus_1,,t,2026-10-03T10:15:30Z,IN,1\n"
        + "e2,cus_1,,t,2026-10-03T10:15:30Z,\"IN,1\ne3,cus_1,,t,2026-10-03T10:15:30Z,IN,1\n";
    List<RejectedLine> rejected = new ArrayList<>();
    CsvEventReader r = CsvEventReader.of(new StringReader(text), "q.csv", RejectPolicy.QUARANTINE, rejected::add);
    assertThat(readAll(r)).extracting(UsageEvent::id).containsExactly("e1");
    assertThat(rejected).singleElement().satisfies(l -> {
      assertThat(l.line()).isEqualTo(3);
      assertThat(l.error().getMessage()).startsWith("q.csv line 3: malformed CSV record");
    });
    CsvEventReader failing = CsvEventReader.of(new StringReader(text), "q.csv", RejectPolicy.FAIL_FAST, null);
    assertThat(failing.next().id()).isEqualTo("e1");
    assertThatThrownBy(failing::hasNext).isInstanceOf(BillingException.class).hasMessageStartingWith("q.csv line 3: ");
  }

  @Test
  void textAfterAClosingQuoteRejectsOnlyItsRecord() throws IOException {
    List<RejectedLine> rejected = new ArrayList<>();
    CsvEventReader r = CsvEventReader.of(new StringReader(HEADER
        + "e1,cus_1,,t,2026-10-03T10:15:30Z,\"IN\"x,1\n"
        + "e2,cus_1,,t,2026-10-03T10:15:30Z,\"I\"\"N\",1\n"), "q.csv", RejectPolicy.QUARANTINE, rejected::add);
    assertThat(readAll(r)).singleElement().satisfies(e -> assertThat(e.property("country")).isEqualTo("I\"N"));
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(2L);
  }

  @Test
  void errorsAfterBlankLinesNameTheRecordsOwnLine() throws IOException {
    // issue 13 item 12: the line was counted from the end of the previous record, blank lines
    // included, so the error named a blank line
    List<RejectedLine> rejected = new ArrayList<>();
    CsvEventReader r = CsvEventReader.of(new StringReader(HEADER
        + "e1,cus_1,,t,2026-10-03T10:15:30Z,IN,1\n"     // line 2
        + "\n\n"                                        // lines 3-4
        + "e2,cus_1,,t,yesterday,IN,1\r\n"              // line 5
        + "\r\n\r\n\r\n"                              // lines 6-8
        + "e3,cus_1,,t,2026-10-03T10:15:30Z,IN\n"       // line 9
        + "\n"                                         // line 10
        + "e4,cus_1,,t,2026-10-03T10:15:30Z,\"a\n\nb\",1\n"  // lines 11-13
        + "\n"                                         // line 14
        + "e5,cus_1,,t,never,IN,1\n"), "b.csv", RejectPolicy.QUARANTINE, rejected::add);   // line 15
    assertThat(readAll(r)).extracting(UsageEvent::id).containsExactly("e1", "e4");
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(5L, 9L, 15L);
    assertThat(rejected.get(0).error().getMessage()).startsWith("b.csv line 5: ").contains("yesterday");
    assertThat(rejected.get(2).error().getMessage()).startsWith("b.csv line 15: ").contains("never");
    assertThatThrownBy(() -> readAll(CsvEventReader.of(new StringReader(HEADER + "\n\n\ne1,cus_1,,t,x,IN,1\n"),
        "b.csv", RejectPolicy.FAIL_FAST, null))).hasMessageStartingWith("b.csv line 5: ");
  }

  @Test
  void aLongBadTimestampIsAbbreviatedInTheMessage() throws IOException {
    List<RejectedLine> rejected = new ArrayList<>();
    readAll(CsvEventReader.of(new StringReader(HEADER + "e1,cus_1,,t,2026" + "9".repeat(100_000) + ",IN,1\n"), "t.csv",
        RejectPolicy.QUARANTINE, rejected::add));
    assertThat(rejected).singleElement().satisfies(l -> assertThat(l.error().getMessage())
        .startsWith("t.csv line 2: field 'timestamp': got '20269").contains("...").hasSizeLessThan(300));
  }
}
