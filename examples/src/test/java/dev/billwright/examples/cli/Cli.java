package dev.billwright.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures its output. */
final class Cli {
  final int code;
  final String out;
  final String err;

  private Cli(int code, String out, String err) {
    this.code = code;
    this.out = out;
    this.err = err;
  }

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BillwrightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The same run as the user would see it from {@code dir}: paths under it shown relative. */
  Cli relativeTo(java.nio.file.Path dir) {
    String prefix = dir.toAbsolutePath() + java.io.File.separator;
    return new Cli(code, out.replace(prefix, ""), err.replace(prefix, ""));
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
