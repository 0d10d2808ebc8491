package dev.billwright.testkit.conformance;

import java.util.List;

/**
 * The outcomes of a conformance run, in the order the cases ran.
 *
 * @param outcomes one outcome per case file (copied)
 */
public record ConformanceResult(List<CaseOutcome> outcomes) {
  /**
   * Copies the outcomes.
   *
   * @param outcomes the outcomes, not null
   */
  public ConformanceResult {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * Returns the number of cases with the given status.
   *
   * @param status the status, not null
   * @return the count, zero or more
   */
  public int count(CaseOutcome.Status status) {
    return (int) outcomes.stream().filter(o -> o.status() == status).count();
  }

  /**
   * Returns the process exit code of the run.
   *
   * @return 0 when no case failed, else 1
   */
  public int exitCode() {
    return count(CaseOutcome.Status.FAIL) == 0 ? 0 : 1;
  }

  /**
   * Returns the summary line: {@code N passed, M failed}, followed by {@code , K skipped} when
   * some cases were skipped.
   *
   * @return the summary line
   */
  public String summary() {
    int skipped = count(CaseOutcome.Status.SKIP);
    return count(CaseOutcome.Status.PASS) + " passed, " + count(CaseOutcome.Status.FAIL) + " failed"
        + (skipped > 0 ? ", " + skipped + " skipped" : "");
  }
}
