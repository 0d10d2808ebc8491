package dev.billwright.testkit.conformance;

import java.nio.file.Path;

/**
 * The outcome of one conformance case.
 *
 * @param file the case file
 * @param id the case's {@code id} (the file name when the case could not be read)
 * @param status pass, fail or skip
 * @param message why it failed or was skipped; empty when it passed
 */
public record CaseOutcome(Path file, String id, Status status, String message) {
  /** What happened to a case. */
  public enum Status {
    /** Every expected value was met. */
    PASS,
    /** An expected value was not met, or the case could not be read or run. */
    FAIL,
    /** No {@link CaseKind} handles the case's {@code kind}. */
    SKIP
  }

  /**
   * Returns the line the runner prints: {@code PASS id}, {@code FAIL id: message} or
   * {@code SKIP id: message}.
   *
   * @return the report line
   */
  public String line() {
    return status == Status.PASS ? "PASS " + id : status + " " + id + ": " + message;
  }
}
