package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link ResultsTable} on a small JMH JSON fixture written in the shape JMH 1.37 writes
 * ({@code -rf json}): the expected ratios are worked out by hand from the fixture's scores.
 */
class ResultsTableTest {
  private static final ResultsTable.Machine MACHINE = new ResultsTable.Machine(2,
      "Test CPU @ 2.00GHz", "17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6)", "2026-11-21 06:00 UTC");

  private static JsonNode fixture() throws IOException {
    try (InputStream in = ResultsTableTest.class.getResourceAsStream("/jmh-results-fixture.json")) {
      return Json.mapper().readTree(in);
    }
  }

  private static ResultsTable.Row row(List<ResultsTable.Row> rows, String name, String params) {
    return rows.stream()
        .filter(r -> r.name().equals(name) && r.params().equals(params))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " " + params));
  }

  @Test
  void groupsRowsWithBillwrightFirstThenBaselineThenComparisons() throws IOException {
    List<ResultsTable.Row> rows = ResultsTable.rows(fixture());
    assertThat(rows).extracting(r -> r.name() + (r.params().isEmpty() ? "" : " " + r.params()))
        .containsExactly(
            "AggregationBenchmark.count",
            "AggregationBenchmark.count_baseline",
            "MoneyBenchmark.allocate parts=3",
            "MoneyBenchmark.allocate_baseline parts=3",
            "MoneyBenchmark.allocate parts=12",
            "MoneyBenchmark.allocate_baseline parts=12",
            "MoneyBenchmark.plus",
            "MoneyBenchmark.plus_baseline",
            "MoneyBenchmark.plus_moneta",
            "SoloBenchmark.solo");
  }

  @Test
  void ratioIsCostRelativeToTheBaselineWithTheSameParams() throws IOException {
    List<ResultsTable.Row> rows = ResultsTable.rows(fixture());
    // avgt: 300 / 100 and 900 / 450; params must match (not 900 / 100).
    assertThat(row(rows, "MoneyBenchmark.allocate", "parts=3").ratio()).isEqualByComparingTo("3");
    assertThat(row(rows, "MoneyBenchmark.allocate", "parts=12").ratio()).isEqualByComparingTo("2");
    // avgt: 12.5 / 5 and 25 / 5.
    assertThat(row(rows, "MoneyBenchmark.plus", "").ratio()).isEqualByComparingTo("2.5");
    assertThat(row(rows, "MoneyBenchmark.plus_moneta", "").ratio()).isEqualByComparingTo("5");
    // thrpt is inverted: a baseline of 4e7 ops/s against 1e7 ops/s costs 4 times less.
    assertThat(row(rows, "AggregationBenchmark.count", "").ratio()).isEqualByComparingTo("4");
    assertThat(row(rows, "AggregationBenchmark.count_baseline", "").ratio())
        .isEqualByComparingTo("1");
    assertThat(row(rows, "SoloBenchmark.solo", "").ratio()).isNull();
  }

  @Test
  void readsScoreErrorAndAllocationFromBothMetricSpellings() throws IOException {
    List<ResultsTable.Row> rows = ResultsTable.rows(fixture());
    ResultsTable.Row plus = row(rows, "MoneyBenchmark.plus", "");
    assertThat(plus.score()).isEqualByComparingTo("12.5");
    assertThat(plus.error()).isEqualByComparingTo("0.25");
    assertThat(plus.bytesPerOp()).isEqualByComparingTo("48");
    assertThat(plus.unit()).isEqualTo("ns/op");
    assertThat(plus.mode()).isEqualTo("avgt");
    // "NaN" error is absent; the pre-1.33 "\u00b7gc.alloc.rate.norm" key is still read.
    ResultsTable.Row moneta = row(rows, "MoneyBenchmark.plus_moneta", "");
    assertThat(moneta.error()).isNull();
    assertThat(moneta.bytesPerOp()).isEqualByComparingTo(new BigDecimal("96"));
    // No gc profiler: no bytes.
    assertThat(row(rows, "SoloBenchmark.solo", "").bytesPerOp()).isNull();
  }

  @Test
  void rendersMarkdownRows() throws IOException {
    // About three significant digits: 12.5 keeps one decimal, and its error 0.25 rounds half up.
    String md = ResultsTable.render(fixture(), MACHINE);
    assertThat(md).startsWith("Measured 2026-11-21 06:00 UTC on 2 CPUs (Test CPU @ 2.00GHz), JDK"
        + " 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6); JMH 1.37, 1 fork(s), 1 thread(s),"
        + " warmup 3 × 1 s, measurement 5 × 1 s.\n");
    assertThat(md).contains("| Benchmark | Params | Mode | Score ± error | Unit | Alloc B/op"
        + " | × baseline |\n");
    assertThat(md).contains("| MoneyBenchmark.plus |  | avgt | 12.5 ± 0.3 | ns/op | 48 | 2.50× |\n");
    assertThat(md).contains("| MoneyBenchmark.plus_baseline |  | avgt | 5.00 ± 0.13 | ns/op | 40"
        + " | baseline |\n");
    assertThat(md).contains("| MoneyBenchmark.plus_moneta |  | avgt | 25.0 | ns/op | 96 | 5.00× |\n");
    assertThat(md).contains("| MoneyBenchmark.allocate | parts=12 | avgt | 900 ± 30 | ns/op | 4,100"
        + " | 2.00× |\n");
    assertThat(md).contains("| AggregationBenchmark.count |  | thrpt | 10,000,000 ± 250,000 | ops/s"
        + " | 0 | 4.00× |\n");
    assertThat(md).contains("| SoloBenchmark.solo |  | avgt | 0.432 ± 0.010 | us/op |  |  |\n");
  }

  @Test
  void injectReplacesOnlyTheMarkedBlock() {
    String doc = "# Title\n\nbefore\n" + ResultsTable.START + "\nold table\n" + ResultsTable.END
        + "\nafter\n";
    String once = ResultsTable.inject(doc, "new table\n");
    assertThat(once).isEqualTo("# Title\n\nbefore\n" + ResultsTable.START + "\nnew table\n"
        + ResultsTable.END + "\nafter\n");
    // Injecting again replaces, never appends.
    assertThat(ResultsTable.inject(once, "new table")).isEqualTo(once);
  }

  @Test
  void injectIgnoresMarkersQuotedInProse() {
    String doc = "Put the table between `" + ResultsTable.START + "` and `" + ResultsTable.END
        + "` lines.\n\n" + ResultsTable.START + "\n" + ResultsTable.END + "\n";
    assertThat(ResultsTable.inject(doc, "table\n")).isEqualTo("Put the table between `"
        + ResultsTable.START + "` and `" + ResultsTable.END + "` lines.\n\n" + ResultsTable.START
        + "\ntable\n" + ResultsTable.END + "\n");
  }

  @Test
  void injectRejectsTextWithoutMarkers() {
    assertThatThrownBy(() -> ResultsTable.inject("no markers here", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ResultsTable.START);
    assertThatThrownBy(() -> ResultsTable.inject(ResultsTable.END + "\n" + ResultsTable.START, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResultsTable.inject(
            ResultsTable.END + "\n" + ResultsTable.START + "\n", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResultsTable.inject("see `" + ResultsTable.START + "` and `"
            + ResultsTable.END + "`\n", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsJsonThatIsNotJmhResults() {
    assertThatThrownBy(() -> ResultsTable.rows(Json.mapper().readTree("{\"a\": 1}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("array");
    assertThatThrownBy(() -> ResultsTable.rows(Json.mapper().readTree("[{\"mode\": \"avgt\"}]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("benchmark");
  }

  @Test
  void mainWritesTheTableAndUpdatesFiles(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("results.json");
    try (InputStream in = ResultsTableTest.class.getResourceAsStream("/jmh-results-fixture.json")) {
      Files.copy(in, json);
    }
    // The date printed is when the results were written, not when the table was made.
    Files.setLastModifiedTime(json, FileTime.from(Instant.parse("2026-11-21T05:32:59Z")));
    Path out = dir.resolve("results.md");
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "intro\n" + ResultsTable.START + "\n" + ResultsTable.END + "\n",
        StandardCharsets.UTF_8);
    ResultsTable.main(new String[] {json.toString(), out.toString(), readme.toString()});
    String table = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(table).startsWith("Measured 2026-11-21 05:32 UTC on ");
    assertThat(table).contains("| MoneyBenchmark.plus |  | avgt | 12.5 ± 0.3 | ns/op | 48 | 2.50× |");
    assertThat(Files.readString(readme, StandardCharsets.UTF_8))
        .isEqualTo("intro\n" + ResultsTable.START + "\n" + table + ResultsTable.END + "\n");
  }

  @Test
  void headerNamesClassesRunWithOtherSettings() throws IOException {
    com.fasterxml.jackson.databind.node.ArrayNode results = (com.fasterxml.jackson.databind.node.ArrayNode) fixture();
    com.fasterxml.jackson.databind.node.ObjectNode shot = results.get(0).deepCopy();
    shot.put("benchmark", "dev.billwright.benchmarks.BillRunBenchmark.billRun");
    shot.put("mode", "ss");
    shot.put("warmupIterations", 1);
    shot.put("measurementIterations", 2);
    results.add(shot);
    String md = ResultsTable.render(results, MACHINE);
    assertThat(md).startsWith("Measured 2026-11-21 06:00 UTC on 2 CPUs (Test CPU @ 2.00GHz), JDK"
        + " 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6); JMH 1.37, 1 fork(s), 1 thread(s),"
        + " warmup 3 × 1 s, measurement 5 × 1 s; BillRunBenchmark: 1 fork(s), 1 thread(s),"
        + " warmup 1 single shot(s), measurement 2 single shot(s).\n");
  }

  @Test
  void mergeConcatenatesResultsFilesAndSkipsMissingOnes(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Files.writeString(a, "[{\"benchmark\": \"p.A.x\"}]", StandardCharsets.UTF_8);
    Files.writeString(b, "[{\"benchmark\": \"p.B.y\"}, {\"benchmark\": \"p.B.z\"}]", StandardCharsets.UTF_8);
    Path out = dir.resolve("out.json");
    ResultsTable.main(new String[] {ResultsTable.MERGE, out.toString(), a.toString(),
        dir.resolve("missing.json").toString(), b.toString()});
    JsonNode merged = Json.mapper().readTree(out.toFile());
    assertThat(merged).extracting(n -> n.path("benchmark").asText()).containsExactly("p.A.x", "p.B.y", "p.B.z");
    Files.writeString(b, "{}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ResultsTable.main(new String[] {ResultsTable.MERGE, out.toString(), b.toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("array");
  }
}
