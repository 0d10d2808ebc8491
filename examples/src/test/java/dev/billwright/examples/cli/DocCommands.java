package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the commands the documentation shows, in-process, as a user would type them in one
 * working directory: relative paths under {@code target/} (and files the commands write) resolve
 * against a working directory of the test's, other relative paths that name a file of the
 * repository (such as {@code conformance} or a bundled plans file) against the repository root.
 * {@code bill} without {@code --out} writes where it would by default, inside that directory.
 */
final class DocCommands {
  /** The repository root: the nearest parent holding docs/cli.md. */
  static final Path ROOT = root();

  private final Path cwd;

  DocCommands(Path cwd) {
    this.cwd = cwd;
  }

  Path cwd() {
    return cwd;
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("docs/cli.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no docs/cli.md above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static String read(String file) {
    try {
      return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The words of a command as typed after {@code ./billwright} (no quoting in the docs' commands). */
  static List<String> words(String line) {
    String t = line.trim();
    if (t.startsWith("./billwright ")) {
      t = t.substring("./billwright ".length());
    } else if (t.startsWith("billwright ")) {
      t = t.substring("billwright ".length());
    }
    return new ArrayList<>(Arrays.asList(t.trim().split("\\s+")));
  }

  /** Runs one command line (the words after {@code billwright}) in this working directory. */
  Cli run(List<String> words) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      boolean file = i > 0 && !w.startsWith("-") && (isFileOption(words.get(i - 1))
          || (words.get(0).equals("conform") && !words.get(i - 1).startsWith("-")));
      args.add(file ? path(w) : w);
    }
    if (!words.isEmpty() && words.get(0).equals("bill") && !words.contains("--out")) {
      int e = words.indexOf("--example");
      String example = e >= 0 && e + 1 < words.size() ? words.get(e + 1) : null;
      boolean own = words.contains("--meters") || words.contains("--plans") || words.contains("--customers");
      args.add("--out");
      args.add(cwd.resolve(BillCommand.defaultOut(example, own)).toString());
    }
    return Cli.run(args.toArray(new String[0]));
  }

  private static boolean isFileOption(String option) {
    return List.of("--out", "--report", "--invoice", "--credit-note", "--original", "--payload", "--price", "--plan",
        "--plans", "--meters", "--customers", "--events-file", "--einvoice-ack").contains(option)
        || (option.equals("--events"));
  }

  /** A relative path as the user's shell would resolve it, in the working directory or the repository. */
  private String path(String word) {
    if (word.matches("-?\\d+") || Path.of(word).isAbsolute()) {
      return word;
    }
    if (!word.startsWith("target/") && !Files.exists(cwd.resolve(word)) && Files.exists(ROOT.resolve(word))) {
      return ROOT.resolve(word).toString();
    }
    return cwd.resolve(word).toString();
  }

  /** Runs a line of a bash block: {@code ./billwright ...}, or {@code echo -n 'TEXT' > FILE}. */
  Cli shell(String line) throws IOException {
    Matcher echo = Pattern.compile("echo -n '([^']*)' > (\\S+).*").matcher(line.trim());
    if (echo.matches()) {
      Files.writeString(cwd.resolve(echo.group(2)), echo.group(1), StandardCharsets.UTF_8);
      return null;
    }
    return run(words(line));
  }

  /** The commands of the {@code bash} blocks of a markdown text: lines starting ./billwright or echo, joined at a trailing backslash, comments cut. */
  static List<String> bashCommands(String markdown) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    StringBuilder pending = null;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("```")) {
        in = line.equals("```bash");
        continue;
      }
      if (!in) {
        continue;
      }
      String l = line.replaceAll("\\s+#\\s.*$", "");
      if (pending != null) {
        pending.append(' ').append(l.trim());
      } else if (l.startsWith("./billwright ") || l.startsWith("echo -n ")) {
        pending = new StringBuilder(l.trim());
      } else {
        continue;
      }
      if (pending.toString().endsWith("\\")) {
        pending.setLength(pending.length() - 1);
        continue;
      }
      out.add(pending.toString().replaceAll("\\s+", " ").trim());
      pending = null;
    }
    return out;
  }

  /**
   * Asserts that an excerpt of output appears in the actual output: the excerpt's lines, cut at
   * lines that are only {@code ...}, must each appear as consecutive lines, in order (trailing
   * spaces ignored).
   */
  static void assertExcerpt(String where, String excerpt, String actual) {
    List<String> have = lines(actual);
    List<List<String>> segments = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String l : lines(excerpt)) {
      if (l.trim().equals("...")) {
        segments.add(current);
        current = new ArrayList<>();
      } else {
        current.add(l);
      }
    }
    segments.add(current);
    int from = 0;
    for (List<String> seg : segments) {
      if (seg.isEmpty()) {
        continue;
      }
      int at = find(have, seg, from);
      if (at < 0) {
        int near = -1;
        for (int i = 0; i < have.size() && near < 0; i++) {
          if (have.get(i).equals(seg.get(0))) {
            near = i;
          }
        }
        StringBuilder shown = new StringBuilder();
        int start = near >= 0 ? near : 0;
        for (int i = start; i < Math.min(have.size(), start + seg.size() + 2); i++) {
          shown.append(have.get(i)).append('\n');
        }
        fail(where + ": these lines are not in the command's output (in order):\n" + String.join("\n", seg)
            + "\n--- the output " + (near >= 0 ? "where the first line appears" : "begins") + ":\n" + shown);
      }
      from = at + seg.size();
    }
  }

  private static int find(List<String> have, List<String> seg, int from) {
    for (int i = from; i + seg.size() <= have.size(); i++) {
      boolean ok = true;
      for (int k = 0; k < seg.size() && ok; k++) {
        ok = have.get(i + k).equals(seg.get(k));
      }
      if (ok) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.replace("\r\n", "\n").split("\n", -1)) {
      out.add(l.stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** Every {@code "Key" : value} pair of an abbreviated JSON excerpt must appear in the command's pretty JSON. */
  static void assertJsonExcerpt(String where, String excerpt, String actual) {
    Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?)").matcher(excerpt);
    int n = 0;
    while (m.find()) {
      n++;
      assertThat(actual).as(where + ": " + m.group()).contains("\"" + m.group(1) + "\" : " + m.group(2));
    }
    assertThat(n).as(where + ": key-value pairs checked").isGreaterThan(5);
  }

  /** Caches runs by their command line, for commands that only read and several blocks that show one run. */
  static final class Cache {
    private final Path base;
    private final Map<String, Cli> runs = new HashMap<>();
    private final Map<String, DocCommands> where = new HashMap<>();
    private int n;

    Cache(Path base) {
      this.base = base;
    }

    /** Runs a command (once) in a working directory of its own, after the commands it needs (same directory). */
    synchronized Cli run(String command, String... before) {
      String key = String.join(" ; ", before) + " ; " + command;
      if (!runs.containsKey(key)) {
        DocCommands d = new DocCommands(base.resolve("run-" + (n++)));
        try {
          Files.createDirectories(d.cwd());
          for (String b : before) {
            Cli c = d.shell(b);
            assertThat(c == null ? 0 : c.code).as(b + " -> " + c).isIn(0);
          }
          runs.put(key, d.shell(command).relativeTo(d.cwd()));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        where.put(key, d);
      }
      return runs.get(key);
    }
  }
}
