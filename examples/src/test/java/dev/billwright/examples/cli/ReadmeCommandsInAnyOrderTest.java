package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands README.md shows (its bash blocks and its inline {@code ./billwright ...} code)
 * work in any order in one working directory: billing one bundled example never breaks the
 * files another command reads, and each command that only reads prints the same whatever ran
 * before it. The only order kept is that a command reading {@code target/bill-run/} comes after
 * one {@code bill} of the bundled month (which writes it). The bundled month is billed with
 * {@code --events 20000} here to keep the test short; the directories and files are the same.
 */
class ReadmeCommandsInAnyOrderTest {
  @TempDir
  Path tmp;

  /** The README's commands, each with the {@code echo} lines that prepare its files. */
  static List<List<String>> steps() {
    String readme = DocCommands.read("README.md");
    List<String> lines = new ArrayList<>(DocCommands.bashCommands(readme));
    Matcher inline = Pattern.compile("`(\\./billwright [^`]+)`").matcher(readme);
    while (inline.find()) {
      if (!lines.contains(inline.group(1))) {
        lines.add(inline.group(1));
      }
    }
    List<List<String>> steps = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("echo ")) {
        pending.add(l);
        continue;
      }
      List<String> step = new ArrayList<>(pending);
      step.add(faster(l));
      pending.clear();
      steps.add(step);
    }
    return steps;
  }

  private static String faster(String command) {
    List<String> w = DocCommands.words(command);
    boolean bundledMonth = w.get(0).equals("bill") && !w.contains("--example") && !w.contains("--events")
        && !w.contains("--events-file");
    return bundledMonth ? command + " --events 20000" : command;
  }

  private static boolean billsTheBundledMonth(List<String> step) {
    List<String> w = DocCommands.words(step.get(step.size() - 1));
    return w.get(0).equals("bill") && !w.contains("--example");
  }

  private static boolean readsTheBundledMonth(List<String> step) {
    return !billsTheBundledMonth(step) && step.stream().anyMatch(l -> l.contains("target/bill-run/"));
  }

  /** The order with every reader moved after the first bill of the bundled month. */
  private static List<List<String>> runnable(List<List<String>> order) {
    List<List<String>> out = new ArrayList<>();
    List<List<String>> waiting = new ArrayList<>();
    boolean billed = false;
    for (List<String> s : order) {
      if (!billed && readsTheBundledMonth(s)) {
        waiting.add(s);
        continue;
      }
      out.add(s);
      if (!billed && billsTheBundledMonth(s)) {
        billed = true;
        out.addAll(waiting);
        waiting.clear();
      }
    }
    out.addAll(waiting);
    return out;
  }

  /** Runs the steps in a fresh working directory; returns what each reading command printed. */
  private Map<String, String> runInOrder(String name, List<List<String>> order) throws IOException {
    DocCommands d = new DocCommands(tmp.resolve(name));
    Files.createDirectories(d.cwd());
    Map<String, String> printed = new LinkedHashMap<>();
    for (List<String> step : order) {
      Cli r = null;
      for (String line : step) {
        r = d.shell(line);
      }
      String command = step.get(step.size() - 1);
      assertThat(r.code).as(name + " order " + order + ": " + command + " -> " + r).isZero();
      if (!DocCommands.words(command).get(0).equals("bill")) {
        printed.put(command, r.relativeTo(d.cwd()).out);
      }
      if (command.contains("--render pdf")) {
        try (Stream<Path> pdfs = Files.list(d.cwd().resolve("target/bill-run/documents"))) {
          assertThat(pdfs.filter(p -> p.toString().endsWith(".pdf")).count()).as(name + ": " + command
              + " renders the month's documents even when an earlier run stored them").isGreaterThan(10);
        }
      }
    }
    return printed;
  }

  @Test
  void theReadmesCommandsWorkInAnyOrder() throws IOException {
    List<List<String>> steps = steps();
    assertThat(steps.stream().map(s -> s.get(s.size() - 1))).as("README commands")
        .anyMatch(c -> c.startsWith("./billwright bill --example aws-lambda"))
        .anyMatch(c -> c.startsWith("./billwright einvoice --invoice target/bill-run/"))
        .anyMatch(c -> c.startsWith("./billwright render --invoice target/bill-run/"));
    List<List<String>> reversed = new ArrayList<>(steps);
    Collections.reverse(reversed);
    List<List<String>> shuffled = new ArrayList<>(steps);
    Collections.shuffle(shuffled, new Random(20261001));

    Map<String, String> asWritten = runInOrder("as-written", runnable(steps));
    Map<String, String> backwards = runInOrder("reversed", runnable(reversed));
    Map<String, String> mixed = runInOrder("shuffled", runnable(shuffled));
    assertThat(asWritten).as("the reading commands print the same whatever ran before").isEqualTo(backwards)
        .isEqualTo(mixed);
    assertThat(asWritten.keySet()).anyMatch(c -> c.contains("einvoice --credit-note"));
  }
}
