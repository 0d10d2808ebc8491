package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jspecify.annotations.Nullable;

/**
 * Reads usage events from CSV (RFC 4180, UTF-8, cells read with Apache Commons CSV).
 *
 * <p>The first row is a header. The columns {@code id}, {@code customer}, {@code event_type} and
 * {@code timestamp} are required, {@code subscription} is optional (an empty cell means none);
 * every other column is a property, named by its header, whose cell is the value as written
 * (an empty cell means the event does not carry that property). Timestamps are ISO-8601 with an
 * offset, within {@link UsageEvent#MIN_TIMESTAMP} and {@link UsageEvent#MAX_TIMESTAMP}. A leading
 * byte order mark is ignored, and so are empty lines. Header names must be distinct and
 * non-blank; a bad header, or one without a required column, is an error at its line under any
 * policy.
 *
 * <p>Every other record is read on its own, so a bad one costs no other: a record with a
 * different number of cells than the header, a bad value, malformed quoting (text after a
 * closing quote; a quote never closed, which runs to the end of the file), invalid UTF-8 (each
 * record is decoded on its own, reporting malformed input) or more than 1 MiB (1,048,576 bytes,
 * or characters when read from a {@link Reader}; a quoted cell may span lines, and the limit is
 * on the whole record) is a bad record handled by the {@link RejectPolicy}. Line numbers are
 * those of the file: a record is named by its first line, blank lines counted.
 */
public final class CsvEventReader extends EventReader {
  private static final Set<String> RESERVED = Set.of("id", "customer", "subscription", "event_type", "timestamp");
  private static final List<String> REQUIRED = List.of("id", "customer", "event_type", "timestamp");
  private static final CSVFormat HEADER_FORMAT = CSVFormat.RFC4180.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
      .setAllowMissingColumnNames(false)
      .get();
  private static final CSVFormat RECORD_FORMAT = CSVFormat.RFC4180;

  private final RecordSource in;
  private final List<String> header;
  private final int timestampColumn;
  private final int subscriptionColumn;
  private final int[] propertyColumns;

  private CsvEventReader(RecordSource in, String source, RejectPolicy policy, RejectedEventSink sink) throws IOException {
    super(source, policy, sink);
    this.in = in;
    try {
      RecordSource.Chunk first;
      do {
        first = in.next();
      } while (first != null && first.problem() == null && first.text().isEmpty());
      long line = first == null ? 1 : first.line();
      if (first != null && first.problem() != null) {
        throw new BillingException(ErrorCode.INVALID_EVENT, source + " line " + line + ": invalid header: "
            + first.problem());
      }
      this.header = first == null ? List.of() : headerOf(first.text(), source, line);
      for (String required : REQUIRED) {
        if (!header.contains(required)) {
          throw new BillingException(ErrorCode.INVALID_EVENT, source + " line " + line + ": header " + header
              + " lacks the required column '" + required + "' (required: " + REQUIRED + ")");
        }
      }
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    this.timestampColumn = header.indexOf("timestamp");
    this.subscriptionColumn = header.indexOf("subscription");
    this.propertyColumns = java.util.stream.IntStream.range(0, header.size())
        .filter(i -> !RESERVED.contains(header.get(i))).toArray();
  }

  private static List<String> headerOf(String text, String source, long line) {
    try (CSVParser parser = CSVParser.parse(text, HEADER_FORMAT)) {
      return List.copyOf(parser.getHeaderNames());
    } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
      throw new BillingException(ErrorCode.INVALID_EVENT, source + " line " + line + ": invalid header: " + e.getMessage(), e);
    }
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
  public static CsvEventReader open(Path file, RejectPolicy policy, @Nullable RejectedEventSink sink) throws IOException {
    return of(Files.newInputStream(file), file.toString(), policy, sink);
  }

  /**
   * Reads UTF-8 bytes, decoding each record on its own (an invalid byte rejects only its record),
   * and reads the header.
   *
   * @param bytes the CSV bytes, not null; closed by {@link #close()}
   * @param source the name for messages, not null
   * @param policy what to do with a bad record, not null
   * @param sink where quarantined records go (required for QUARANTINE), may be null for FAIL_FAST
   * @return the reader, never null
   * @throws IOException if the bytes cannot be read
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} if the header is invalid
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  public static CsvEventReader of(InputStream bytes, String source, RejectPolicy policy, @Nullable RejectedEventSink sink)
      throws IOException {
    return new CsvEventReader(RecordSource.bytes(bytes, true), source, policy, sink);
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
  public static CsvEventReader of(Reader reader, String source, RejectPolicy policy, @Nullable RejectedEventSink sink)
      throws IOException {
    return new CsvEventReader(RecordSource.chars(reader, true), source, policy, sink);
  }

  @Override
  protected Record readRecord() throws IOException {
    RecordSource.Chunk chunk;
    do {
      chunk = in.next();
      if (chunk == null) {
        return null;
      }
    } while (chunk.problem() == null && chunk.text().isEmpty());
    long line = chunk.line();
    String content = chunk.text();
    if (chunk.problem() != null) {
      return new Record(line, content, null, lineError(line, chunk.problem(), null));
    }
    List<CSVRecord> records;
    try (CSVParser parser = CSVParser.parse(content, RECORD_FORMAT)) {
      records = parser.getRecords();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return new Record(line, content, null, lineError(line, "malformed CSV record: " + e.getMessage(), e));
    }
    if (records.size() != 1) {
      return new Record(line, content, null, lineError(line, "malformed CSV record: got " + records.size()
          + " records, expected one", null));
    }
    CSVRecord record = records.get(0);
    if (record.size() != header.size()) {
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
    for (int i : propertyColumns) {
      String value = record.get(i);
      if (!value.isEmpty()) {
        properties.put(header.get(i), value);
      }
    }
    String ts = record.get(timestampColumn);
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      String shown = ts.length() <= 40 ? ts : ts.substring(0, 37) + "...";
      throw lineError(line, "field 'timestamp': got '" + shown + "', expected an ISO-8601 date-time with offset, "
          + "such as 2026-10-03T10:15:30.123Z", e);
    }
    String subscription = subscriptionColumn >= 0 ? record.get(subscriptionColumn) : null;
    try {
      return UsageEvent.of(record.get(header.indexOf("id")), record.get(header.indexOf("customer")), subscription,
          record.get(header.indexOf("event_type")), timestamp, properties);
    } catch (BillingException e) {
      throw lineError(line, e.getMessage(), e);
    }
  }

  /**
   * Closes the underlying reader.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
