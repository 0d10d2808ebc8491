package dev.billwright.examples.cli;

import dev.billwright.error.BillingException;
import dev.billwright.tax.gst.Gstin;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code billwright gstin}: validates GSTINs (pattern of the category, state code, Luhn mod-36
 * check character) with {@link Gstin#parse(String, Gstin.Mode)} and prints VALID or INVALID with
 * the reason and position. Exits 1 if any is invalid.
 */
@Command(name = "gstin", mixinStandardHelpOptions = true,
    description = "Validate GSTINs: category pattern, state code and check character (exit 1 if any is invalid).")
public final class GstinCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "GSTIN", arity = "1..*", description = "The GSTINs to check.")
  private List<String> codes;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "strict",
      description = "strict (default), sandbox (NIC test IDs that fail the checksum) or archive (legacy state codes).")
  private String mode;

  /** Creates the command; used by picocli. */
  public GstinCommand() {}

  @Override
  public Integer call() {
    Gstin.Mode m;
    try {
      m = Gstin.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "--mode", mode,
          "strict, sandbox or archive");
    }
    PrintWriter out = spec.commandLine().getOut();
    int invalid = 0;
    for (String code : codes) {
      try {
        Gstin g = Gstin.parse(code, m);
        out.println("VALID    " + g.value() + "  " + g.category().name().toLowerCase(Locale.ROOT) + ", state "
            + g.state().code() + " " + g.state().stateName() + g.pan().map(p -> ", PAN " + p).orElse(""));
      } catch (BillingException e) {
        invalid++;
        out.println("INVALID  " + code + "  " + e.getMessage());
      }
    }
    out.flush();
    return invalid == 0 ? 0 : 1;
  }
}
