package dev.billwright.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {
  @TempDir Path dir;

  private static String priceCase(String id, String quantity, String expected) {
    return "{\"id\":\"" + id + "\",\"source\":\"test\",\"kind\":\"price\",\"currency\":\"USD\","
        + "\"price\":{\"model\":\"per_unit\",\"unit_price\":\"2.50\"},\"quantity\":\"" + quantity
        + "\",\"rounding\":\"currency\",\"expected\":{\"amount\":\"" + expected + "\"}}";
  }

  private String run(ConformanceRunner runner, List<Path> dirs, ConformanceResult[] result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConformanceRunner printing = new ConformanceRunner(List.of(new PriceCaseKind()),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    result[0] = printing.run(dirs);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reportsPassFailAndSkipInSortedOrderWithSummaryAndExitCode() throws IOException {
    Files.writeString(dir.resolve("b.json"), priceCase("b-fails", "4", "11"));
    Files.writeString(dir.resolve("a.json"), priceCase("a-passes", "4", "10"));
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/c.json"), "{\"id\":\"c-gst\",\"source\":\"x\",\"kind\":\"gst\"}");
    Files.writeString(dir.resolve("notes.txt"), "not a case");
    ConformanceResult[] result = new ConformanceResult[1];
    String out = run(null, List.of(dir), result);
    assertThat(out.split("\\R")).containsExactly(
        "PASS a-passes",
        "FAIL b-fails: expected 11, got 10.00",
        "SKIP c-gst: unknown kind 'gst'",
        "1 passed, 1 failed, 1 skipped");
    assertThat(result[0].exitCode()).isEqualTo(1);
  }

  @Test
  void exitCodeIsZeroWhenNothingFailedAndAmountsCompareAsDecimals() throws IOException {
    Files.writeString(dir.resolve("a.json"), priceCase("a", "14", "35"));
    ConformanceResult[] result = new ConformanceResult[1];
    String out = run(null, List.of(dir), result);
    assertThat(out).isEqualTo("PASS a" + System.lineSeparator() + "1 passed, 0 failed" + System.lineSeparator());
    assertThat(result[0].exitCode()).isZero();
  }

  @Test
  void unknownFieldsAndMalformedCasesFail() throws IOException {
    Files.writeString(dir.resolve("a.json"), priceCase("a", "4", "10").replace("\"rounding\"", "\"colour\":\"red\",\"rounding\""));
    Files.writeString(dir.resolve("b.json"), "{ not json");
    Files.writeString(dir.resolve("c.json"), priceCase("c", "4", "10").replace("\"source\":\"test\",", ""));
    ConformanceResult[] result = new ConformanceResult[1];
    String out = run(null, List.of(dir), result);
    assertThat(out).contains("FAIL a: catalog.invalid_document").contains("unknown field 'colour'")
        .contains("FAIL b.json: catalog.invalid_document")
        .contains("FAIL c: catalog.invalid_document").contains("missing required field 'source'")
        .endsWith("0 passed, 3 failed" + System.lineSeparator());
    assertThat(result[0].exitCode()).isEqualTo(1);
  }

  @Test
  void expectedErrorPassesOnlyWithThatCode() throws IOException {
    String bad = "{\"id\":\"bad\",\"source\":\"t\",\"kind\":\"price\",\"currency\":\"USD\","
        + "\"price\":{\"model\":\"volume\",\"tiers\":[{\"up_to\":\"5\",\"unit_price\":\"1\"}]},"
        + "\"quantity\":\"1\",\"expected\":{\"error\":\"%s\"}}";
    Files.writeString(dir.resolve("a.json"), String.format(bad, "pricing.invalid_tiers"));
    Files.writeString(dir.resolve("b.json"), String.format(bad, "pricing.no_matrix_match").replace("\"id\":\"bad\"", "\"id\":\"bad2\""));
    ConformanceResult[] result = new ConformanceResult[1];
    String out = run(null, List.of(dir), result);
    assertThat(out).contains("PASS bad").contains("FAIL bad2: error: expected pricing.no_matrix_match, got pricing.invalid_tiers");
  }

  @Test
  void casesUnderAPendingDirectoryRunOnlyWhenThatDirectoryIsGiven() throws IOException {
    Files.writeString(dir.resolve("a.json"), priceCase("a", "4", "10"));
    Files.createDirectories(dir.resolve("scenario-pending"));
    Files.writeString(dir.resolve("scenario-pending/b.json"), priceCase("b", "4", "11"));
    assertThat(ConformanceRunner.discover(List.of(dir))).containsExactly(dir.resolve("a.json"));
    assertThat(ConformanceRunner.discover(List.of(dir.resolve("scenario-pending"))))
        .containsExactly(dir.resolve("scenario-pending/b.json"));
  }
}
