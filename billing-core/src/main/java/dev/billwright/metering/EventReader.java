package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A streaming reader of usage events from a file: an {@link Iterator} holding one record at a
 * time, so memory is constant in the number of events. A record that is not a valid event is
 * handled by the {@link RejectPolicy}: thrown ({@link RejectPolicy#FAIL_FAST}) or handed to a
 * {@link RejectedEventSink} ({@link RejectPolicy#QUARANTINE}); it is never skipped silently.
 * Close it when done. Not thread-safe.
 */
public abstract class EventReader implements Iterator<UsageEvent>, Closeable {
  private final String source;
  private final RejectPolicy policy;
  private final RejectedEventSink sink;
  private UsageEvent next;
  private boolean done;
  private long events;
  private long rejected;

  /**
   * Creates a reader.
   *
   * @param source the file name for messages, not null
   * @param policy what to do with a bad record, not null
   * @param sink where quarantined records go; required for {@link RejectPolicy#QUARANTINE}, may
   *     be null for {@link RejectPolicy#FAIL_FAST}
   * @throws IllegalArgumentException if the policy is QUARANTINE and the sink is null
   */
  protected EventReader(String source, RejectPolicy policy, @Nullable RejectedEventSink sink) {
    this.source = Objects.requireNonNull(source, "source");
    this.policy = Objects.requireNonNull(policy, "policy");
    if (policy == RejectPolicy.QUARANTINE && sink == null) {
      throw new IllegalArgumentException("QUARANTINE needs a RejectedEventSink");
    }
    this.sink = sink;
  }

  /**
   * Reads the next record.
   *
   * @return the next record, or null at the end of the file
   * @throws IOException if the file cannot be read
   */
  protected abstract @Nullable Record readRecord() throws IOException;

  /**
   * One record of the file: its line and either an event or the error that prevented one.
   *
   * @param line the 1-based line where the record starts
   * @param content the raw text, not null
   * @param event the event, or null when the record is bad
   * @param error the error, or null when the event was read
   */
  protected record Record(long line, String content, @Nullable UsageEvent event, @Nullable BillingException error) {}

  /**
   * Returns the file name used in messages.
   *
   * @return the source, never null
   */
  public String source() {
    return source;
  }

  /**
   * Builds the error for a bad record: {@code FILE line N: message}.
   *
   * @param line the 1-based line
   * @param message the detail, naming the field
   * @param cause the underlying error, may be null
   * @return the exception, with {@link ErrorCode#INVALID_EVENT}
   */
  protected BillingException lineError(long line, String message, @Nullable Throwable cause) {
    return new BillingException(ErrorCode.INVALID_EVENT, source + " line " + line + ": " + message, cause);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      Record r;
      try {
        r = readRecord();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
      }
      if (r == null) {
        done = true;
      } else if (r.event() != null) {
        next = r.event();
      } else {
        if (policy == RejectPolicy.FAIL_FAST) {
          throw r.error();
        }
        rejected++;
        sink.reject(new RejectedLine(source, r.line(), r.content(), r.error()));
      }
    }
    return next != null;
  }

  /**
   * Returns the next event.
   *
   * @return the event, never null
   * @throws NoSuchElementException at the end of the file
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} naming file, line and field for
   *     a bad record under {@link RejectPolicy#FAIL_FAST}
   * @throws UncheckedIOException if the file cannot be read
   */
  @Override
  public UsageEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("end of " + source);
    }
    UsageEvent e = next;
    next = null;
    events++;
    return e;
  }

  /**
   * Returns the number of events returned so far.
   *
   * @return the count
   */
  public long eventsRead() {
    return events;
  }

  /**
   * Returns the number of records quarantined so far.
   *
   * @return the count
   */
  public long rejectedCount() {
    return rejected;
  }

  /**
   * Returns the remaining events as a sequential stream that closes this reader when closed.
   *
   * @return the stream, never null
   */
  public Stream<UsageEvent> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(() -> {
          try {
            close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
