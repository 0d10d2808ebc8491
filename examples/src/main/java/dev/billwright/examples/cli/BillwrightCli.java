package dev.billwright.examples.cli;

import dev.billwright.error.BillingException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code billwright} command line: the entry point started by the {@code ./billwright}
 * script at the repository root.
 *
 * <p>Errors from the library print one line (what, where, what was expected) on standard error
 * and exit with status 2; usage errors exit with status 2 as well; a failed conformance run exits
 * with status 1.
 */
@Command(
    name = "billwright",
    mixinStandardHelpOptions = true,
    version = BillwrightCli.VERSION,
    description = "Rating and invoicing on the command line: bill runs, quotes, previews, GST, documents, conformance and payment webhooks.",
    subcommands = {BillCommand.class, QuoteCommand.class, PreviewCommand.class, GstinCommand.class,
        EInvoiceCommand.class, RenderCommand.class, ConformCommand.class, WebhookCommand.class})
public final class BillwrightCli implements Runnable {
  /** What {@code -V}/{@code --version} prints, on the top command and on every subcommand. */
  public static final String VERSION = "billwright 0.1.0-SNAPSHOT";

  /** The picocli spec, injected. */
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** The writer picocli made for the real standard error, in the thread running the command line. */
  private static final ThreadLocal<PrintWriter> STANDARD_ERR = new ThreadLocal<>();

  /** Creates the command; used by picocli. */
  public BillwrightCli() {}

  /** Whether a command's error writer is the process's standard error (not a test's or an embedder's writer). */
  static boolean isStandardErr(PrintWriter err) {
    return err != null && err == STANDARD_ERR.get();
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line and returns the exit status instead of exiting (for tests).
   *
   * @param args the arguments, not null
   * @return the exit status: 0 success, 1 a check failed, 2 bad input
   */
  public static int execute(String... args) {
    return execute(null, null, args);
  }

  /**
   * Runs the command line with the given output and error writers (for tests and embedding).
   *
   * @param out where results go, or null for standard output
   * @param err where errors and timings go, or null for standard error
   * @param args the arguments, not null
   * @return the exit status: 0 success, 1 a check failed, 2 bad input
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    quietLibraries();
    CommandLine cli = new CommandLine(new BillwrightCli());
    withVersion(cli);
    OptionTypes.register(cli);
    if (err == null) {
      STANDARD_ERR.set(cli.getErr());
    }
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setParameterExceptionHandler((ex, arguments) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("billwright: error [usage]: " + ex.getMessage() + " (see '"
          + c.getCommandSpec().qualifiedName() + " --help')");
      c.getErr().flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof BillingException) {
        commandLine.getErr().println("billwright: error [" + ((BillingException) ex).code().code() + "]: "
            + ex.getMessage());
        commandLine.getErr().flush();
        return 2;
      }
      if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
        commandLine.getErr().println("billwright: error [io]: " + ex.getMessage());
        commandLine.getErr().flush();
        return 2;
      }
      throw ex;
    });
    return cli.execute(args);
  }

  /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
  private static final java.util.logging.Logger PDFBOX_LOG = java.util.logging.Logger.getLogger("org.apache.pdfbox");

  /**
   * The PDF renderer logs every font it loads and PDFBox every fallback font: a command's standard
   * error keeps to the command's own lines (its errors and progress).
   */
  private static void quietLibraries() {
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    PDFBOX_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  /** Every subcommand's {@code -V} prints the version of the top command (picocli prints nothing otherwise). */
  private static void withVersion(CommandLine cli) {
    for (CommandLine sub : cli.getSubcommands().values()) {
      sub.getCommandSpec().version(VERSION);
      withVersion(sub);
    }
  }

  /** Without a subcommand, prints usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
