package dev.billwright.examples.cli;

import dev.billwright.alert.Alert;
import dev.billwright.alert.AlertEvaluator;
import dev.billwright.alert.AlertRule;
import dev.billwright.alert.AlertState;
import dev.billwright.alert.Observation;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.credit.CapMode;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DeductionRequest;
import dev.billwright.credit.DeductionResult;
import dev.billwright.credit.DueLine;
import dev.billwright.credit.NetOffResult;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.examples.data.Customer;
import dev.billwright.examples.data.Dataset;
import dev.billwright.examples.data.LambdaEventGenerator;
import dev.billwright.examples.data.OtpEventGenerator;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.memory.FixedExchangeRates;
import dev.billwright.memory.InMemoryAlertSink;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.memory.InMemoryWalletLedger;
import dev.billwright.metering.AggregatedQuantity;
import dev.billwright.metering.AggregationContext;
import dev.billwright.metering.AggregationResult;
import dev.billwright.metering.AggregationRun;
import dev.billwright.metering.CsvEventReader;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.EventReader;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.Meter;
import dev.billwright.metering.NdjsonEventReader;
import dev.billwright.metering.ParallelNdjsonReader;
import dev.billwright.metering.PeriodResolver;
import dev.billwright.metering.QuantityKey;
import dev.billwright.metering.RejectPolicy;
import dev.billwright.metering.UsageAggregator;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.PricingInput;
import dev.billwright.rating.ChargeMeters;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UnclaimedUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.time.BillingPeriod;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One billing month over a data set: events (generated, or read from a file) → bound to
 * subscriptions and aggregated over their usage windows →
 * prepaid drawdown → bill run with GST → finalized invoices. Everything is deterministic: the
 * same data set, event count and seed give the same invoices, numbers and bytes.
 */
final class MonthRun {
  /** What to run. */
  static final class Options {
    Dataset data;
    long events;
    Path eventsFile;
    Path outDir;
    boolean writeEvents = true;
    /** Where progress goes (standard error), or null for none. */
    java.io.PrintWriter progress;
    /** With {@link #progress}: redraw a progress bar (a terminal) instead of printing lines. */
    boolean progressBar;
    /** With {@link #progress} and no bar: seconds between two progress lines (0: at every step). */
    long progressEverySeconds = 10;
    Predicate<UsageEvent> eventFilter = e -> true;
    Map<String, Subscription> subscriptionOverride = Map.of();
    java.util.Set<String> onlySubscriptions;
    Instant asOf;
    boolean preview;
    /** Count the events of the month per event type and day (for the bill-run report). */
    boolean eventsByDay;
    /** Where invoices, numbers and credit notes are kept; null: in memory for this run only. */
    dev.billwright.store.jdbc.JdbcStore store;
    /** Read an NDJSON file with one {@link NdjsonEventReader} in order (the reference path tests compare with). */
    boolean sequentialReader;
    /** How prepaid wallets are topped up; by default credited directly (no payment provider). */
    TopUpChannel topUps = TopUpChannel.DIRECT;
    /** With a store: the records aggregated between two metering checkpoints; 0: none; -1: every {@link #DEFAULT_CHECKPOINT_EVERY} for events streamed without a file, else none. */
    int checkpointEvery = -1;
    /** Where the subscription-bound aggregation runs; null: in this process. */
    AggregationVia via;
  }

  /**
   * Runs the subscription-bound aggregation somewhere else (Kafka Streams, {@link KafkaVia}): the
   * events are handed over one by one and the result read back.
   */
  interface AggregationVia {
    /**
     * Opens a pipeline for the configured aggregator.
     *
     * @param aggregator the aggregator this run would use in process
     * @return the pipeline
     */
    Pipeline open(SubscriptionUsageAggregator aggregator);

    /** One aggregation in progress. */
    interface Pipeline {
      /** Hands one event over. */
      void accept(UsageEvent event);

      /** Waits until every event handed over is aggregated and returns the result; then closes. */
      SubscriptionUsage finish();
    }
  }

  /** The records aggregated between two metering checkpoints by default. */
  static final int DEFAULT_CHECKPOINT_EVERY = 100_000;

  /**
   * How a prepaid wallet's top-up reaches the wallet: directly (the default), or through a
   * payment gateway whose webhook credits the wallet ({@link StripeStubTopUps}).
   */
  interface TopUpChannel {
    /** Credits the wallet at once, without a payment provider (the bundled month's default). */
    TopUpChannel DIRECT = (wallet, account, grantId, amount, at) -> {
      wallet.topUp(account, CreditGrant.paid(grantId, account.walletId(), amount, at));
      return java.util.Optional.empty();
    };

    /**
     * Tops the wallet up by {@code amount} under the grant id {@code grantId} (also the
     * idempotency key towards a provider) at {@code at}.
     *
     * @return a line for the wallet log describing how the money came, or empty for none
     */
    java.util.Optional<String> topUp(Wallet wallet, WalletAccount account, String grantId, Money amount, Instant at);
  }

  /** What happened. */
  static final class Outcome {
    Dataset data;
    List<Invoice> invoices = new ArrayList<>();
    List<Invoice> drafts = new ArrayList<>();
    List<dev.billwright.invoice.CreditNote> creditNotes = new ArrayList<>();
    List<BillRunResult.Failure> failures = new ArrayList<>();
    SubscriptionUsage aggregation;
    UnclaimedUsage unclaimed = UnclaimedUsage.NONE;
    long eventsFromSource;
    Path eventsWritten;
    final List<String> walletLog = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    /** With {@link Options#eventsByDay}: the month's events per event type and day, in the data set's zone. */
    final Map<String, java.util.SortedMap<LocalDate, BigDecimal>> eventsByDay = new TreeMap<>();
    /** Finalized invoices an earlier run had already stored (with a store): found, not created. */
    List<Invoice> existing = new ArrayList<>();
    /** Credit notes an earlier run had already stored against the existing invoices (with a store). */
    List<dev.billwright.invoice.CreditNote> existingCreditNotes = new ArrayList<>();
    /** With a store: the metering run's id in the checkpoint table, else null. */
    String meteringRunId;
    /** With a store: the record the metering resumed from (0 for a fresh run; all of them if complete). */
    long meteringResumedFrom;
    /** With a store: the records the metering consumed in all. */
    long meteringRecords;
  }

  private MonthRun() {}

  static Outcome run(Options o) {
    Dataset data = o.data;
    Outcome out = new Outcome();
    out.data = data;
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(data.plans());
    if (o.store != null) {
      // the stored catalog keeps every plan version the store has billed with (publish is idempotent)
      dev.billwright.catalog.PlanCatalog stored = o.store.planCatalog();
      data.plans().forEach(stored::publish);
    }
    BillingPeriod month = data.period();
    Map<String, Customer> prepaid = new LinkedHashMap<>();
    for (Customer c : data.customers()) {
      if (c.prepaid().isPresent()) {
        prepaid.put(c.id(), c);
      }
    }
    // the meters of the prepaid customers' daily run: those their wallets draw down (every plan's
    // meters are derived first, so a bad definition is named as before)
    List<Meter> derived = drawnDown(ChargeMeters.derive(data.plans(), data.meters()), prepaid.values(), catalog);

    // 1. The subscriptions billed (a customer may have several).
    List<Subscription> subs = new ArrayList<>();
    Map<String, Customer> byCustomer = new HashMap<>();
    for (Customer c : data.customers()) {
      for (Subscription s : c.subscriptions()) {
        if (o.onlySubscriptions != null && !o.onlySubscriptions.contains(s.id())) {
          continue;
        }
        subs.add(o.subscriptionOverride.getOrDefault(s.id(), s));
        byCustomer.put(c.id(), c);
      }
    }
    Instant asOf = o.asOf == null ? month.end() : o.asOf;

    // 2. Aggregate: each event is bound to one subscription and counted in that subscription's
    //    own usage windows; windows that ended before the bill month are already invoiced, so
    //    events in them are routed as late corrections; what no subscription claims is reported.
    SubscriptionUsageAggregator aggregator = SubscriptionUsageAggregator.of(subs, catalog, data.meters(),
            asOf.isAfter(month.end()) ? asOf : month.end())
        .withInvoiced(w -> !w.period().end().isAfter(month.start()));
    Progress progress = new Progress(o.progress, expected(o), o.progressBar, o.progressEverySeconds);
    // Durable metering with a store: by default only for events streamed without a file (a file is
    // cheaper to read again in full, on every core, than to checkpoint); `--checkpoint-every N`
    // checkpoints any source, read in order.
    boolean checkpointed = o.store != null && !o.preview && o.via == null
        && (o.checkpointEvery > 0 || (o.checkpointEvery < 0 && o.eventsFile == null && !o.writeEvents));
    AggregationRun daily;
    try (Source source = source(o, out, progress, checkpointed || o.via != null)) {
      if (source.file != null) {
        // an NDJSON file: read on every core, each thread into its own runs, then merged
        Partial total;
        try {
          total = parallel(o, source.file, aggregator, derived, month, prepaid, progress);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + source.file + ": " + e.getMessage(), e);
        }
        progress.done(total.n);
        out.eventsFromSource = total.n;
        out.aggregation = total.run.result();
        total.eventsByDay.forEach((type, days) -> out.eventsByDay.put(type, days));
        daily = total.daily;
      } else {
        SubscriptionUsageAggregator deduplicated = aggregator.withDedup(
            new InMemoryDeduplicationStore(o.via == null ? expectedIds(o) : 1 << 10));
        AggregationRun dailyRun = prepaid.isEmpty() ? null : UsageAggregator.DEFAULT.start(
            AggregationContext.of(derived, new DailyPeriods(month)));
        daily = dailyRun;
        // every record the filter passes, also those a resumed run skips (read again, not aggregated
        // again), goes to the in-memory side views: the prepaid daily drawdown and the report's counts
        Records records = new Records(source.events, o.eventFilter, e -> {
          if (o.eventsByDay && month.contains(e.timestamp())) {
            out.eventsByDay.computeIfAbsent(e.eventType(), t -> new TreeMap<>())
                .merge(e.timestamp().atZone(month.zone()).toLocalDate(), BigDecimal.ONE, BigDecimal::add);
          }
          if (dailyRun != null && prepaid.containsKey(e.customer())) {
            dailyRun.accept(e);
          }
        }, progress);
        if (checkpointed) {
          // durable metering: the aggregation's state is checkpointed in the store with the record
          // position, so a run killed part-way resumes from its last checkpoint on the next run
          out.meteringRunId = meteringRunId(o, subs, asOf);
          dev.billwright.rating.CheckpointedAggregation.Outcome m = dev.billwright.rating.CheckpointedAggregation
              .of(deduplicated, o.store.meteringCheckpoints(),
                  o.checkpointEvery > 0 ? o.checkpointEvery : DEFAULT_CHECKPOINT_EVERY)
              .run(out.meteringRunId, records);
          out.aggregation = m.usage();
          out.meteringResumedFrom = m.resumedFrom();
          out.meteringRecords = m.records();
        } else if (o.via != null) {
          // aggregated elsewhere (Kafka Streams): the events are handed over and the result read back
          AggregationVia.Pipeline via = o.via.open(deduplicated);
          while (records.hasNext()) {
            via.accept(records.next());
          }
          out.aggregation = via.finish();
        } else {
          SubscriptionUsageAggregator.Run run = deduplicated.start();
          while (records.hasNext()) {
            run.accept(records.next());
          }
          out.aggregation = run.result();
        }
        progress.done(records.read);
        out.eventsFromSource = records.read;
      }
    }
    UsageSource usage = UsageSource.of(out.aggregation);

    // 3. Requests: GST per customer, coupons, the series of the financial year, prepaid credits.
    Map<String, Wallets> wallets = new LinkedHashMap<>();
    prepaid.forEach((id, c) -> wallets.put(id, new Wallets(c, catalog, data, o.topUps)));
    BillRunRequest request = BillRunRequest.of(subs, usage, month.start())
        .withTax(sub -> tax(data, byCustomer.get(sub.customerId())))
        .withCoupons(sub -> sub.id().equals(byCustomer.get(sub.customerId()).subscription().id())
            ? coupons(byCustomer.get(sub.customerId())) : List.of())
        .withSeries(invoice -> series(data, invoice))
        .withCredits(invoice -> {
          Wallets w = wallets.get(invoice.customerId());
          return w == null ? List.of() : w.credits(invoice, out);
        });

    // Under GST a reduction of an invoiced supply is a credit note (CGST Act s.34): proration
    // credits after a plan change go on credit notes against the invoice that billed the fee.
    dev.billwright.invoice.InvoiceNumberSequence numbers = o.store == null ? new InMemoryInvoiceNumberSequence()
        : o.store.invoiceNumbers();
    BillRun billRun = new BillRun(catalog, o.store == null ? new InMemoryInvoiceStore() : o.store.invoices(), numbers,
        assembler(data),
        data.supplier().isPresent() ? ProrationCredits.CREDIT_NOTE : ProrationCredits.INVOICE_LINE);
    if (o.store != null) {
      // a run killed part-way left its claims on drafts: this run (one at a time per store) takes them over
      billRun = billRun.withClaimLease(java.time.Duration.ZERO, java.time.Clock.systemUTC())
          .withCreditNotes(o.store.creditNotes(), cn -> creditNoteSeries(data, cn));
    }
    // 4. Opening invoices (fees in advance) at the start of the month; prepaid wallets are topped up first.
    wallets.values().forEach(w -> w.open(month.start(), out));
    BillRunResult opening = billRun.run(withAsOf(request, month.start()));
    collect(opening, out, data, numbers);
    // 5. The month: prepaid usage drawn down day by day, top-ups and low-balance alerts.
    if (daily != null) {
      AggregationResult days = daily.result();
      wallets.values().forEach(w -> w.drawDown(days, month, asOf, out));
    }
    // 6. Closing invoices at the end of the month (the run finds the opening ones already stored).
    if (asOf.isAfter(month.start())) {
      BillRunRequest closing = withAsOf(request, asOf);
      BillRunResult result = billRun.run(o.preview ? closing.asPreview() : closing);
      collect(result, out, data, numbers);
    }
    out.invoices.sort(Comparator.comparing((Invoice i) -> i.number().orElse("~")).thenComparing(Invoice::id));
    out.existing.sort(Comparator.comparing((Invoice i) -> i.number().orElse("~")).thenComparing(Invoice::id));
    if (o.store != null) {
      java.util.Set<String> made = new java.util.HashSet<>();
      out.creditNotes.forEach(cn -> made.add(cn.id()));
      for (Invoice i : out.existing) {
        o.store.creditNotes().listByInvoice(i.id()).stream().filter(cn -> !made.contains(cn.id()))
            .forEach(out.existingCreditNotes::add);
      }
    }
    return out;
  }

  /** Sizes the dedup table for the events expected (a file's size is unknown: the table grows). */
  private static long expectedIds(Options o) {
    if (o.eventsFile != null || "aws-lambda".equals(o.data.generator().orElse(""))) {
      return 1 << 16;
    }
    return Math.max(1 << 10, o.events);
  }

  /**
   * What one thread (or the single-threaded loop) takes from the events: the subscription run,
   * the prepaid customers' daily run, the events per type and day, and the events read.
   */
  private static final class Partial {
    final SubscriptionUsageAggregator.Run run;
    final AggregationRun daily;
    /**
     * The subscription run's dedup answers, when the daily run trusts them instead of asking a
     * store of its own (without conflicting ids every copy of an id is equal, so the first copy
     * for the run is the first for the daily run); null: the daily run deduplicates itself.
     */
    final Recording dedup;
    final Map<String, java.util.SortedMap<LocalDate, BigDecimal>> eventsByDay = new TreeMap<>();
    long n;

    Partial(SubscriptionUsageAggregator.Run run, AggregationRun daily) {
      this(run, daily, null);
    }

    Partial(SubscriptionUsageAggregator.Run run, AggregationRun daily, Recording dedup) {
      this.run = run;
      this.daily = daily;
      this.dedup = dedup;
    }

    void accept(Options o, UsageEvent e, BillingPeriod month, Map<String, Customer> prepaid) {
      n++;
      if (!o.eventFilter.test(e)) {
        return;
      }
      run.accept(e);
      if (o.eventsByDay && month.contains(e.timestamp())) {
        eventsByDay.computeIfAbsent(e.eventType(), t -> new TreeMap<>())
            .merge(e.timestamp().atZone(month.zone()).toLocalDate(), BigDecimal.ONE, BigDecimal::add);
      }
      if (daily != null && prepaid.containsKey(e.customer()) && (dedup == null || dedup.last == DedupOutcome.NEW)) {
        daily.accept(e);
      }
    }

    Partial merge(Partial other) {
      run.merge(other.run);
      if (daily != null) {
        daily.merge(other.daily);
      }
      other.eventsByDay.forEach((type, days) -> days.forEach((day, count) ->
          eventsByDay.computeIfAbsent(type, t -> new TreeMap<>()).merge(day, count, BigDecimal::add)));
      n += other.n;
      return this;
    }
  }

  /**
   * Reads an NDJSON file on every core: byte ranges at line boundaries, each thread into its own
   * {@link Partial} (runs sharing one dedup store), merged. Without conflicting copies of an id
   * the result is that of one thread reading the file in order; with any, which copy counts
   * would depend on timing, so the file is read again in order with fresh stores.
   */
  private static Partial parallel(Options o, Path file, SubscriptionUsageAggregator aggregator, List<Meter> derived,
      BillingPeriod month, Map<String, Customer> prepaid, Progress progress) throws IOException {
    int threads = Runtime.getRuntime().availableProcessors();
    Partial p = readFile(o, file, aggregator, derived, month, prepaid, threads, progress);
    boolean conflicts = !p.run.result().conflicts().isEmpty();
    if (conflicts && threads > 1) {
      p = readFile(o, file, aggregator, derived, month, prepaid, 1, progress);
    }
    return p;
  }

  private static Partial readFile(Options o, Path file, SubscriptionUsageAggregator aggregator, List<Meter> derived,
      BillingPeriod month, Map<String, Customer> prepaid, int threads, Progress progress) throws IOException {
    // events read so far by every thread: each 65,536th reports progress (lines or a bar)
    java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore(expectedLines(file));
    // in parallel the daily run takes the subscription run's dedup answers (a conflict sends the
    // file to the sequential read, where the daily run deduplicates on its own as before)
    boolean trust = threads > 1;
    // each thread's daily run has its own resolver (it remembers the day of the last event)
    java.util.function.Supplier<AggregationContext> dailyContext = () -> prepaid.isEmpty() ? null : trust
        ? new AggregationContext(derived, new DailyPeriods(month), (scope, id, fp) -> DedupOutcome.NEW,
            dev.billwright.metering.InvoicedPeriods.NONE, dev.billwright.metering.CarryIn.NONE)
        : AggregationContext.of(derived, new DailyPeriods(month));
    ParallelNdjsonReader.Outcome<Partial> outcome = ParallelNdjsonReader.read(file, threads, RejectPolicy.FAIL_FAST, null,
        () -> {
          Recording rec = trust ? new Recording(store) : null;
          AggregationContext daily = dailyContext.get();
          return new Partial(aggregator.withDedup(rec == null ? store : rec).start(),
              daily == null ? null : UsageAggregator.DEFAULT.start(daily), rec);
        },
        (partial, e) -> {
          partial.accept(o, e, month, prepaid);
          long n = read.incrementAndGet();
          if ((n & 0xFFFF) == 0) {
            synchronized (progress) {
              progress.update(n);
            }
          }
        },
        // the subscription run asks the store about every event's id in the global scope: a hint
        // per batch of events overlaps the table's memory accesses
        (events, n) -> store.prefetch(dev.billwright.metering.DedupScope.GLOBAL, events, n));
    Partial total = outcome.partials().get(0);
    for (int i = 1; i < outcome.partials().size(); i++) {
      total.merge(outcome.partials().get(i));
    }
    return total;
  }

  /** A thread's view of the shared dedup store that remembers its last answer. */
  private static final class Recording implements dev.billwright.metering.DeduplicationStore {
    private final dev.billwright.metering.DeduplicationStore store;
    DedupOutcome last;

    Recording(dev.billwright.metering.DeduplicationStore store) {
      this.store = store;
    }

    @Override
    public DedupOutcome firstSeen(String scope, String eventId, long fingerprint) {
      last = store.firstSeen(scope, eventId, fingerprint);
      return last;
    }
  }

  /** An estimate of a file's events from the length of its first lines, to size the dedup table once. */
  private static long expectedLines(Path file) throws IOException {
    long size = Files.size(file);
    byte[] head = new byte[(int) Math.min(size, 1 << 20)];
    try (java.io.InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      int lines = 0;
      for (int i = 0; i < n; i++) {
        if (head[i] == '\n') {
          lines++;
        }
      }
      return lines == 0 ? 1 << 10 : Math.max(1 << 10, size / Math.max(1, n / lines));
    }
  }

  private static long expected(Options o) {
    if (o.eventsFile != null) {
      return -1;
    }
    return "aws-lambda".equals(o.data.generator().orElse("")) ? -1 : o.events;
  }

  /** Credit notes have their own gap-free series per financial year (CGST Rule 53). */
  static InvoiceSeries creditNoteSeries(Dataset data, dev.billwright.invoice.CreditNote cn) {
    return data.supplier().isPresent()
        ? InvoiceSeries.indianFinancialYear("CN", cn.issuedAt().atZone(data.zone()).toLocalDate(), 6)
        : InvoiceSeries.of("CN", "CN-", 6);
  }

  private static void collect(BillRunResult result, Outcome out, Dataset data,
      dev.billwright.invoice.InvoiceNumberSequence numbers) {
    for (dev.billwright.invoice.CreditNote cn : result.creditNotes()) {
      // with a store the run has numbered and stored the note already
      out.creditNotes.add(cn.number().isPresent() ? cn : cn.withNumber(numbers.nextNumber(creditNoteSeries(data, cn))));
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    out.invoices.forEach(i -> seen.add(i.id()));
    out.existing.forEach(i -> seen.add(i.id()));
    for (Invoice i : result.existing()) {
      if (i.number().isPresent() && seen.add(i.id())) {
        out.existing.add(i);
      }
    }
    for (Invoice i : result.created()) {
      if (i.number().isPresent()) {
        out.invoices.add(i);
      } else {
        out.drafts.add(i);
      }
    }
    out.failures.addAll(result.failures());
    out.unclaimed = result.unclaimed();
  }

  private static BillRunRequest withAsOf(BillRunRequest r, Instant asOf) {
    return new BillRunRequest(r.subscriptions(), r.usage(), r.tax(), r.coupons(), asOf, r.finalizeInvoices(),
        r.series(), r.credits(), r.earlierCreditNotes());
  }

  /**
   * The invoice assembler: converting lines to each subscription's currency at the data set's
   * published rates ({@code exchange-rates.json}, rule {@code invoice_date}) when it has any.
   */
  static InvoiceAssembler assembler(Dataset data) {
    if (data.exchangeRates().isEmpty()) {
      return InvoiceAssembler.DEFAULT;
    }
    return InvoiceAssembler.DEFAULT.withExchangeRates(rates(data), dev.billwright.money.ExchangeRateDate.INVOICE_DATE);
  }

  /** The data set's published rates ({@code exchange-rates.json}), each from its publication until the next. */
  static dev.billwright.money.ExchangeRateProvider rates(Dataset data) {
    dev.billwright.memory.FixedExchangeRates rates = new dev.billwright.memory.FixedExchangeRates(
        data.exchangeRates().isEmpty() ? "none" : data.exchangeRates().get(0).source());
    data.exchangeRates().forEach(r -> rates.published(r.from(), r.to(), r.rate(), r.publishedAt()));
    return rates;
  }

  /**
   * The tax context of a customer: GST from the data set's supplier; with published rates, a
   * foreign-currency invoice (an export billed in USD) is taxed in INR at the rate for its date
   * of supply (CGST Rule 34, {@code GstTaxCalculator.withExchangeRates}).
   */
  static TaxContext tax(Dataset data, Customer customer) {
    if (data.supplier().isEmpty() || customer == null) {
      return TaxContext.none();
    }
    TaxParty supplier = data.supplier().get().toTaxParty();
    dev.billwright.tax.TaxCalculator calculator = data.exchangeRates().isEmpty() ? GstTaxCalculator.DEFAULT
        : GstTaxCalculator.DEFAULT.withExchangeRates(rates(data));
    return new TaxContext(supplier, customer.party().toTaxParty(), calculator);
  }

  /**
   * The texts the tax engine asked the document to carry (place of supply and its basis,
   * SEZ/export endorsements, reverse charge), as the invoice kept them when tax was applied.
   */
  static List<String> notes(Invoice invoice) {
    return invoice.taxDecision().map(dev.billwright.tax.TaxDecision::notes).orElse(List.of());
  }

  private static List<CouponRedemption> coupons(Customer customer) {
    if (customer == null || customer.coupon().isEmpty()) {
      return List.of();
    }
    Customer.CouponSpec c = customer.coupon().get();
    return List.of(CouponRedemption.start(Coupon.percentage(c.id(), c.percent(), CouponDuration.repeating(c.periods()))));
  }

  static InvoiceSeries series(Dataset data, Invoice invoice) {
    if (data.supplier().isPresent()) {
      return InvoiceSeries.indianFinancialYear(data.seriesCode(), invoice.issuedAt().atZone(data.zone()).toLocalDate(), 6);
    }
    return InvoiceSeries.of(data.seriesCode(), data.seriesCode() + "-", 6);
  }

  /**
   * Days of the month in its zone; events outside the month belong to no day. It remembers the
   * last day it gave (events of a file come mostly in time order), so an event of the same day
   * gets the same period object without a calendar computation; not thread-safe (one per run).
   */
  private static final class DailyPeriods implements PeriodResolver {
    private final BillingPeriod month;
    private Optional<BillingPeriod> last = Optional.empty();
    private Instant lastStart = Instant.MAX;
    private Instant lastEnd = Instant.MIN;

    DailyPeriods(BillingPeriod month) {
      this.month = month;
    }

    @Override
    public Optional<BillingPeriod> periodOf(UsageEvent event) {
      Instant t = event.timestamp();
      if (!t.isBefore(lastStart) && t.isBefore(lastEnd)) {
        return last;
      }
      if (!month.contains(t)) {
        return Optional.empty();
      }
      LocalDate d = t.atZone(month.zone()).toLocalDate();
      BillingPeriod day = BillingPeriod.ofDates(d, d.plusDays(1), month.zone());
      last = Optional.of(day);
      // the part of the day inside the month (all of it for a calendar month of the same zone)
      lastStart = day.start().isBefore(month.start()) ? month.start() : day.start();
      lastEnd = day.end().isAfter(month.end()) ? month.end() : day.end();
      return last;
    }
  }

  /**
   * The derived meters the prepaid customers' wallets are drawn down by: those of the usage
   * charges of each prepaid customer's plan ({@link Wallets#drawDown} reads no other).
   */
  private static List<Meter> drawnDown(List<Meter> derived, java.util.Collection<Customer> prepaid,
      InMemoryPlanCatalog catalog) {
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (Customer c : prepaid) {
      catalog.find(c.subscription().planCode(), c.subscription().planVersion()).ifPresent(plan -> {
        for (Charge charge : plan.charges()) {
          if (charge.kind() == ChargeKind.USAGE) {
            codes.add(ChargeMeters.code(plan, charge));
          }
        }
      });
    }
    List<Meter> out = new ArrayList<>();
    for (Meter m : derived) {
      if (codes.contains(m.code())) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The metering run's id: the data set, the month and a SHA-256 of everything the aggregation
   * depends on (meters, plans, subscriptions, event count or file, seed, as-of instant), so that a
   * checkpoint is resumed only by a run over the same records and definitions.
   */
  static String meteringRunId(Options o, List<Subscription> subs, Instant asOf) {
    StringBuilder what = new StringBuilder();
    Dataset d = o.data;
    what.append(d.name()).append('|').append(d.month()).append('|').append(d.zone()).append('|').append(d.seed())
        .append('|').append(d.generator().orElse("")).append('|').append(o.events).append('|').append(asOf);
    new TreeMap<>(d.meters()).forEach((code, m) -> what.append("|meter ").append(
        dev.billwright.json.Json.write(dev.billwright.metering.MeterJson.write(m))));
    d.plans().forEach(p -> what.append("|plan ").append(dev.billwright.json.Json.write(
        dev.billwright.catalog.PlanJson.write(p))));
    subs.forEach(s -> what.append("|sub ").append(dev.billwright.json.Json.write(
        dev.billwright.subscription.SubscriptionJson.write(s))));
    if (o.eventsFile != null) {
      try {
        what.append("|file ").append(o.eventsFile.toAbsolutePath().normalize()).append(' ')
            .append(Files.size(o.eventsFile)).append(' ').append(Files.getLastModifiedTime(o.eventsFile).toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
          what.toString().getBytes(StandardCharsets.UTF_8));
      return "bill/" + d.name() + "/" + d.month() + "/" + java.util.HexFormat.of().formatHex(h, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The records of the source the filter passes, in order; each one is shown to the side views
   * as it is handed out, and the progress bar counts every record read.
   */
  private static final class Records implements Iterator<UsageEvent> {
    private final Iterator<UsageEvent> source;
    private final Predicate<UsageEvent> filter;
    private final java.util.function.Consumer<UsageEvent> sideViews;
    private final Progress progress;
    private UsageEvent next;
    long read;

    Records(Iterator<UsageEvent> source, Predicate<UsageEvent> filter,
        java.util.function.Consumer<UsageEvent> sideViews, Progress progress) {
      this.source = source;
      this.filter = filter;
      this.sideViews = sideViews;
      this.progress = progress;
    }

    @Override
    public boolean hasNext() {
      while (next == null && source.hasNext()) {
        UsageEvent e = source.next();
        if ((++read & 0xFFFF) == 0) {
          progress.update(read);
        }
        if (filter.test(e)) {
          next = e;
        }
      }
      return next != null;
    }

    @Override
    public UsageEvent next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      UsageEvent e = next;
      next = null;
      sideViews.accept(e);
      return e;
    }
  }

  // ------------------------------------------------------------------ event sources

  /** The events of a run and what to close afterwards. */
  private static final class Source implements AutoCloseable {
    final Iterator<UsageEvent> events;
    final java.io.Closeable reader;
    /** An NDJSON file to read in parallel instead of the iterator, or null. */
    final Path file;

    Source(Iterator<UsageEvent> events, java.io.Closeable reader) {
      this.events = events;
      this.reader = reader;
      this.file = null;
    }

    Source(Path file) {
      this.events = java.util.Collections.emptyIterator();
      this.reader = null;
      this.file = file;
    }

    @Override
    public void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static Source source(Options o, Outcome out, Progress progress, boolean inOrder) {
    try {
      if (o.eventsFile != null) {
        if (!isCsv(o.eventsFile) && !o.sequentialReader && !inOrder) {
          open(o.eventsFile).close(); // the same checks and messages as the sequential reader
          return new Source(o.eventsFile);
        }
        EventReader r = open(o.eventsFile);
        return new Source(r, r);
      }
      if (o.data.generator().isEmpty() && o.events == 0) {
        // a data set of fees only (such as multi-currency): no events to generate
        return new Source(java.util.Collections.emptyIterator(), null);
      }
      Iterator<UsageEvent> generated = generator(o.data, o.events);
      if (!o.writeEvents || o.outDir == null) {
        return new Source(generated, null);
      }
      // The month as NDJSON: generated, it is metered as it is made while another thread writes the
      // same events to the file; the file of an earlier run with the same data set, count and code
      // is the same bytes, and is read back the way a user's file is read.
      Files.createDirectories(o.outDir);
      Path file = o.outDir.resolve("events.ndjson");
      String key = GeneratedEvents.key(o.data, o.events);
      if (!GeneratedEvents.reusable(file, key)) {
        progress.label("generating");
        out.eventsWritten = file;
        GeneratedEvents.Tee tee = GeneratedEvents.tee(file, key, generated);
        return new Source(tee, tee);
      }
      progress.label("reading");
      out.eventsWritten = file;
      if (o.sequentialReader || inOrder) {
        EventReader r = NdjsonEventReader.open(file, RejectPolicy.FAIL_FAST, null);
        return new Source(r, r);
      }
      return new Source(file);
    } catch (IOException e) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, "events: " + e.getMessage(), e);
    }
  }

  static EventReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--events-file", file, "an existing NDJSON or CSV file");
    }
    return isCsv(file)
        ? CsvEventReader.open(file, RejectPolicy.FAIL_FAST, null)
        : NdjsonEventReader.open(file, RejectPolicy.FAIL_FAST, null);
  }

  private static boolean isCsv(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
  }

  static Iterator<UsageEvent> generator(Dataset data, long events) {
    String g = data.generator().orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE, "events.generator",
        null, "a generator in customers.json, or --events-file"));
    switch (g) {
      case "otp-india":
        return new OtpEventGenerator(data, events, data.seed());
      case "aws-lambda":
        return new LambdaEventGenerator(data, events);
      default:
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "customers.json: $.events.generator", g,
            "otp-india or aws-lambda");
    }
  }

  // ------------------------------------------------------------------ prepaid wallets

  /** One prepaid customer's wallet through the month. */
  private static final class Wallets {
    final Customer customer;
    final Customer.Prepaid settings;
    final Wallet wallet = new Wallet(new InMemoryWalletLedger());
    final WalletAccount account;
    final Plan plan;
    final Dataset data;
    final List<AlertRule> rules;
    Map<String, AlertState> alertStates = Map.of();
    Money drawnDown;
    int topUps;

    final TopUpChannel topUpChannel;

    Wallets(Customer customer, InMemoryPlanCatalog catalog, Dataset data, TopUpChannel topUpChannel) {
      this.customer = customer;
      this.topUpChannel = topUpChannel;
      this.settings = customer.prepaid().orElseThrow();
      this.plan = catalog.find(customer.subscription().planCode(), customer.subscription().planVersion())
          .orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_DEFINITION, "subscription.plan",
              customer.subscription().planCode(), "a plan of plans.json"));
      this.account = WalletAccount.of(customer.id(), plan.currency());
      this.data = data;
      this.drawnDown = Money.zero(plan.currency());
      this.rules = List.of(new AlertRule.BalanceBelow("low-balance:" + customer.id(), settings.alertBelow(),
          settings.alertBand()));
    }

    void open(Instant at, Outcome out) {
      java.util.Optional<String> how = topUpChannel.topUp(wallet, account, "topup-" + customer.id() + "-0",
          settings.initialTopUp(), at);
      out.walletLog.add(log(day(at), "top-up", settings.initialTopUp(), wallet.state(account).balance(at), ""));
      how.ifPresent(line -> out.walletLog.add(customer.id() + "  " + day(at) + "    " + line));
    }

    /** Rates each day's usage as it would have been rated in real time and deducts it. */
    void drawDown(AggregationResult days, BillingPeriod month, Instant until, Outcome out) {
      Map<LocalDate, Map<String, Map<Map<String, String>, BigDecimal>>> perDay = new TreeMap<>();
      for (Map.Entry<QuantityKey, AggregatedQuantity> e : days.quantities().entrySet()) {
        QuantityKey k = e.getKey();
        if (!k.customer().equals(customer.id())) {
          continue;
        }
        for (Charge charge : plan.charges()) {
          if (charge.kind() == ChargeKind.USAGE && k.meterCode().equals(ChargeMeters.code(plan, charge))) {
            perDay.computeIfAbsent(k.period().start().atZone(month.zone()).toLocalDate(), d -> new TreeMap<>())
                .computeIfAbsent(charge.code(), c -> new LinkedHashMap<>())
                .merge(k.group(), e.getValue().quantity(), BigDecimal::add);
          }
        }
      }
      Map<String, Map<Map<String, String>, BigDecimal>> cumulative = new LinkedHashMap<>();
      Money ratedSoFar = Money.zero(plan.currency());
      for (Map.Entry<LocalDate, Map<String, Map<Map<String, String>, BigDecimal>>> day : perDay.entrySet()) {
        Instant endOfDay = day.getKey().plusDays(1).atStartOfDay(month.zone()).toInstant();
        if (endOfDay.isAfter(until)) {
          break;
        }
        day.getValue().forEach((code, groups) -> groups.forEach((g, q) ->
            cumulative.computeIfAbsent(code, c -> new LinkedHashMap<>()).merge(g, q, BigDecimal::add)));
        // The cost of the month so far, rounded as the invoice line will be; the day's deduction is
        // the growth of that figure, so the deductions add up exactly to the month's usage lines.
        Money rated = Money.zero(plan.currency());
        for (Charge charge : plan.charges()) {
          Map<Map<String, String>, BigDecimal> groups = cumulative.get(charge.code());
          if (charge.kind() == ChargeKind.USAGE && groups != null) {
            rated = rated.plus(plan.rounding().round(ChargePricing.DEFAULT.price(
                charge.priceIn(plan.currency(), plan.currency()), PricingInput.ofGroups(groups), plan.currency()).total()));
          }
        }
        Money increment = rated.minus(ratedSoFar);
        ratedSoFar = rated;
        if (!increment.isPositive()) {
          continue;
        }
        DeductionResult r = wallet.deduct(account, new DeductionRequest("usage-" + customer.id() + "-" + day.getKey(),
            increment, "otp", endOfDay.minusSeconds(1), CapMode.SOFT));
        drawnDown = drawnDown.plus(r.deducted());
        out.walletLog.add(log(day.getKey().toString(), "usage", increment.negated(), r.balanceAfter(),
            r.uncovered().isPositive() ? "  (" + Text.money(r.uncovered()) + " not covered, billed in arrears)" : ""));
        observe(endOfDay.minusSeconds(1), out);
        if (r.balanceAfter().compareTo(settings.autoTopUpBelow()) < 0) {
          topUps++;
          Instant at = endOfDay;
          java.util.Optional<String> how = topUpChannel.topUp(wallet, account, "topup-" + customer.id() + "-" + topUps,
              settings.autoTopUpAmount(), at);
          out.walletLog.add(log(day.getKey().toString(), "auto top-up", settings.autoTopUpAmount(),
              wallet.state(account).balance(at), ""));
          how.ifPresent(line -> out.walletLog.add(customer.id() + "  " + day.getKey() + "    " + line));
          observe(at, out);
        }
      }
    }

    private void observe(Instant at, Outcome out) {
      InMemoryAlertSink sink = new InMemoryAlertSink();
      alertStates = AlertEvaluator.DEFAULT.evaluateAll(rules, alertStates,
          Observation.at(at).withWallet(wallet.state(account)), sink);
      for (Alert a : sink.alerts()) {
        out.alerts.add(a);
        out.walletLog.add(customer.id() + "  " + day(at) + "  ALERT " + a.message());
      }
    }

    /** At invoicing: usage already drawn down is shown as paid, the rest netted off the wallet. */
    List<AppliedCredit> credits(Invoice invoice, Outcome out) {
      List<AppliedCredit> credits = new ArrayList<>();
      Money total = invoice.totals().total();
      Money usage = Money.zero(invoice.currency());
      for (dev.billwright.invoice.InvoiceLine l : invoice.lines()) {
        if (l.kind() == dev.billwright.invoice.LineKind.USAGE) {
          usage = usage.plus(l.taxableAmount());
        }
      }
      Money drawn = drawnDown.min(usage).min(total);
      if (drawn.isPositive()) {
        credits.add(new AppliedCredit("wallet:" + customer.id() + ":drawdown", drawn));
      }
      Money rest = total.minus(drawn);
      if (rest.isPositive()) {
        NetOffResult r = wallet.netOff(account, invoice.id(), List.of(new DueLine(null, rest)), invoice.issuedAt());
        if (r.creditsApplied().isPositive()) {
          credits.add(new AppliedCredit("wallet:" + customer.id() + ":net_off", r.creditsApplied()));
          out.walletLog.add(log(day(invoice.issuedAt()), "net-off at invoicing",
              r.creditsApplied().negated(), wallet.state(account).balance(invoice.issuedAt()), ""));
        }
      }
      return credits;
    }

    private String log(String date, String what, Money amount, Money balance, String tail) {
      return String.format("%s  %s  %-22s %18s   balance %18s%s", customer.id(), date, what, Text.money(amount),
          Text.money(balance), tail);
    }

    private String day(Instant at) {
      return at.atZone(data.zone()).toLocalDate().toString();
    }
  }

  /**
   * Progress of a long run on standard error: on a terminal a bar redrawn in place; otherwise
   * (output redirected, CI logs) one line every few seconds, so a long run is never silent.
   */
  private static final class Progress {
    private final java.io.PrintWriter err;
    private final long total;
    private final boolean bar;
    private final long everyNanos;
    private long started = System.nanoTime();
    private long lastLine = started;
    private boolean drawn;
    private String label = "aggregating";

    Progress(java.io.PrintWriter err, long total, boolean bar, long everySeconds) {
      this.err = err;
      this.total = total;
      this.bar = bar;
      this.everyNanos = everySeconds * 1_000_000_000L;
    }

    void label(String text) {
      label = text;
      started = System.nanoTime();
      lastLine = started;
    }

    void update(long n) {
      if (err == null) {
        return;
      }
      long now = System.nanoTime();
      double secs = (now - started) / 1e9; // progress line: timing, never an amount
      double rate = secs > 0 ? n / secs : 0.0;
      if (bar) {
        if (total <= 0) {
          return;
        }
        int width = 30;
        int filled = (int) Math.min(width, n * width / total);
        err.printf("\r%-10s [%s%s] %,d/%,d events  %.0f/s ", label, "#".repeat(filled), " ".repeat(width - filled), n,
            total, rate);
        err.flush();
        drawn = true;
        return;
      }
      if (now - lastLine < everyNanos) {
        return;
      }
      lastLine = now;
      if (total > 0) {
        err.printf("billwright: %s %,d of %,d events (%d %%), %,.0f events/s, %.0f s%n", label, n, total,
            n * 100 / total, rate, secs);
      } else {
        err.printf("billwright: %s %,d events, %,.0f events/s, %.0f s%n", label, n, rate, secs);
      }
      err.flush();
    }

    void done(long n) {
      if (err != null && bar && total > 0) {
        update(n);
      }
      if (drawn) {
        err.println();
        err.flush();
        drawn = false;
      }
    }
  }
}
