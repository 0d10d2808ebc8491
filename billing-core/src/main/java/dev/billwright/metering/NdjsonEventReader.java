package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads usage events from NDJSON: one JSON object per line in the form of
 * {@link UsageEventJson} (plan-format.md "Usage event"), UTF-8. Blank lines are not records and
 * are passed over, and a leading byte order mark in a file opened with {@link #open} is
 * ignored; every other line is an event or a rejected line. An error message reads
 * {@code events.ndjson line 12: at $.timestamp: got ..., expected ...}.
 */
public final class NdjsonEventReader extends EventReader {
  private final BufferedReader in;
  private long line;

  private NdjsonEventReader(BufferedReader in, String source, RejectPolicy policy, RejectedEventSink sink) {
    super(source, policy, sink);
    this.in = in;
  }

  /**
   * Opens a file.
   *
   * @param file the NDJSON file, UTF-8, not null
   * @param policy what to do with a bad line, not null
   * @param sink where quarantined lines go (required for QUARANTINE), may be null for FAIL_FAST
   * @return the reader, never null; close it
   * @throws IOException if the file cannot be opened
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  public static NdjsonEventReader open(Path file, RejectPolicy policy, RejectedEventSink sink) throws IOException {
    return new NdjsonEventReader(new BufferedReader(skipByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8))),
        file.toString(), policy, sink);
  }

  /**
   * Reads from a character stream.
   *
   * @param reader the text, not null; closed by {@link #close()}
   * @param source the name for messages, not null
   * @param policy what to do with a bad line, not null
   * @param sink where quarantined lines go (required for QUARANTINE), may be null for FAIL_FAST
   * @return the reader, never null
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  public static NdjsonEventReader of(Reader reader, String source, RejectPolicy policy, RejectedEventSink sink) {
    Objects.requireNonNull(reader, "reader");
    BufferedReader b = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
    return new NdjsonEventReader(b, source, policy, sink);
  }

  @Override
  protected Record readRecord() throws IOException {
    String text;
    do {
      text = in.readLine();
      if (text == null) {
        return null;
      }
      line++;
    } while (text.isBlank());
    try {
      return new Record(line, text, UsageEventJson.read(JsonObjectReader.root(Json.parse(text, "JSON"), "")), null);
    } catch (BillingException e) {
      return new Record(line, text, null, lineError(line, e.getMessage(), e));
    }
  }

  /**
   * Returns the number of lines read so far (including blank and rejected lines).
   *
   * @return the count
   */
  public long linesRead() {
    return line;
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
