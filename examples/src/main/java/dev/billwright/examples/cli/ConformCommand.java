package dev.billwright.examples.cli;

import dev.billwright.testkit.conformance.ConformanceResult;
import dev.billwright.testkit.conformance.ConformanceRunner;
import dev.billwright.testkit.conformance.GstCaseKind;
import dev.billwright.testkit.conformance.InvoiceCaseKind;
import dev.billwright.testkit.conformance.PriceCaseKind;
import dev.billwright.testkit.conformance.ScenarioCaseKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code billwright conform}: runs conformance cases (docs/conformance.md) of kinds
 * {@code price}, {@code gst}, {@code invoice} and {@code scenario}, printing PASS/FAIL per case and a summary;
 * exits 1 if any case failed.
 */
@Command(name = "conform", mixinStandardHelpOptions = true,
    description = "Run conformance cases (price, gst, invoice, scenario) and print PASS/FAIL per case; exit 1 on any failure.")
public final class ConformCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "0..*",
      description = "Directories (or files) of cases; default: conformance/ in the current directory.")
  private List<Path> dirs;

  /** Creates the command; used by picocli. */
  public ConformCommand() {}

  @Override
  public Integer call() {
    List<Path> where = dirs == null || dirs.isEmpty() ? List.of(Path.of("conformance")) : dirs;
    for (Path p : where) {
      if (!Files.exists(p)) {
        throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "DIR", p,
            "an existing directory of conformance cases (file not found: " + p.toAbsolutePath()
                + "; run from the repository root or name the directory)");
      }
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ConformanceResult result;
    try (PrintStream ps = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      result = new ConformanceRunner(List.of(new PriceCaseKind(), new GstCaseKind(), new InvoiceCaseKind(), new ScenarioCaseKind()), ps)
          .run(where);
    }
    spec.commandLine().getOut().print(buffer.toString(StandardCharsets.UTF_8));
    spec.commandLine().getOut().flush();
    return result.exitCode();
  }
}
