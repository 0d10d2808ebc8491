package dev.billwright.metering;

import dev.billwright.error.BillingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads usage events from NDJSON: one JSON object per line in the form of
 * {@link UsageEventJson} (plan-format.md "Usage event"), UTF-8. Blank lines are not records and
 * are passed over, and a leading byte order mark is ignored; every other line is an event or a
 * rejected line. An error message reads
 * {@code events.ndjson line 12: at $.timestamp: got ..., expected ...}.
 *
 * <p>Limits, so that one line can cost neither the others nor the heap: a line holds at most
 * 1 MiB (1,048,576 bytes of UTF-8, or characters when read from a {@link Reader}), an event at
 * most {@link UsageEvent#MAX_PROPERTIES} properties, a number at most Jackson's default 1,000
 * characters and {@link dev.billwright.money.Decimals#checkBounds}' digits, nesting at most
 * Jackson's default depth. A line over a limit, a line that is not valid UTF-8 (each line is
 * decoded on its own, reporting malformed input) and a line that is not an event are each one
 * rejected line with its number, handled by the {@link RejectPolicy}: the lines before and after
 * it are read as usual.
 */
public final class NdjsonEventReader extends EventReader {
  private final RecordSource in;

  private NdjsonEventReader(RecordSource in, String source, RejectPolicy policy, RejectedEventSink sink) {
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
  public static NdjsonEventReader open(Path file, RejectPolicy policy, @Nullable RejectedEventSink sink) throws IOException {
    return of(Files.newInputStream(file), file.toString(), policy, sink);
  }

  /**
   * Reads UTF-8 bytes, decoding each line on its own (an invalid byte rejects only its line).
   *
   * @param bytes the NDJSON bytes, not null; closed by {@link #close()}
   * @param source the name for messages, not null
   * @param policy what to do with a bad line, not null
   * @param sink where quarantined lines go (required for QUARANTINE), may be null for FAIL_FAST
   * @return the reader, never null
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  public static NdjsonEventReader of(InputStream bytes, String source, RejectPolicy policy, @Nullable RejectedEventSink sink) {
    return new NdjsonEventReader(RecordSource.bytes(bytes, false), source, policy, sink);
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
  public static NdjsonEventReader of(Reader reader, String source, RejectPolicy policy, @Nullable RejectedEventSink sink) {
    return new NdjsonEventReader(RecordSource.chars(reader, false), source, policy, sink);
  }

  @Override
  protected Record readRecord() throws IOException {
    RecordSource.Chunk chunk;
    do {
      chunk = in.next();
      if (chunk == null) {
        return null;
      }
    } while (chunk.problem() == null && chunk.text().isBlank());
    long line = chunk.line();
    if (chunk.problem() != null) {
      return new Record(line, chunk.text(), null, lineError(line, chunk.problem(), null));
    }
    try {
      return new Record(line, chunk.text(), UsageEventJson.parseLine(chunk.text()), null);
    } catch (BillingException e) {
      return new Record(line, chunk.text(), null, lineError(line, e.getMessage(), e));
    }
  }

  /**
   * Returns the number of lines read so far (including blank and rejected lines).
   *
   * @return the count
   */
  public long linesRead() {
    return in.linesRead();
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
