package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a new user meets first: {@code -V} on every command, a missing file or a word where a
 * number belongs named with its option, {@code preview} refusing bad arguments before its run,
 * {@code quote --events} counting what the bill run counts, and progress on a redirected run.
 */
class CliRoughEdgesTest {
  @TempDir
  Path tmp;

  /** Every command and subcommand, as the words that name it. */
  private static List<List<String>> commands() {
    List<List<String>> out = new ArrayList<>();
    walk(new CommandLine(new BillwrightCli()), new ArrayList<>(), out);
    return out;
  }

  private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    c.getSubcommands().forEach((name, sub) -> {
      List<String> p = new ArrayList<>(path);
      p.add(name);
      walk(sub, p, out);
    });
  }

  private static CommandLine command(List<String> path) {
    CommandLine c = new CommandLine(new BillwrightCli());
    for (String name : path) {
      c = c.getSubcommands().get(name);
    }
    return c;
  }

  private static String[] args(List<String> path, String... more) {
    List<String> a = new ArrayList<>(path);
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void everyCommandPrintsTheVersion() {
    List<List<String>> all = commands();
    assertThat(all).hasSizeGreaterThan(8);
    for (List<String> path : all) {
      for (String flag : List.of("-V", "--version")) {
        Cli r = Cli.run(args(path, flag));
        assertThat(r.code).as(path + " " + flag + " -> " + r).isZero();
        assertThat(r.out).as(path + " " + flag).isEqualTo(BillwrightCli.VERSION + System.lineSeparator());
      }
    }
  }

  /** Path options that name a file the command writes (or a directory it fills), not one it reads. */
  private static final Set<String> OUTPUTS = Set.of("bill --out", "bill --report", "render --out");

  @Test
  void everyInputFileOptionSaysFileNotFound() {
    int checked = 0;
    for (List<String> path : commands()) {
      for (OptionSpec o : command(path).getCommandSpec().options()) {
        if (o.type() != Path.class) {
          continue;
        }
        String name = String.join(" ", path) + " " + o.longestName();
        if (OUTPUTS.contains(name)) {
          continue;
        }
        assertThat(o.converters()).as(name + " is read: it is checked to exist")
            .anyMatch(c -> c instanceof OptionTypes.InputFile);
        String missing = tmp.resolve("no-such-" + o.longestName().substring(2) + ".json").toString();
        Cli r = Cli.run(args(path, o.longestName(), missing));
        assertThat(r.code).as(name + " -> " + r).isEqualTo(2);
        assertThat(r.err).as(name).contains("'" + o.longestName() + "'", "file not found: " + missing)
            .doesNotContain("invalid_document").doesNotContain("Exception");
        checked++;
      }
    }
    assertThat(checked).as("input file options").isGreaterThan(15);
    Cli dir = Cli.run("quote", "--price", tmp.toString(), "--quantity", "1");
    assertThat(dir.code).isEqualTo(2);
    assertThat(dir.err).contains("'--price'", "is a directory, expected a file");
    Cli conform = Cli.run("conform", tmp.resolve("no-cases").toString());
    assertThat(conform.code).isEqualTo(2);
    assertThat(conform.err).contains("file not found: " + tmp.resolve("no-cases"));
  }

  @Test
  void everyNumericOptionNamesTheOptionTheValueAndWhatWasExpected() {
    int checked = 0;
    for (List<String> path : commands()) {
      for (OptionSpec o : command(path).getCommandSpec().options()) {
        Class<?> t = o.type();
        boolean decimal = t == BigDecimal.class;
        boolean whole = t == long.class || t == Long.class || t == int.class || t == Integer.class;
        if (!decimal && !whole) {
          continue;
        }
        String name = String.join(" ", path) + " " + o.longestName();
        Cli r = Cli.run(args(path, o.longestName(), "abc"));
        assertThat(r.code).as(name + " -> " + r).isEqualTo(2);
        assertThat(r.err).as(name).startsWith("billwright: error [usage]: ")
            .contains("'" + o.longestName() + "'", "got 'abc'", decimal ? "expected a decimal number" : "expected a whole number")
            .doesNotContain("NumberFormatException").doesNotContain("java.");
        checked++;
      }
    }
    assertThat(checked).as("numeric options").isGreaterThanOrEqualTo(5);
  }

  @Test
  void previewChecksItsArgumentsBeforeItsRun() {
    // 100 million events would take many minutes to generate: each error must come first
    for (String[] bad : List.of(
        new String[] {"--change", "upgrade:no-such-plan@1"},
        new String[] {"--change", "upgrade:otp-scale"},
        new String[] {"--change", "seats:many"},
        new String[] {"--change", "pause"},
        new String[] {"--at", "yesterday"},
        new String[] {"--at", "2027-01-05T00:00:00+05:30"})) {
      long started = System.nanoTime();
      List<String> a = new ArrayList<>(List.of("preview", "--subscription", "sub_paysetu", "--events", "100000000"));
      a.addAll(List.of(bad));
      Cli r = Cli.run(a.toArray(new String[0]));
      double secs = (System.nanoTime() - started) / 1e9;
      assertThat(r.code).as(a + " -> " + r).isEqualTo(2);
      assertThat(r.err).as(a.toString()).startsWith("billwright: error [").contains(bad[0]);
      assertThat(r.out).as(a.toString()).isEmpty();
      assertThat(secs).as(a + ": seconds before the error").isLessThan(30);
    }
    Cli sub = Cli.run("preview", "--subscription", "sub_nobody", "--events", "100000000");
    assertThat(sub.code).isEqualTo(2);
    assertThat(sub.err).contains("'--subscription'", "sub_yatrabus_partners");
    Cli negative = Cli.run("preview", "--subscription", "sub_paysetu", "--events", "-1");
    assertThat(negative.code).isEqualTo(2);
    assertThat(negative.err).contains("'--events'", "0 or more");
  }

  private Path write(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** Events for a meter counting delivered SMS OTPs: 3 delivered, 2 failed, 1 of another type. */
  private Path events() throws IOException {
    return write("events.ndjson", """
        {"id": "e1", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-03T10:00:00Z", "properties": {"status": "delivered", "channel": "sms"}}
        {"id": "e2", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-03T10:01:00Z", "properties": {"status": "failed", "channel": "sms"}}
        {"id": "e3", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-03T10:02:00Z", "properties": {"status": "delivered", "channel": "sms"}}
        {"id": "e4", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-03T10:03:00Z", "properties": {"status": "failed", "channel": "sms"}}
        {"id": "e5", "customer": "cus_1", "event_type": "otp.sent", "timestamp": "2026-10-03T10:04:00Z", "properties": {"status": "delivered", "channel": "whatsapp"}}
        {"id": "e6", "customer": "cus_1", "event_type": "login", "timestamp": "2026-10-03T10:05:00Z", "properties": {"status": "delivered", "channel": "sms"}}
        """);
  }

  private static final String METERS = """
      {"meters": [{"code": "delivered", "event_type": "otp.sent", "aggregation": "count",
                   "filters": {"status": ["delivered"]}}]}""";

  private static final String PLAN = """
      {"code": "otp-basic", "version": 1, "status": "active", "currency": "INR",
       "billing": {"cadence": "P1M", "alignment": "calendar", "time_zone": "Asia/Kolkata", "proration": "days"},
       "charges": [{"code": "otp", "name": "OTP", "kind": "usage", "meter": "delivered", "tax_code": "SAC:998319",
                    "price": {"model": "per_unit", "unit_price": "0.50"}},
                   {"code": "sms", "name": "SMS OTP", "kind": "usage", "meter": "delivered", "tax_code": "SAC:998319",
                    "filters": {"channel": ["sms"]}, "price": {"model": "per_unit", "unit_price": "0.25"}}]}""";

  @Test
  void quoteCountsTheEventsTheChargesMeterCounts() throws IOException {
    Path events = events();
    Path meters = write("defs/meters.json", METERS);
    Path plan = write("plan-only/plan.json", PLAN);
    // the meter's filter (status = delivered): e2 and e4 failed and e6 is another event type
    Cli r = Cli.run("quote", "--plan", plan.toString(), "--charge", "otp", "--events", events.toString(), "--meters",
        meters.toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("quantity 3\n", "events: 6 read, 3 counted by meter otp-basic@1/otp", "3 not",
        "Amount           INR 1.50");
    // the charge's own filter narrows the meter's (channel = sms): e1 and e3
    Cli sms = Cli.run("quote", "--plan", plan.toString(), "--charge", "sms", "--events", events.toString(), "--meters",
        meters.toString());
    assertThat(sms.out).as(sms.toString()).contains("quantity 2\n", "Amount           INR 0.50");
    // meters.json beside the plan file is taken without --meters
    Path beside = write("together/plan.json", PLAN);
    write("together/meters.json", METERS);
    Cli found = Cli.run("quote", "--plan", beside.toString(), "--charge", "otp", "--events", events.toString());
    assertThat(found.out).as(found.toString()).contains("quantity 3\n", "Amount           INR 1.50");
    // no definition of the charge's meter anywhere: said so, with what to do
    Cli none = Cli.run("quote", "--plan", plan.toString(), "--charge", "otp", "--events", events.toString());
    assertThat(none.code).isEqualTo(2);
    assertThat(none.err).contains("'--meters'", "meter 'delivered'", "give --meters FILE");
    // a price file: every event counts, unless --meter picks one
    Path price = write("price.json", "{\"model\": \"per_unit\", \"unit_price\": \"0.50\"}");
    Cli all = Cli.run("quote", "--price", price.toString(), "--events", events.toString());
    assertThat(all.out).as(all.toString()).contains("quantity 6\n", "every one counted");
    Cli picked = Cli.run("quote", "--price", price.toString(), "--events", events.toString(), "--meters",
        meters.toString(), "--meter", "delivered");
    assertThat(picked.out).as(picked.toString()).contains("quantity 3\n", "Amount           INR 1.50");
    Cli meterWithoutEvents = Cli.run("quote", "--price", price.toString(), "--quantity", "2", "--meter", "delivered");
    assertThat(meterWithoutEvents.code).isEqualTo(2);
    assertThat(meterWithoutEvents.err).contains("'--meter'", "only with --events");
  }

  @Test
  void quoteWithTheBundledPlansUsesTheBundledMeters() throws IOException {
    Path events = events();
    Path plans = DocCommands.ROOT.resolve("examples/src/main/resources/bundled/otp-india/plans.json");
    Cli r = Cli.run("quote", "--plan", plans.toString(), "--charge", "otp", "--events", events.toString());
    assertThat(r.code).as(r.toString()).isZero();
    // otp_delivered counts delivered otp.sent events: e1, e3, e5 (no country: the matrix's default cell)
    assertThat(r.out).contains("events: 6 read, 3 counted by meter otp-growth@1/otp", "quantity 3\n");
  }

  @Test
  void aRedirectedBillPrintsProgressLines() {
    Cli r = Cli.run("bill", "--events", "140000", "--progress-every", "0", "--summary-only", "--store", "memory",
        "--out", tmp.resolve("run").toString());
    assertThat(r.code).as(r.toString()).isZero();
    // standard error is not a terminal here: lines, not a bar redrawn with carriage returns
    // a fresh directory: the events are metered as they are generated (and written), not read back
    assertThat(r.err).contains("billwright: generating 65,536 of 140,000 events (46 %)",
        "billwright: generating 131,072 of 140,000 events (93 %)")
        .doesNotContain("\r").doesNotContain("billwright: reading");
    assertThat(r.out).doesNotContain("billwright: generating");
    // again into the same directory: the file written is read
    Cli again = Cli.run("bill", "--events", "140000", "--progress-every", "0", "--summary-only", "--store", "memory",
        "--out", tmp.resolve("run").toString());
    assertThat(again.code).as(again.toString()).isZero();
    assertThat(again.err).contains("billwright: reading 65,536 of 140,000 events (46 %)")
        .doesNotContain("\r").doesNotContain("billwright: generating");
    assertThat(again.out).isEqualTo(r.out);
  }
}
