package dev.billwright.testkit.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the repository's conformance cases (../conformance) in mvn verify. */
class ConformanceSuiteTest {
  @TestFactory
  Stream<DynamicTest> repositoryCases() {
    return ConformanceTests.of(List.of(new PriceCaseKind(), new GstCaseKind(), new InvoiceCaseKind(), new ScenarioCaseKind()), Path.of("..", "conformance"));
  }
}
