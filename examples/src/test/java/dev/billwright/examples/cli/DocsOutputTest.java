package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output the documentation shows is what the command prints: the blocks of docs/cli.md
 * marked {@code <!-- stdout of: billwright ARGS -->} (or {@code stderr of:}) are compared with
 * ARGS run in-process, and README.md's command-line output blocks (the invoice and the credit
 * note of the 20,000-event golden run, the e-invoice JSON of its einvoice command) and the AWS
 * Lambda figures quoted in both files are checked the same way. An excerpt may leave lines out
 * with a line of {@code ...}; every line it shows must be printed, in order.
 */
class DocsOutputTest {
  @TempDir
  static Path tmp;
  static DocCommands.Cache runs;

  @BeforeAll
  static void cache() {
    runs = new DocCommands.Cache(tmp);
  }

  /** The marked blocks of a markdown text: stream, command, block text. */
  static List<String[]> markedBlocks(String markdown) {
    Matcher m = Pattern.compile("<!-- (stdout|stderr) of: (billwright [^\\n]*?) -->\\n```[a-z]*\\n(.*?)\\n```",
        Pattern.DOTALL).matcher(markdown);
    List<String[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2), m.group(3)});
    }
    return out;
  }

  @Test
  void everyMarkedBlockOfTheCliDocIsWhatTheCommandPrints() {
    String doc = DocCommands.read("docs/cli.md");
    List<String[]> blocks = markedBlocks(doc);
    assertThat(blocks).as("marked output blocks in docs/cli.md").hasSizeGreaterThanOrEqualTo(6);
    // no unmarked output block: every ``` block without a language is marked
    int unmarked = 0;
    boolean in = false;
    String previous = "";
    for (String line : doc.split("\n")) {
      if (line.startsWith("```")) {
        if (!in && line.equals("```") && !previous.startsWith("<!-- ")) {
          unmarked++;
        }
        in = !in;
      }
      previous = line;
    }
    assertThat(unmarked).as("docs/cli.md blocks of output without a <!-- stdout of: ... --> marker").isZero();
    for (String[] b : blocks) {
      Cli r = runs.run(b[1]);
      String where = "docs/cli.md, " + b[0] + " of '" + b[1] + "'";
      DocCommands.assertExcerpt(where, b[2], b[0].equals("stdout") ? r.out : r.err);
      if (b[0].equals("stderr")) {
        assertThat(r.code).as(where + ": exit status of an error").isEqualTo(2);
      }
    }
  }

  @Test
  void theCliDocsFiguresInProseMatchTheOutput() {
    String doc = DocCommands.read("docs/cli.md");
    Matcher intro = Pattern.compile("1 million generated events → (\\d+) invoices and a credit note").matcher(doc);
    assertThat(intro.find()).as("docs/cli.md states the bundled month's invoice count").isTrue();
    assertThat(runs.run("billwright bill --summary-only").out)
        .contains("  invoices             " + intro.group(1) + "\n", "  credit notes         1 ");
    Matcher aws = Pattern.compile("= \\*\\*\\$([\\d.]+)\\*\\*").matcher(doc);
    List<String> figures = new ArrayList<>();
    while (aws.find()) {
      figures.add(aws.group(1));
    }
    assertThat(figures).as("the AWS Lambda figures of docs/cli.md").hasSize(2);
    Matcher total = Pattern.compile("total \\*\\*\\$([\\d.]+)\\*\\*").matcher(doc);
    assertThat(total.find()).isTrue();
    assertAwsFigures("docs/cli.md", figures.get(0), figures.get(1), total.group(1));
  }

  @Test
  void theReadmesCommandLineOutputIsWhatTheCommandsPrint() {
    String readme = DocCommands.read("README.md");
    // the invoice and the credit note blocks: from the golden run the README names
    assertThat(readme).contains("golden file\n`examples/src/test/resources/golden/bill-otp-india-20000.txt` (`--events 20000`)");
    String bill20000 = runs.run("billwright bill --events 20000").out;
    int checked = 0;
    Matcher block = Pattern.compile("(?m)^```([a-z]*)\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
    String lastBash = null;
    while (block.find()) {
      String lang = block.group(1);
      String text = block.group(2);
      if (lang.isEmpty() && (text.startsWith("INV/") || text.startsWith("CN/"))) {
        DocCommands.assertExcerpt("README.md block '" + text.lines().findFirst().orElse("") + "'", text, bill20000);
        checked++;
      } else if (lang.equals("json") && lastBash != null && lastBash.contains("./billwright einvoice")) {
        // the output of the block's last command, after the bundled month was billed
        List<String> commands = DocCommands.bashCommands("```bash\n" + lastBash + "\n```");
        String command = commands.get(commands.size() - 1);
        Cli r = runs.run(command, "./billwright bill --summary-only");
        assertThat(r.code).as(command + " -> " + r).isZero();
        DocCommands.assertJsonExcerpt("README.md, output of " + command, text, r.out);
        checked++;
      }
      lastBash = lang.equals("bash") ? text : null;
    }
    assertThat(checked).as("README output blocks checked").isEqualTo(3);

    Matcher aws = Pattern.compile("compute USD ([\\d.]+), requests ([\\d.]+),\\s+total ([\\d.]+)").matcher(readme);
    assertThat(aws.find()).as("README's AWS Lambda figures").isTrue();
    assertAwsFigures("README.md", aws.group(1), aws.group(2), aws.group(3));
  }

  private static void assertAwsFigures(String where, String compute, String requests, String total) {
    Cli r = runs.run("billwright bill --example aws-lambda");
    assertThat(r.code).as(r.toString()).isZero();
    List<String> lines = r.out.lines().toList();
    assertThat(lines).as(where + ": compute").anyMatch(l -> l.contains(" Compute (GB-seconds) ")
        && l.matches(".*\\s" + Pattern.quote(compute) + "\\s+" + Pattern.quote(compute) + "$"));
    assertThat(lines).as(where + ": requests").anyMatch(l -> l.contains(" Requests ")
        && l.matches(".*\\s" + Pattern.quote(requests) + "\\s+" + Pattern.quote(requests) + "$"));
    assertThat(lines).as(where + ": total").anyMatch(l -> l.matches("\\s+Total\\s+" + Pattern.quote(total)));
  }
}
