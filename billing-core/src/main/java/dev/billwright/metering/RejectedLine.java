package dev.billwright.metering;

import dev.billwright.error.BillingException;
import java.util.Objects;

/**
 * A line of an event file that could not be read as an event.
 *
 * @param source the file name (or source name), not null
 * @param line the 1-based line number where the record starts
 * @param content the raw text of the record (for CSV all its lines, without the last line
 *     terminator); for a record over the size limit or not valid UTF-8, its first 200 characters
 *     (invalid bytes shown as U+FFFD), not null
 * @param error the error naming file, line and field, not null
 */
public record RejectedLine(String source, long line, String content, BillingException error) {
  /**
   * Validates.
   *
   * @param source the file name (or source name), not null
   * @param line the 1-based line number where the record starts
   * @param content the raw text of the record, or its first 200 characters (see above), not null
   * @param error the error naming file, line and field, not null
   * @throws NullPointerException if a component is null
   */
  public RejectedLine {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(error, "error");
  }
}
