package dev.billwright.testkit.conformance;

import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs conformance cases as docs/conformance.md defines them: every {@code *.json} file under the
 * given directories (recursively, in sorted path order so runs are deterministic) is read, its
 * {@code id}, {@code source} and {@code kind} taken, and the {@link CaseKind} registered for the
 * kind runs it. One line per case is printed ({@code PASS id}, {@code FAIL id: expected X, got
 * Y}, or {@code SKIP id: ...} for an unknown kind), then {@code N passed, M failed} (with
 * {@code , K skipped} when some were skipped).
 *
 * <p>Every case must name its {@code source}. Every kind accepts {@code note} (free text) and
 * {@code derived} (a boolean: the figure is computed from the source's rule), documentation the
 * runner reads (so they must be a string and a boolean) and otherwise ignores. A case whose file is malformed, lacks a source, whose kind rejects its input, or that has fields the kind
 * did not read fails; the runner never stops at the first failure.
 */
public final class ConformanceRunner {
  private final Map<String, CaseKind> kinds = new LinkedHashMap<>();
  private final PrintStream out;

  /**
   * Creates a runner.
   *
   * @param kinds the case kinds it knows, not null; two with the same {@link CaseKind#kind()}
   *     are rejected
   * @param out where the report lines go, or null to print nothing
   * @throws IllegalArgumentException if two kinds share a name
   */
  public ConformanceRunner(List<? extends CaseKind> kinds, @Nullable PrintStream out) {
    for (CaseKind k : kinds) {
      if (this.kinds.put(k.kind(), k) != null) {
        throw new IllegalArgumentException("two case kinds named '" + k.kind() + "'");
      }
    }
    this.out = out;
  }

  /**
   * Runs every case under the directories and prints the report.
   *
   * @param directories directories to search (a plain file is taken as one case), not null
   * @return the outcomes; {@link ConformanceResult#exitCode()} is 0 only when nothing failed
   * @throws UncheckedIOException if a directory cannot be listed
   */
  public ConformanceResult run(List<Path> directories) {
    List<CaseOutcome> outcomes = new ArrayList<>();
    for (Path file : discover(directories)) {
      CaseOutcome outcome = runCase(file);
      print(outcome.line());
      outcomes.add(outcome);
    }
    ConformanceResult result = new ConformanceResult(outcomes);
    print(result.summary());
    return result;
  }

  /**
   * Lists the case files under the directories: every regular file whose name ends in
   * {@code .json}, recursively, sorted by path, each directory in the order given. Files below a
   * subdirectory whose name ends in {@code -pending} (such as {@code conformance/scenario-pending},
   * cases whose expected figure the engine does not meet yet) are left out unless that directory
   * itself is given.
   *
   * @param directories the directories (or single files), not null
   * @return the case files
   * @throws UncheckedIOException if a directory cannot be listed
   */
  public static List<Path> discover(List<Path> directories) {
    List<Path> files = new ArrayList<>();
    for (Path dir : directories) {
      if (Files.isRegularFile(dir)) {
        files.add(dir);
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        files.addAll(walk.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().endsWith(".json"))
            .filter(p -> !pending(dir.relativize(p)))
            .sorted()
            .collect(Collectors.toList()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list conformance cases in " + dir, e);
      }
    }
    return files;
  }

  /**
   * Whether a case lies under a directory whose name ends in {@code -pending} (below the
   * directory searched): cases kept for a known defect, not run unless that directory is given.
   */
  private static boolean pending(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (relative.getName(i).toString().endsWith("-pending")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs one case file without printing.
   *
   * @param file the case file, not null
   * @return the outcome; a malformed or rejected case is a failure, an unknown kind a skip
   */
  public CaseOutcome runCase(Path file) {
    String id = file.getFileName().toString();
    try {
      JsonObjectReader reader = JsonObjectReader.root(Json.readFile(file), file.toString());
      id = reader.text("id");
      reader.text("source");
      reader.optionalText("note"); // documentation only (every kind accepts it)
      reader.bool("derived", false); // documentation only: the figure is computed from a documented rule
      String kindName = reader.text("kind");
      CaseKind kind = kinds.get(kindName);
      if (kind == null) {
        return new CaseOutcome(file, id, CaseOutcome.Status.SKIP, "unknown kind '" + kindName + "'");
      }
      List<CaseKind.Mismatch> mismatches = kind.run(reader);
      reader.end();
      if (mismatches.isEmpty()) {
        return new CaseOutcome(file, id, CaseOutcome.Status.PASS, "");
      }
      return new CaseOutcome(file, id, CaseOutcome.Status.FAIL,
          mismatches.stream().map(ConformanceRunner::describe).collect(Collectors.joining("; ")));
    } catch (BillingException e) {
      return new CaseOutcome(file, id, CaseOutcome.Status.FAIL, e.code().code() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new CaseOutcome(file, id, CaseOutcome.Status.FAIL, e.toString());
    }
  }

  private static String describe(CaseKind.Mismatch m) {
    String prefix = m.field().equals("amount") ? "" : m.field() + ": ";
    return prefix + "expected " + m.expected() + ", got " + m.actual();
  }

  private void print(String line) {
    if (out != null) {
      out.println(line);
    }
  }
}
