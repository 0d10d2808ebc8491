package dev.billwright.testkit.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns conformance case files into JUnit 5 dynamic tests, one per case, for a
 * {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conformance() {
 *   return ConformanceTests.of(List.of(new PriceCaseKind()), Path.of("../conformance"));
 * }
 * }</pre>
 *
 * A failing case fails its test with the runner's message; a case of an unknown kind is
 * reported as aborted (skipped).
 */
public final class ConformanceTests {
  private ConformanceTests() {}

  /**
   * Returns one dynamic test per case file under the directories, named by file.
   *
   * @param kinds the case kinds to run, not null
   * @param directories the directories to search; they must exist
   * @return the tests, in the runner's deterministic order
   * @throws IllegalArgumentException if a directory does not exist (so a wrong path cannot make
   *     the suite pass with zero cases)
   */
  public static Stream<DynamicTest> of(List<? extends CaseKind> kinds, Path... directories) {
    for (Path dir : directories) {
      if (!Files.exists(dir)) {
        throw new IllegalArgumentException("no conformance directory " + dir.toAbsolutePath());
      }
    }
    ConformanceRunner runner = new ConformanceRunner(kinds, null);
    List<Path> files = ConformanceRunner.discover(List.of(directories));
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no *.json case under " + List.of(directories));
    }
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
      CaseOutcome outcome = runner.runCase(file);
      Assumptions.assumeFalse(outcome.status() == CaseOutcome.Status.SKIP, outcome::line);
      if (outcome.status() == CaseOutcome.Status.FAIL) {
        Assertions.fail(outcome.line() + " (" + file + ")");
      }
    }));
  }
}
