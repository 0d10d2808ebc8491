package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Fuzzes the command line with random argument arrays: a subcommand (or none, or a wrong one),
 * its options in random order with hostile values, hostile files (empty, BOM-only, malformed,
 * a billion-laughs YAML, a directory, a missing path) and stray tokens. Every array must end with
 * an exit status of 1 or 2 and a one-line message on standard error, never a stack trace. Commands
 * that would run a whole bill (bill, preview, einvoice) always get one hostile file, so each input
 * fails at load and stays bounded.
 */
class CliArgumentsFuzzTest {
  @TempDir
  static Path dir;
  static List<String> files;

  private static final Map<String, List<String>> OPTIONS = Map.of(
      "bill", List.of("--example", "--meters", "--plans", "--customers", "--events", "--events-file",
          "--no-events-file", "--out", "--no-explain", "--summary-only", "--progress-every"),
      "quote", List.of("--price", "--plan", "--charge", "--quantity", "--group", "--events", "--value-property",
          "--currency", "--json", "--meters", "--meter"),
      "preview", List.of("--subscription", "--change", "--at", "--events", "--example", "--meters", "--plans",
          "--customers"),
      "gstin", List.of("--mode"),
      "einvoice", List.of("--invoice", "--number", "--credit-note", "--original", "--events", "--customers"),
      "conform", List.of());
  /** The file options each heavy command fails on. */
  private static final Map<String, String> LOAD = Map.of("bill", "--plans", "preview", "--plans",
      "einvoice", "--customers");

  private static final List<String> VALUES = List.of("", "-", "--", "-1", "0", "1e999999999", "1" + "0".repeat(1100),
      "NaN", "abc", "\u0000", "\u202E", "\u0131", "IN=1", "country=IN=abc", "=", ",,,", "upgrade:", "quantity:-5",
      "+999999999-12-31T23:59:59Z", "2026-13-01T00:00:00Z", "XXX", "XAU", "sandbox", "STRICT", "otp-india",
      "nope", "27AAPFU0939F1ZV", "a".repeat(3000), "--unknown-flag", "-x", "@missing-args-file");

  @BeforeAll
  static void hostileFiles() throws IOException {
    Files.createDirectories(dir);
    files = new ArrayList<>();
    files.add(write("empty.json", ""));
    files.add(write("bom-only.json", "\uFEFF"));
    files.add(write("truncated.json", "\uFEFF{\"plans\": [{\"code\": "));
    files.add(write("array.json", "[1, 2, 3]"));
    files.add(write("laughs.yaml", laughs()));
    files.add(write("alias.yaml", "plans:\n  - code: *nowhere\n"));
    files.add(write("wrong.json", "{\"plans\": [{\"code\": \"p\", \"version\": 1, \"currency\": \"XXX\"}],"
        + " \"meters\": [], \"customers\": []}"));
    files.add(write("deep.json", "[".repeat(3000) + "]".repeat(3000)));
    Path sub = dir.resolve("a-directory");
    Files.createDirectories(sub);
    files.add(sub.toString());
    files.add(dir.resolve("missing.json").toString());
  }

  private static String write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file.toString();
  }

  private static String laughs() {
    StringBuilder out = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      out.append("a").append(i).append(": &a").append(i).append(" [");
      for (int k = 0; k < 10; k++) {
        out.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      out.append("]\n");
    }
    return out.toString();
  }

  private static Gen<List<String>> arguments() {
    List<String> commands = new ArrayList<>(OPTIONS.keySet());
    commands.sort(null);
    Gen<Integer> any = integers().between(0, Integer.MAX_VALUE - 1);
    Gen<Integer> count = integers().between(0, 5);
    Gen<String> noise = strings().allPossible().ofLengthBetween(0, 8);
    return in -> {
      List<String> args = new ArrayList<>();
      int c = any.generate(in) % (commands.size() + 2);
      String command = c < commands.size() ? commands.get(c) : c == commands.size() ? "" : "blll";
      if (!command.isEmpty()) {
        args.add(command);
      }
      List<String> options = OPTIONS.getOrDefault(command, List.of("--verbose"));
      int n = count.generate(in);
      for (int i = 0; i < n; i++) {
        int kind = any.generate(in) % 5;
        if (kind == 0 || options.isEmpty()) {
          args.add(any.generate(in) % 2 == 0 ? noise.generate(in) : VALUES.get(any.generate(in) % VALUES.size()));
        } else {
          args.add(options.get(any.generate(in) % options.size()));
          args.add(kind == 1 ? files.get(any.generate(in) % files.size())
              : VALUES.get(any.generate(in) % VALUES.size()));
        }
      }
      if (LOAD.containsKey(command)) {
        args.add(LOAD.get(command));
        args.add(files.get(any.generate(in) % files.size()));
      }
      return args;
    };
  }

  @Test
  void randomArgumentsExitWithAnErrorStatusAndAMessageNeverAStackTrace() {
    qt().withExamples(400).forAll(arguments()).checkAssert(args -> {
      String[] array = args.toArray(new String[0]);
      Cli cli = Cli.run(array);
      String shown = Arrays.toString(array) + " -> " + cli;
      if (cli.code == 0) {
        // only a subcommand-less call (usage), or gstin with valid codes, may succeed
        assertThat(args.isEmpty() || args.get(0).equals("gstin") || args.stream().allMatch(String::isBlank))
            .as(shown).isTrue();
        return;
      }
      assertThat(cli.code).as(shown).isIn(1, 2);
      assertThat(cli.err + cli.out).as(shown).doesNotContain("\tat ").doesNotContain("Exception in");
      if (cli.code == 2) {
        assertThat(cli.err).as(shown).startsWith("billwright: error [");
      }
    });
  }
}
