package dev.billwright.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.billwright.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns JMH's JSON results ({@code -rf json}) into a Markdown table, and puts that table into
 * Markdown files between {@value #START} and {@value #END}.
 *
 * <p>One row per benchmark and parameter set: benchmark ({@code Class.method}), params, mode,
 * score ± error (JMH's 99.9% confidence half-width), unit, bytes allocated per operation (the gc
 * profiler's {@code gc.alloc.rate.norm}, blank when the run had no {@code -prof gc}) and the
 * ratio to the baseline.
 *
 * <p>Naming convention: a method {@code op} measures Billwright and {@code op_baseline}, in the
 * same class, is the hand-written floor for the same calculation; any other {@code op_suffix}
 * is a comparison (another library or another Billwright path). The ratio of a row is its cost
 * relative to the baseline with the same class, operation and params: score ÷ baseline score
 * for time modes ({@code avgt}, {@code sample}, {@code ss}), baseline score ÷ score for
 * throughput ({@code thrpt}), so 1.00 is as fast as the floor and 2.00 costs twice as much. A
 * row with no matching baseline has no ratio. Operation names therefore contain no underscore.
 *
 * <p>Usage: {@code ResultsTable results.json results.md [file-to-update.md ...]}.
 */
public final class ResultsTable {
  /** The line that opens the generated block in a Markdown file. */
  public static final String START = "<!-- bench:start -->";
  /** The line that closes the generated block in a Markdown file. */
  public static final String END = "<!-- bench:end -->";
  /** The first argument of {@link #main} that merges results files instead of rendering. */
  public static final String MERGE = "--merge";

  /** The suffix that marks a baseline benchmark method. */
  public static final String BASELINE = "baseline";

  private ResultsTable() {}

  /**
   * One row of the table.
   *
   * @param className the benchmark class's simple name, such as {@code MoneyBenchmark}
   * @param operation the method name before the first underscore, such as {@code plus}
   * @param variant the method name after the first underscore, such as {@code moneta}; empty for
   *     the Billwright measurement, {@value #BASELINE} for the baseline
   * @param params the JMH parameters as {@code name=value} joined by {@code ", "}; empty if none
   * @param mode the JMH mode, such as {@code avgt} or {@code thrpt}
   * @param score the score, in {@code unit}
   * @param error the score error (99.9% half-width), or null when JMH could not compute one
   * @param unit the score unit, such as {@code ns/op} or {@code ops/s}
   * @param bytesPerOp the bytes allocated per operation, or null without the gc profiler
   * @param ratio the cost relative to the baseline (see the class comment), or null without a
   *     matching baseline
   */
  public record Row(String className, String operation, String variant, String params,
      String mode, BigDecimal score, BigDecimal error, String unit, BigDecimal bytesPerOp,
      BigDecimal ratio) {

    /**
     * Returns the benchmark's display name, {@code Class.method}.
     *
     * @return the name, never null
     */
    public String name() {
      return className + '.' + operation + (variant.isEmpty() ? "" : "_" + variant);
    }

    Row withRatio(BigDecimal newRatio) {
      return new Row(className, operation, variant, params, mode, score, error, unit, bytesPerOp,
          newRatio);
    }
  }

  /**
   * The machine and run the results come from, printed above the table.
   *
   * @param cpus the number of processors available (as {@code nproc} reports)
   * @param cpuModel the CPU model, from {@code /proc/cpuinfo}
   * @param jdk the JDK that ran the benchmarks, such as {@code 17.0.15 (OpenJDK 64-Bit Server VM)}
   * @param date when the results were written, such as {@code 2026-11-21 05:50 UTC}
   */
  public record Machine(int cpus, String cpuModel, String jdk, String date) {

    /**
     * Describes this machine, taking the JDK from the results (the JVM that ran them).
     *
     * @param results the JMH results array, not null
     * @param measuredAt when the results were written (the results file's modification time),
     *     not null; printed in UTC to the minute
     * @return the description, never null
     */
    public static Machine detect(JsonNode results, Instant measuredAt) {
      String jdk = "unknown JDK";
      if (results.size() > 0) {
        JsonNode first = results.get(0);
        jdk = first.path("jdkVersion").asText("?") + " (" + first.path("vmName").asText("?") + " "
            + first.path("vmVersion").asText("?") + ")";
      }
      String date = measuredAt.atZone(ZoneOffset.UTC)
          .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
      return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), jdk, date);
    }

    private static String readCpuModel() {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (!Files.isReadable(cpuinfo)) {
        return "unknown CPU";
      }
      try {
        for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
          if (line.startsWith("model name")) {
            int colon = line.indexOf(':');
            return line.substring(colon + 1).trim();
          }
        }
      } catch (IOException e) {
        return "unknown CPU";
      }
      return "unknown CPU";
    }
  }

  /**
   * Reads the rows from JMH's JSON results, grouped by class, operation and params (in the order
   * JMH wrote them) with the Billwright row first, then the baseline, then the comparisons in
   * name order; each row has its ratio to the matching baseline.
   *
   * @param results the JMH results array, not null
   * @return the rows, never null
   * @throws IllegalArgumentException if {@code results} is not an array of JMH results
   */
  public static List<Row> rows(JsonNode results) {
    if (!results.isArray()) {
      throw new IllegalArgumentException("JMH results: expected a JSON array, got "
          + results.getNodeType());
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode result : results) {
      rows.add(row(result));
    }
    Map<String, Integer> groupOrder = new HashMap<>();
    Map<String, Row> baselines = new HashMap<>();
    for (Row row : rows) {
      groupOrder.putIfAbsent(groupKey(row), groupOrder.size());
      if (row.variant().equals(BASELINE)) {
        baselines.put(groupKey(row), row);
      }
    }
    List<Row> withRatios = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Row baseline = baselines.get(groupKey(row));
      withRatios.add(baseline == null ? row : row.withRatio(ratio(row, baseline)));
    }
    withRatios.sort(Comparator.<Row>comparingInt(r -> groupOrder.get(groupKey(r)))
        .thenComparingInt(ResultsTable::variantRank)
        .thenComparing(Row::variant));
    return withRatios;
  }

  /**
   * Renders rows as a Markdown table with a legend.
   *
   * @param rows the rows, not null
   * @return the Markdown, ending with a newline
   */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| Benchmark | Params | Mode | Score ± error | Unit | Alloc B/op | × baseline |\n");
    out.append("|---|---|---|--:|---|--:|--:|\n");
    for (Row row : rows) {
      int decimals = decimals(row.score());
      String score = format(row.score(), decimals)
          + (row.error() == null ? "" : " ± " + format(row.error(), decimals));
      String bytes = row.bytesPerOp() == null ? "" : format(row.bytesPerOp(), 0);
      String ratio = row.variant().equals(BASELINE) ? "baseline"
          : row.ratio() == null ? "" : format(row.ratio(), 2) + "×";
      out.append("| ").append(row.name())
          .append(" | ").append(row.params())
          .append(" | ").append(row.mode())
          .append(" | ").append(score)
          .append(" | ").append(row.unit())
          .append(" | ").append(bytes)
          .append(" | ").append(ratio)
          .append(" |\n");
    }
    out.append('\n')
        .append("× baseline: cost relative to the hand-written `_baseline` of the same operation")
        .append(" and params (time ÷ baseline time, or baseline throughput ÷ throughput);")
        .append(" 1.00× is the floor. Alloc B/op: bytes allocated per operation")
        .append(" (JMH gc profiler, `gc.alloc.rate.norm`).\n");
    return out.toString();
  }

  /**
   * Renders the whole generated block: the machine and run settings, then the table.
   *
   * @param results the JMH results array, not null
   * @param machine the machine description, not null
   * @return the Markdown, ending with a newline
   * @throws IllegalArgumentException if {@code results} is not an array of JMH results
   */
  public static String render(JsonNode results, Machine machine) {
    StringBuilder out = new StringBuilder();
    out.append("Measured ").append(machine.date()).append(" on ").append(machine.cpus())
        .append(" CPUs (").append(machine.cpuModel()).append("), JDK ").append(machine.jdk());
    if (results.size() > 0) {
      JsonNode first = results.get(0);
      String common = settings(first);
      out.append("; JMH ").append(first.path("jmhVersion").asText("?")).append(", ").append(common);
      // Classes run with other settings (the single-shot bill run) are named with theirs.
      Map<String, String> others = new LinkedHashMap<>();
      for (JsonNode result : results) {
        String settings = settings(result);
        if (!settings.equals(common)) {
          others.putIfAbsent(row(result).className(), settings);
        }
      }
      others.forEach((className, settings) -> out.append("; ").append(className).append(": ")
          .append(settings));
    }
    out.append(".\n\n");
    out.append(table(rows(results)));
    return out.toString();
  }

  /**
   * Replaces what lies between the {@value #START} and {@value #END} lines of a Markdown text
   * with a block, keeping the marker lines and everything outside them. Only a line that holds
   * nothing but a marker (surrounding spaces allowed) counts, so prose that quotes the markers
   * is left alone; the first {@value #END} line after the first {@value #START} line closes it.
   *
   * @param markdown the Markdown text, not null
   * @param block the new content, not null
   * @return the updated text, never null
   * @throws IllegalArgumentException if the text has no {@value #START} line followed by an
   *     {@value #END} line
   */
  public static String inject(String markdown, String block) {
    int start = markerLine(markdown, START, 0);
    int end = start < 0 ? -1 : markerLine(markdown, END, start + START.length());
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException("markdown: expected a line " + START
          + " followed later by a line " + END + " to mark where the benchmark table goes");
    }
    int afterStart = markdown.indexOf('\n', start);
    int endLineStart = markdown.lastIndexOf('\n', end) + 1;
    String body = block.endsWith("\n") ? block : block + "\n";
    return markdown.substring(0, afterStart + 1) + body + markdown.substring(endLineStart);
  }

  /** Finds a line holding only {@code marker}, from {@code from}; its marker's index or -1. */
  private static int markerLine(String markdown, String marker, int from) {
    int at = markdown.indexOf(marker, from);
    while (at >= 0) {
      int lineStart = markdown.lastIndexOf('\n', at) + 1;
      int lineEnd = markdown.indexOf('\n', at);
      String line = markdown.substring(lineStart, lineEnd < 0 ? markdown.length() : lineEnd);
      // A START line needs a newline after it for the block to go on the next line.
      if (line.strip().equals(marker) && (lineEnd >= 0 || marker.equals(END))) {
        return at;
      }
      at = markdown.indexOf(marker, at + marker.length());
    }
    return -1;
  }

  /**
   * Reads JMH results, writes the Markdown block to a file, and updates the block in each
   * further file.
   *
   * <p>With {@value #MERGE} first, instead concatenates JMH JSON results files into one (the
   * run script runs single-shot benchmarks in a JMH invocation of their own):
   * {@code --merge out.json in1.json in2.json ...}; a missing input file is skipped.
   *
   * @param args the JMH JSON results file, the Markdown file to write, then any Markdown files
   *     whose {@value #START}/{@value #END} block to replace; or {@value #MERGE}, the output file
   *     and the input files
   * @throws IOException if a file cannot be read or written
   * @throws IllegalArgumentException if fewer than two arguments are given, the results are not
   *     JMH results (arrays), or a file to update lacks the markers
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals(MERGE)) {
      merge(args);
      return;
    }
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: ResultsTable results.json results.md [file-to-update.md ...]");
    }
    Path json = Path.of(args[0]);
    JsonNode results = Json.mapper().readTree(json.toFile());
    Instant measuredAt = Files.getLastModifiedTime(json).toInstant();
    String block = render(results, Machine.detect(results, measuredAt));
    Files.writeString(Path.of(args[1]), block, StandardCharsets.UTF_8);
    for (int i = 2; i < args.length; i++) {
      Path file = Path.of(args[i]);
      try {
        Files.writeString(file, inject(Files.readString(file, StandardCharsets.UTF_8), block),
            StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
  }

  private static void merge(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ResultsTable --merge out.json in.json ...");
    }
    ArrayNode all = Json.mapper().createArrayNode();
    for (int i = 2; i < args.length; i++) {
      Path in = Path.of(args[i]);
      if (!Files.exists(in)) {
        continue;
      }
      JsonNode results = Json.mapper().readTree(in.toFile());
      if (!results.isArray()) {
        throw new IllegalArgumentException(in + ": JMH results: expected a JSON array, got "
            + results.getNodeType());
      }
      results.forEach(all::add);
    }
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), all);
  }

  /**
   * Describes a result's run settings: forks, threads, warmup and measurement (iterations ×
   * time, or iterations of single shots for {@code ss}).
   */
  private static String settings(JsonNode result) {
    boolean singleShot = "ss".equals(result.path("mode").asText());
    String warmup = result.path("warmupIterations").asInt() + (singleShot ? " single shot(s)"
        : " × " + result.path("warmupTime").asText("?"));
    String measurement = result.path("measurementIterations").asInt() + (singleShot ? " single shot(s)"
        : " × " + result.path("measurementTime").asText("?"));
    return result.path("forks").asInt() + " fork(s), " + result.path("threads").asInt()
        + " thread(s), warmup " + warmup + ", measurement " + measurement;
  }

  private static Row row(JsonNode result) {
    String benchmark = result.path("benchmark").asText();
    int lastDot = benchmark.lastIndexOf('.');
    if (benchmark.isEmpty() || lastDot < 0) {
      throw new IllegalArgumentException("JMH results: expected a \"benchmark\" such as"
          + " pkg.Class.method, got \"" + benchmark + "\"");
    }
    String qualifiedClass = benchmark.substring(0, lastDot);
    String className = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
    String method = benchmark.substring(lastDot + 1);
    int underscore = method.indexOf('_');
    String operation = underscore < 0 ? method : method.substring(0, underscore);
    String variant = underscore < 0 ? "" : method.substring(underscore + 1);

    StringJoiner params = new StringJoiner(", ");
    for (Map.Entry<String, JsonNode> field : result.path("params").properties()) {
      params.add(field.getKey() + "=" + field.getValue().asText());
    }

    JsonNode primary = result.path("primaryMetric");
    BigDecimal score = decimal(primary.path("score"));
    if (score == null) {
      throw new IllegalArgumentException("JMH results: " + benchmark
          + " has no numeric primaryMetric.score");
    }
    BigDecimal bytes = null;
    for (Map.Entry<String, JsonNode> metric : result.path("secondaryMetrics").properties()) {
      // JMH before 1.33 prefixed profiler metrics with a middle dot.
      if (metric.getKey().replace("\u00b7", "").equals("gc.alloc.rate.norm")) {
        bytes = decimal(metric.getValue().path("score"));
      }
    }
    return new Row(className, operation, variant, params.toString(),
        result.path("mode").asText(), score, decimal(primary.path("scoreError")),
        primary.path("scoreUnit").asText(), bytes, null);
  }

  /** Reads a JSON number as a decimal; null for anything else (JMH writes "NaN" as a string). */
  private static BigDecimal decimal(JsonNode node) {
    return node.isNumber() ? node.decimalValue() : null;
  }

  private static String groupKey(Row row) {
    return row.className() + '.' + row.operation() + '|' + row.params();
  }

  private static int variantRank(Row row) {
    return row.variant().isEmpty() ? 0 : row.variant().equals(BASELINE) ? 1 : 2;
  }

  private static BigDecimal ratio(Row row, Row baseline) {
    if (!row.mode().equals(baseline.mode()) || !row.unit().equals(baseline.unit())) {
      return null;
    }
    BigDecimal numerator = row.mode().equals("thrpt") ? baseline.score() : row.score();
    BigDecimal denominator = row.mode().equals("thrpt") ? row.score() : baseline.score();
    if (denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, MathContext.DECIMAL64);
  }

  /** Decimals shown for a score: about three significant digits, none above 100. */
  private static int decimals(BigDecimal score) {
    BigDecimal abs = score.abs();
    if (abs.compareTo(BigDecimal.valueOf(100)) >= 0) {
      return 0;
    }
    if (abs.compareTo(BigDecimal.TEN) >= 0) {
      return 1;
    }
    return abs.compareTo(BigDecimal.ONE) >= 0 ? 2 : 3;
  }

  private static String format(BigDecimal value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
