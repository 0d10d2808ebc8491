package dev.billwright.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GstCaseKindTest {

  static final Path DIR = Path.of("..", "conformance", "gst");

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  static List<CaseKind.Mismatch> run(ObjectNode node) {
    JsonObjectReader reader = JsonObjectReader.root(node, "case");
    assertThat(reader.text("kind")).isEqualTo("gst");
    assertThat(reader.text("source")).isNotBlank();
    reader.markRead("id", "note", "derived"); // the runner reads these documentation fields
    List<CaseKind.Mismatch> result = new GstCaseKind().run(reader);
    reader.end();
    return result;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void casePasses(Path file) {
    assertThat(run((ObjectNode) Json.readFile(file))).as(file.toString()).isEmpty();
  }

  @Test
  void atLeastTenCasesIncludingTheStarters() throws IOException {
    assertThat(cases().map(p -> p.getFileName().toString()))
        .contains("gst-intra-b2b.json", "gst-inter-b2b.json").hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void reportsAWrongExpectation() {
    ObjectNode node = (ObjectNode) Json.readFile(DIR.resolve("gst-inter-paise.json"));
    ((ObjectNode) node.get("expected")).put("igst", "1.84");
    assertThat(run(node)).extracting(CaseKind.Mismatch::toString).containsExactly("igst: expected 1.84, got 1.85");
  }

  @Test
  void rejectsUnknownFields() {
    ObjectNode node = (ObjectNode) Json.readFile(DIR.resolve("gst-inter-paise.json"));
    ((ObjectNode) node.get("expected")).put("vat", "1");
    assertThatThrownBy(() -> run(node)).isInstanceOf(BillingException.class).hasMessageContaining("vat");
  }
}
