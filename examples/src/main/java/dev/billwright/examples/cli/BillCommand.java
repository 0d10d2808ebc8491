package dev.billwright.examples.cli;

import dev.billwright.examples.data.Customer;
import dev.billwright.examples.data.Dataset;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code billwright bill}: a whole billing month. Loads meters, plans and customers (the bundled
 * Indian OTP provider by default), generates the month's events with a seeded generator (or
 * reads an NDJSON/CSV file), aggregates them, draws prepaid wallets down day by day, runs the
 * bill run with GST and writes each finalized invoice as JSON to {@code OUT/invoices/}, then
 * prints a readable table per invoice and a run summary. The same command gives the same
 * invoice numbers and bytes every time.
 */
@Command(name = "bill", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Bill a month: events -> usage -> invoices with explanations and GST.",
        "Without options, bills the bundled month of an Indian OTP provider (October 2026, ~1 million events)."})
public final class BillCommand implements Callable<Integer> {
  /** Threshold above which generated events are not written to a file unless asked. */
  static final long STREAM_ABOVE = 10_000_000L;

  /** Where the bundled otp-india month is written by default. */
  static final String DEFAULT_OUT = "target/bill-run";
  /** The events billed by default with --via-kafka: the demo stays within a couple of minutes on 2 cores. */
  static final long VIA_KAFKA_EVENTS = 100_000L;

  /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
  private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

  @Spec
  private CommandSpec spec;

  @Option(names = "--example", paramLabel = "NAME",
      description = "Bundled data set: otp-india (default), aws-lambda (AWS Lambda pricing example 1) or multi-currency "
          + "(USD prices invoiced in EUR, JPY, KWD, INR and GBP at published rates).")
  private String example;

  @Option(names = "--meters", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "Meters JSON ({\"meters\": [...]}).")
  private Path meters;

  @Option(names = "--plans", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "Plans JSON ({\"plans\": [...]}).")
  private Path plans;

  @Option(names = "--customers", converter = OptionTypes.InputFile.class, paramLabel = "FILE",
      description = "Customers JSON: month, zone, supplier, customers with subscriptions (see docs/cli.md).")
  private Path customers;

  @Option(names = "--events", paramLabel = "N",
      description = "Number of events to generate (default: the data set's, 1,000,000 for otp-india; "
          + "for aws-lambda the number of requests).")
  private Long events;

  @Option(names = "--events-file", converter = OptionTypes.InputFile.class, paramLabel = "FILE",
      description = "Read events from this NDJSON or CSV file instead of generating them.")
  private Path eventsFile;

  @Option(names = "--no-events-file", description = "Aggregate generated events without also writing "
      + "OUT/events.ndjson for later runs (automatic above 10,000,000 events).")
  private boolean noEventsFile;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Directory for invoices/*.json, credit-notes/*.json, events.ndjson and the store (default: "
          + DEFAULT_OUT + " for the bundled otp-india month, " + DEFAULT_OUT + "-NAME for --example NAME, "
          + DEFAULT_OUT + "-own for your own --meters/--plans/--customers), so examples never overwrite each other.")
  private Path out;

  @Option(names = "--store", paramLabel = "URL",
      description = "Where invoices, numbers and credit notes are kept: a JDBC URL (jdbc:postgresql://host:5432/db"
          + "?user=...&password=..., or jdbc:h2:file:PATH), 'memory' for none, or by default an embedded database in "
          + "OUT/store. Billing the same month again creates nothing; a run killed part-way completes on the next.")
  private String store;

  @Option(names = "--no-explain", description = "Do not print the pricing explanation under usage lines.")
  private boolean noExplain;

  @Option(names = "--summary-only", description = "Print only the run summary, not each invoice.")
  private boolean summaryOnly;

  @Option(names = "--tolerate-unusable", description = "Exit 0 even if some events could not be used (a value a "
      + "meter cannot read, or no billing period): they are listed in the summary and not billed. Without it such "
      + "a run exits 1.")
  private boolean tolerateUnusable;

  @Option(names = "--render", paramLabel = "pdf|html", description = "Also write each invoice and credit note as a "
      + "document: OUT/documents/NUMBER.pdf (GST tax invoice or credit note for a GST supplier, else a generic "
      + "invoice or credit note).")
  private String render;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Write the bill-run report: totals per "
      + "customer and charge, revenue by charge and events by day as inline SVG charts, wallets and alerts, "
      + "unclaimed and rejected usage.")
  private Path report;

  @Option(names = "--top-up-via", paramLabel = "stripe-stub", description = "Top prepaid wallets up through a "
      + "payment gateway: 'stripe-stub' sends each top-up through the Stripe adapter (the real Stripe SDK) to a local "
      + "stub of Stripe's API on a loopback port and credits the wallet once from the signed, verified webhook. "
      + "A demo: no real provider is called. Without it wallets are credited directly.")
  private String topUpVia;

  @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "10",
      description = "When standard error is not a terminal: print a progress line every SECONDS while events are "
          + "generated and read (0: every 65,536 events; default: ${DEFAULT-VALUE}). On a terminal a progress bar "
          + "is drawn instead.")
  private long progressEvery;

  @Option(names = "--checkpoint-every", paramLabel = "N", hidden = true, defaultValue = "-1",
      description = "With a store: save the metering state every N records, reading the events in order; 0: never; "
          + "default: every 100,000 for events generated without a file (--no-events-file, above 10 million), "
          + "else never (a file is read again in full, on every core).")
  private int checkpointEvery;

  @Option(names = "--via-kafka", description = "Aggregate the usage on Kafka Streams instead of in this process: "
      + "starts a Kafka node in-process (loopback, log directory under OUT/kafka), produces the events to a "
      + "4-partition topic, aggregates them on two application instances (exactly_once_v2) and bills from the "
      + "streamed aggregates read back by interactive queries. The invoices are those of 'bill' with the same events. "
      + "A demo of billing-kafka; without --events it takes the first 100,000 events.")
  private boolean viaKafka;

  /** Creates the command; used by picocli. */
  public BillCommand() {}

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Dataset data = dataset(example, meters, plans, customers);
    if (out == null) {
      out = defaultOut(example, meters != null || plans != null || customers != null);
    }
    if (progressEvery < 0) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE,
          "--progress-every", progressEvery, "0 or more seconds");
    }
    long count = events != null ? events : viaKafka ? Math.min(VIA_KAFKA_EVENTS, data.eventCount()) : data.eventCount();
    if (viaKafka && events == null && count < data.eventCount()) {
      spec.commandLine().getErr().println("billwright: --via-kafka bills the first " + count + " of the data set's "
          + data.eventCount() + " events by default (compare with 'bill --events " + count + "'; pass --events for more)");
    }
    if (count < 0) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "--events",
          count, "0 or more");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    MonthRun.Options o = new MonthRun.Options();
    o.data = data;
    o.events = count;
    o.eventsFile = eventsFile;
    o.outDir = out;
    o.writeEvents = !noEventsFile && count <= STREAM_ABOVE;
    if (!noEventsFile && count > STREAM_ABOVE && eventsFile == null) {
      stderr.println("billwright: " + Text.number(java.math.BigDecimal.valueOf(count))
          + " events: aggregating as they are generated (no events.ndjson)");
    }
    o.progress = stderr;
    // a bar only on a terminal (and writing to the real standard error); else lines, so redirected runs show progress
    o.progressBar = System.console() != null && BillwrightCli.isStandardErr(stderr);
    o.progressEverySeconds = progressEvery;
    o.eventsByDay = report != null;
    if (checkpointEvery < -1) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE,
          "--checkpoint-every", checkpointEvery, "0 or more");
    }
    o.checkpointEvery = checkpointEvery;
    RenderCommand.Format documents = render == null ? null : RenderCommand.Format.of(render);
    String where = storeUrl(store, out);
    // the schema migration reports through java.util.logging: keep the command's output to its own lines
    FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
    if (topUpVia != null && !topUpVia.equals("stripe-stub")) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "--top-up-via",
          topUpVia, "stripe-stub");
    }
    MonthRun.Outcome r;
    try (StripeStubTopUps viaStripe = topUpVia == null ? null : new StripeStubTopUps();
        dev.billwright.store.jdbc.JdbcStore db = where == null ? null
        : dev.billwright.store.jdbc.JdbcStore.open(where, null, null,
            dev.billwright.store.jdbc.JdbcStoreSettings.DEFAULTS.withActor("billwright-cli"), java.time.Clock.systemUTC())) {
      o.store = db;
      if (viaStripe != null) {
        o.topUps = viaStripe;
      }
      if (viaKafka) {
        o.via = new KafkaVia(out.resolve("kafka"), stderr);
      }
      r = MonthRun.run(o);
      if (db != null) {
        db.auditLog().append(dev.billwright.invoice.AuditRecord.of(dev.billwright.invoice.AuditRecord.ENTITY_BILL_RUN,
            data.name() + "/" + data.month(), "completed", null,
            "{\"created\":" + r.invoices.size() + ",\"already_stored\":" + r.existing.size() + ",\"failures\":"
                + r.failures.size() + "}", "billwright-cli", "bill", java.time.Instant.now()));
      }
    }
    if (r.meteringRunId != null && r.meteringResumedFrom > 0) {
      stderr.println(r.meteringResumedFrom == r.meteringRecords
          ? "Metering: " + r.meteringRecords + " record(s) already aggregated by an earlier run (checkpoint "
              + r.meteringRunId + "); nothing aggregated again."
          : "Metering: resumed from the checkpoint of " + r.meteringRunId + " at record " + r.meteringResumedFrom
              + " of " + r.meteringRecords + ".");
    }
    if (where != null) {
      // on standard error, like the time taken: standard output stays the same whatever the store's path
      stderr.println(r.invoices.isEmpty() && r.creditNotes.isEmpty() && !r.existing.isEmpty()
          ? "Nothing new: " + r.existing.size() + " invoice(s) of " + data.month() + " were already in the store ("
              + dev.billwright.store.jdbc.JdbcStore.redactedUrl(where) + "); this run created none (for a fresh run "
              + "give another --out DIR, or --store memory)."
          : "Store " + dev.billwright.store.jdbc.JdbcStore.redactedUrl(where) + ": " + r.invoices.size()
              + " invoice(s) created, " + r.existing.size() + " already stored.");
    }
    writeInvoices(r);
    if (documents != null) {
      int n = Documents.write(r, out.resolve("documents"), documents);
      stderr.println("billwright: wrote " + n + " documents to " + out.resolve("documents"));
    }
    if (report != null) {
      RenderCommand.write(report, Documents.report(r).getBytes(StandardCharsets.UTF_8));
      stderr.println("billwright: wrote the bill-run report " + report);
    }
    if (!summaryOnly) {
      List<Invoice> byCustomer = new ArrayList<>(r.invoices);
      byCustomer.sort(Comparator.comparing(Invoice::customerId));
      for (Invoice i : byCustomer) {
        Customer c = data.customer(i.customerId()).orElse(null);
        stdout.print(InvoiceText.render(i, c, data.zone(), !noExplain, MonthRun.notes(i)));
        stdout.println();
      }
      for (dev.billwright.invoice.CreditNote cn : r.creditNotes) {
        Invoice original = r.invoices.stream().filter(i -> i.id().equals(cn.invoiceId())).findFirst().orElseThrow();
        Customer c = data.customer(original.customerId()).orElse(null);
        stdout.print(InvoiceText.renderCreditNote(cn, original, c, data.zone()));
        stdout.println();
      }
    }
    if (!r.walletLog.isEmpty()) {
      stdout.println("Prepaid wallets (drawn down in real time, topped up when low, netted off at invoicing):");
      r.walletLog.forEach(l -> stdout.println("  " + l));
      stdout.println();
    }
    summary(r, stdout);
    stdout.flush();
    stderr.printf("time taken: %.1f s%n", (System.nanoTime() - started) / 1e9);
    long unusable = unusableEvents(r);
    if (unusable > 0 && !tolerateUnusable) {
      stderr.println("billwright: " + unusable + " event(s) could not be used and were not billed (see the run"
          + " summary); pass --tolerate-unusable to accept the invoices without them");
    }
    stderr.flush();
    return r.failures.isEmpty() && (unusable == 0 || tolerateUnusable) ? 0 : 1;
  }

  /**
   * The default output directory: each bundled example and your own data have their own, so that
   * billing one never replaces the files (or the store) of another.
   */
  static Path defaultOut(String example, boolean ownFiles) {
    if (ownFiles) {
      return Path.of(DEFAULT_OUT + "-own");
    }
    return Path.of(example == null || example.equals("otp-india") ? DEFAULT_OUT : DEFAULT_OUT + "-" + example);
  }

  /** The events the aggregation could not use for at least one meter (counted once each). */
  static long unusableEvents(MonthRun.Outcome r) {
    return r.aggregation.unusable().stream().map(dev.billwright.metering.UnusableEvent::event).distinct().count();
  }

  /** The JDBC URL of the store option, or null for in memory. */
  static String storeUrl(String option, Path out) {
    if (option == null) {
      return dev.billwright.store.jdbc.JdbcStore.embeddedUrl(out.resolve("store"));
    }
    if (option.equals("memory")) {
      return null;
    }
    if (!option.startsWith("jdbc:")) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "--store",
          option, "a JDBC URL (jdbc:postgresql://host:5432/db or jdbc:h2:file:PATH) or 'memory'");
    }
    return option;
  }

  static Dataset dataset(String example, Path meters, Path plans, Path customers) {
    if (example != null && (meters != null || plans != null || customers != null)) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "--example",
          example, "either --example or --meters/--plans/--customers, not both");
    }
    if (meters == null && plans == null && customers == null) {
      return Dataset.bundled(example == null ? "otp-india" : example);
    }
    return Dataset.load(meters, plans, customers);
  }

  static void summary(MonthRun.Outcome r, PrintWriter w) {
    Dataset data = r.data;
    w.println("Run summary (" + data.name() + ", " + data.month() + ", " + data.zone() + ")");
    w.println("  customers            " + data.customers().size());
    w.println("  events read          " + Text.number(java.math.BigDecimal.valueOf(r.aggregation.eventsRead())));
    w.println("  events counted       " + Text.number(java.math.BigDecimal.valueOf(r.aggregation.eventsBilled()))
        + " (each for one subscription)");
    w.println("  duplicates dropped   " + Text.number(java.math.BigDecimal.valueOf(r.aggregation.duplicatesDropped())));
    w.println("  late events          " + Text.number(java.math.BigDecimal.valueOf(r.aggregation.lateEvents().size()))
        + " (for an invoiced period: routed as corrections, not billed)");
    w.println("  conflicting ids      " + r.aggregation.conflicts().size());
    w.println("  events without meter " + Text.number(java.math.BigDecimal.valueOf(r.aggregation.eventsWithoutMeter()))
        + " (no meter counts them, e.g. filtered out)");
    w.println("  unusable events      " + Text.number(java.math.BigDecimal.valueOf(unusableEvents(r)))
        + " (a value a meter cannot use: not counted by that meter)");
    r.aggregation.unusable().stream().limit(5).forEach(u -> w.println("    UNUSABLE " + u.reason()));
    if (r.aggregation.unusable().size() > 5) {
      w.println("    ... and " + (r.aggregation.unusable().size() - 5) + " more");
    }
    w.println("  unclaimed events     " + Text.number(java.math.BigDecimal.valueOf(r.unclaimed.events()))
        + " (no subscription meters them at their time: reported, not billed)");
    if (!r.unclaimed.counts().isEmpty()) {
      w.println("    " + unclaimedDetail(r.unclaimed));
    }
    w.println("  ambiguous events     " + r.unclaimed.ambiguous().size() + " (several subscriptions could take them)");
    w.println("  invoices             " + r.invoices.size() + (r.existing.isEmpty() ? ""
        : " created (" + r.existing.size() + " already stored by an earlier run)"));
    Map<Currency, Money> totals = new LinkedHashMap<>();
    Map<Currency, Money> due = new LinkedHashMap<>();
    for (Invoice i : r.invoices) {
      totals.merge(i.currency(), i.totals().total(), Money::plus);
      due.merge(i.currency(), i.totals().amountDue(), Money::plus);
    }
    totals.forEach((c, m) -> w.println("  total " + c.getCurrencyCode() + "            " + Text.amount(m)
        + " (amount due " + Text.amount(due.get(c)) + ")"));
    w.println("  credit notes         " + r.creditNotes.size() + (r.existingCreditNotes.isEmpty() ? ""
        : " created (" + r.existingCreditNotes.size() + " already stored)") + (r.creditNotes.isEmpty() ? ""
        : " (total " + Text.amount(Money.total(r.creditNotes.get(0).currency(),
            r.creditNotes.stream().map(dev.billwright.invoice.CreditNote::total).toList())) + ")"));
    w.println("  alerts               " + r.alerts.size());
    for (var f : r.failures) {
      w.println("  FAILED " + f.subscriptionId() + " [" + f.code() + "]: " + f.message());
    }
  }

  /** The unclaimed counts as "cus_1 otp 2, cus_2 otp 1". */
  private static String unclaimedDetail(dev.billwright.rating.UnclaimedUsage u) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    u.counts().forEach((customer, meters) -> meters.forEach((meter, n) -> parts.add(customer + " " + meter + " " + n)));
    return String.join(", ", parts);
  }

  private void writeInvoices(MonthRun.Outcome r) {
    Path dir = out.resolve("invoices");
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.json")) {
        for (Path p : old) {
          Files.delete(p);
        }
      }
      List<Invoice> all = new ArrayList<>(r.existing);
      all.addAll(r.invoices);
      for (Invoice i : all) {
        Files.writeString(dir.resolve(fileName(i)), Json.write(InvoiceJson.write(i)) + "\n", StandardCharsets.UTF_8);
      }
      Path notes = out.resolve("credit-notes");
      Files.createDirectories(notes);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(notes, "*.json")) {
        for (Path p : old) {
          Files.delete(p);
        }
      }
      List<dev.billwright.invoice.CreditNote> allNotes = new ArrayList<>(r.existingCreditNotes);
      allNotes.addAll(r.creditNotes);
      for (dev.billwright.invoice.CreditNote cn : allNotes) {
        Files.writeString(notes.resolve(cn.number().orElse(cn.id()).replace('/', '-') + ".json"),
            Json.write(dev.billwright.invoice.CreditNoteJson.write(cn)) + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fileName(Invoice i) {
    return i.number().orElse(i.id()).replace('/', '-') + ".json";
  }
}
