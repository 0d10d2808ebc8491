package dev.billwright.testkit.conformance;

import dev.billwright.json.JsonObjectReader;
import java.util.List;

/**
 * One {@code kind} of conformance case ({@code price}, {@code invoice}, {@code gst}), as defined
 * by the conformance format (docs/conformance.md): it reads a case's configuration and input,
 * computes the result through Billwright's public API and compares it with the case's
 * {@code expected} block.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface CaseKind {
  /**
   * Returns the value of the case's {@code kind} field this implementation runs.
   *
   * @return the kind, such as {@code price}, never null
   */
  String kind();

  /**
   * Runs one case. The reader is positioned on the case's root object; the fields {@code id},
   * {@code source} and {@code kind} are already read. The implementation reads every other field
   * it knows (so unknown fields fail through {@link JsonObjectReader#end()}, which the runner
   * calls afterwards).
   *
   * @param testCase the case, not null
   * @return the mismatches between expected and actual values; empty when the case passes
   * @throws dev.billwright.error.BillingException if the case is malformed or the calculation
   *     rejects its input (the runner reports this as a failure, unless the case expects an error)
   */
  List<Mismatch> run(JsonObjectReader testCase);

  /**
   * One expected value that was not met.
   *
   * @param field the expected field, such as {@code amount} or {@code lines.compute}
   * @param expected the expected value as written in the case
   * @param actual the value Billwright computed
   */
  record Mismatch(String field, String expected, String actual) {
    @Override
    public String toString() {
      return field + ": expected " + expected + ", got " + actual;
    }
  }
}
