package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads usage events from CSV (RFC 4180, UTF-8, read with Apache Commons CSV).
 *
 * <p>The first row is a header. The columns {@code id}, {@code customer}, {@code event_type} and
 * {@code timestamp} are required, {@code subscription} is optional (an empty cell means none);
 * every other column is a property, named by its header, whose cell is the value as written
 * (an empty cell means the event does not carry that property). Timestamps are ISO-8601 with an
 * offset. A leading byte order mark is ignored. Header names must be distinct and non-blank; a header without a required column is an
 * error at line 1 under any policy. A record with a different number of cells than the header,
 * or with a bad value, is a bad record handled by the {@link RejectPolicy}. A structural error
 * (an unterminated quote) cannot be resynchronised and is always thrown. Line numbers are those
 * of the file (a quoted cell may span lines; the record's first line is named).
 */
public final class CsvEventReader extends EventReader {
  private static final Set<String> RESERVED = Set.of("id", "customer", "subscription", "event_type", "timestamp");
  private static final List<String> REQUIRED = List.of("id", "customer", "event_type", "timestamp");

  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;

  private CsvEventReader(Reader reader, String source, RejectPolicy policy, RejectedEventSink sink) throws IOException {
    super(source, policy, sink);
    CSVFormat format = CSVFormat.RFC4180.builder()
        .setHeader()
        .setSkipHeaderRecord(true)
        .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
        .setAllowMissingColumnNames(false)
        .setIgnoreEmptyLines(true)
        .get();
    try {
      this.parser = CSVParser.builder().setReader(skipByteOrderMark(reader)).setFormat(format).get();
    } catch (IllegalArgumentException e) {
      reader.close();
      throw new BillingException(ErrorCode.INVALID_EVENT, source + " line 1: invalid header: " + e.getMessage(), e);
    }
    this.header = parser.getHeaderNames();
    for (String required : REQUIRED) {
      if (!header.contains(required)) {
        parser.close();
        throw new BillingException(ErrorCode.INVALID_EVENT, source + " line 1: header " + header
            + " lacks the required column '" + required + "' (required: " + REQUIRED + ")");
      }
    }
    this.records = parser.iterator();
  }

  /**
   * Opens a file and reads its header.
   *
   * @param file the CSV file, UTF-8, not null
   * @param policy what to do with a bad record, not null
   * @param sink where quarantined records go (required for QUARANTINE), may be null for FAIL_FAST
   * @return the reader, never null; close it
   * @throws IOException if the file cannot be read
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} if the header is invalid
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  public static CsvEventReader open(Path file, RejectPolicy policy, RejectedEventSink sink) throws IOException {
    return new CsvEventReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(), policy, sink);
  }

  /**
   * Reads from a character stream and reads its header.
   *
   * @param reader the text, not null; closed by {@link #close()}
   * @param source the name for messages, not null
   * @param policy what to do with a bad record, not null
   * @param sink where quarantined records go (required for QUARANTINE), may be null for FAIL_FAST
   * @return the reader, never null
   * @throws IOException if the text cannot be read
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} if the header is invalid
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  public static CsvEventReader of(Reader reader, String source, RejectPolicy policy, RejectedEventSink sink)
      throws IOException {
    return new CsvEventReader(Objects.requireNonNull(reader, "reader"), source, policy, sink);
  }

  @Override
  protected Record readRecord() throws IOException {
    long line = parser.getCurrentLineNumber() + 1;
    CSVRecord record;
    try {
      if (!records.hasNext()) {
        return null;
      }
      record = records.next();
    } catch (UncheckedIOException e) {
      throw new BillingException(ErrorCode.INVALID_EVENT,
          source() + " line " + line + ": malformed CSV, cannot continue: " + e.getMessage(), e);
    }
    String content = String.join(",", record.values());
    if (!record.isConsistent()) {
      return new Record(line, content, null,
          lineError(line, "expected " + header.size() + " cells as in the header, got " + record.size(), null));
    }
    try {
      return new Record(line, content, toEvent(record, line), null);
    } catch (BillingException e) {
      return new Record(line, content, null, e);
    }
  }

  private UsageEvent toEvent(CSVRecord record, long line) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      String value = record.get(i);
      if (!RESERVED.contains(name) && !value.isEmpty()) {
        properties.put(name, value);
      }
    }
    String ts = record.get("timestamp");
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      throw lineError(line, "field 'timestamp': got '" + ts + "', expected an ISO-8601 date-time with offset, "
          + "such as 2026-10-03T10:15:30.123Z", e);
    }
    String subscription = header.contains("subscription") ? record.get("subscription") : null;
    try {
      return UsageEvent.of(record.get("id"), record.get("customer"), subscription, record.get("event_type"),
          timestamp, properties);
    } catch (BillingException e) {
      throw lineError(line, e.getMessage(), e);
    }
  }

  /**
   * Closes the parser and the underlying reader.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    parser.close();
  }
}
