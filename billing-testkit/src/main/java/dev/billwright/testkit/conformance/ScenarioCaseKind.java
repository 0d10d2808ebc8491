package dev.billwright.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceWorkflowJson;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Conventions;
import dev.billwright.catalog.CouponDurationUnit;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.memory.FixedExchangeRates;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.money.ExchangeRateDate;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.TimedUsageSource;
import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UsageWindow;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionJson;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.tax.gst.Gstin;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs conformance cases of {@code kind: scenario} (docs/conformance.md): a subscription's whole
 * timeline billed boundary by boundary through the public {@link BillRun}, as a host's bill run
 * would, up to {@code bill_until}; the invoices it issues (picked by {@linkplain #boundaryOf
 * boundary}) and the credit notes (picked by the boundary of the invoice they credit) are
 * compared field by field with the case's {@code expected} block.
 *
 * <p>How the timeline is billed. The plans are published in an {@link InMemoryPlanCatalog}; a
 * {@link BillRun} over an {@link InMemoryInvoiceStore} and an {@link InMemoryInvoiceNumberSequence}
 * is run once at every billing boundary of the subscription up to {@code bill_until}
 * ({@link SubscriptionCycles}: the boundaries of the subscription as known at that time), at every
 * change's {@code requested_at} and at {@code bill_until}, in time order. Each run sees the subscription as a host knows it at that instant: only the
 * changes requested at or before it (so a cancellation requested after a period was billed in
 * advance is credited by a credit note, as in production), and only the usage events timestamped
 * before it. The credit notes of earlier runs are passed as
 * {@link BillRunRequest#earlierCreditNotes()}; the invoices of earlier runs are in the store.
 *
 * <p>Options. {@code options.proration_credits} ({@code invoice_line}, the default, or
 * {@code credit_note}) picks the bill run's {@link ProrationCredits}. {@code grace_period},
 * {@code payment_terms} and {@code credit_note_approval} are read by {@link InvoiceWorkflowJson}
 * (docs/invoicing.md): the bill run gets the workflow ({@link BillRun#withWorkflow}; with a grace
 * period, a run is added at each run instant plus the grace period, up to {@code bill_until}, when
 * a host's run would finalize the held draft) and the approval policy on its cancellation and
 * proration credit-note calculators. Every other option is a
 * plan {@code billing} setting (plan-format.md): it is merged into the {@code billing} object of
 * every plan of the scenario before {@link PlanJson} reads it (the option wins over the plan's
 * own value), so a billing setting the plan format gains works here without a runner change. An
 * option that is neither is rejected with {@link ErrorCode#INVALID_DOCUMENT} at
 * {@code options.NAME}.
 *
 * <p>Currencies. {@code subscription.currency} names the invoice currency (default: the plan's);
 * {@code exchange_rates} ({@code [{"from", "to", "rate", "at"}]}) are the rates a provider
 * publishes, each holding from {@code at} until the next of its pair; with them the bill run's
 * assembler converts lines priced in another currency
 * ({@link InvoiceAssembler#withExchangeRates}) at the rate {@code options.exchange_rate_date}
 * names ({@code invoice_date}, the default, {@code period_end} or {@code contract}). A fixed
 * coupon's {@code amount_off} is in the invoice currency.
 *
 * <p>Not supported yet ({@link ErrorCode#NOT_SUPPORTED_YET}): a coupon whose {@code redeemed_at}
 * is not the subscription's start (the bill run applies coupons from the start).
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class ScenarioCaseKind implements CaseKind {
  /** The bill-run-level options the runner maps itself; any other option is a plan billing setting. */
  public static final Set<String> BILL_RUN_OPTIONS = Set.of("proration_credits", "exchange_rate_date", "conventions",
      "grace_period", "payment_terms", "credit_note_approval");

  /** The bill-run options read by {@link InvoiceWorkflowJson} (docs/invoicing.md). */
  private static final Set<String> WORKFLOW_OPTIONS = Set.of("grace_period", "payment_terms", "credit_note_approval");

  private static final String[] FIELDS = {"meters", "plans", "subscription", "coupons", "tax", "usage",
      "exchange_rates", "options", "bill_until", "expected"};

  /** Creates the case kind (stateless). */
  public ScenarioCaseKind() {}

  /**
   * Returns {@code scenario}.
   *
   * @return the kind, never null
   */
  @Override
  public String kind() {
    return "scenario";
  }

  /**
   * The boundary an invoice is for, by which {@code expected.invoices} picks it: the instant the
   * bill run issued it at ({@link Invoice#issuedAt()}, which {@link InvoiceAssembler} sets to its
   * billing cycle's boundary). That is a period boundary of the subscription's schedule; for an
   * immediate plan change to another cadence with {@code cadence_change_anchor: reset}, the change
   * instant (a rescheduled phase starts at a billing boundary); the subscription's end.
   *
   * <p>This is the one place that rule lives: an invoice issued at another kind of instant
   * (progressive billing when usage crosses a threshold, a pause or resume) is mapped here.
   *
   * @param invoice an invoice the bill run issued, not null
   * @return its boundary, never null
   */
  static Instant boundaryOf(Invoice invoice) {
    return invoice.issuedAt();
  }

  /**
   * Runs one scenario.
   *
   * @param testCase the case, positioned on its root object, not null
   * @return the mismatches, empty when the case passes, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} for a malformed case,
   *     {@link ErrorCode#NOT_SUPPORTED_YET} for a feature not supported yet, or as billing
   *     rejects the scenario (unless {@code expected.error} names that code)
   */
  @Override
  public List<Mismatch> run(JsonObjectReader testCase) {
    testCase.markRead(FIELDS); // a case rejected while being read must not also fail on its other fields
    JsonObjectReader expectedNode = testCase.object("expected");
    Optional<String> expectedError = expectedNode.optionalText("error");
    List<ExpectedInvoice> invoices = expectedNode.objects("invoices", ScenarioCaseKind::readExpectedInvoice);
    List<ExpectedNote> notes = expectedNode.objects("credit_notes", ScenarioCaseKind::readExpectedNote);
    boolean exhaustive = expectedNode.bool("exhaustive", false);
    expectedNode.end();
    if (expectedError.isPresent() && (!invoices.isEmpty() || !notes.isEmpty())) {
      throw JsonObjectReader.error(expectedNode.path(), "error and documents", "either 'error' or documents");
    }
    if (expectedError.isEmpty() && invoices.isEmpty() && notes.isEmpty() && !exhaustive) {
      throw JsonObjectReader.error(expectedNode.path(), "nothing to compare",
          "'invoices', 'credit_notes', 'exhaustive': true or 'error'");
    }
    Timeline timeline;
    try {
      timeline = bill(testCase);
    } catch (BillingException e) {
      if (expectedError.isPresent()) {
        return e.code().code().equals(expectedError.get()) ? List.of()
            : List.of(new Mismatch("error", expectedError.get(), e.code().code() + " (" + e.getMessage() + ")"));
      }
      throw e;
    }
    if (expectedError.isPresent()) {
      return List.of(new Mismatch("error", expectedError.get(), timeline.invoices.size() + " invoices and "
          + timeline.notes.size() + " credit notes"));
    }
    return compare(timeline, invoices, notes, exhaustive);
  }

  // ------------------------------------------------------------------ billing the timeline

  /** What the bill runs issued: live invoices in boundary order, and every credit note. */
  private record Timeline(List<Invoice> invoices, List<CreditNote> notes) {}

  private static Timeline bill(JsonObjectReader c) {
    JsonObjectReader subNode = c.object("subscription");
    Options options = readOptions(c);
    FixedExchangeRates rates = new FixedExchangeRates("scenario");
    c.objects("exchange_rates", r -> {
      Currency from = PlanJson.readCurrency(r.text("from"), r.pathOf("from"));
      Currency to = PlanJson.readCurrency(r.text("to"), r.pathOf("to"));
      BigDecimal rate = r.decimal("rate");
      if (rate.signum() <= 0) {
        throw JsonObjectReader.error(r.pathOf("rate"), rate.toPlainString(), "a positive rate");
      }
      rates.published(from, to, rate, instant(r, "at"));
      r.end();
      return rate;
    });
    InvoiceAssembler assembler = c.has("exchange_rates")
        ? InvoiceAssembler.DEFAULT.withExchangeRates(rates, options.rateDate) : InvoiceAssembler.DEFAULT;
    Map<String, Meter> meters = new LinkedHashMap<>();
    for (Meter m : c.objects("meters", r -> {
      Meter meter = MeterJson.read(r);
      r.end();
      return meter;
    })) {
      meters.put(m.code(), m);
    }
    List<Plan> plans = c.objects("plans", r -> PlanJson.read(JsonObjectReader.at(withBilling(r.node(),
        options.billing), r.path()), options.conventions));
    if (plans.isEmpty()) {
      throw JsonObjectReader.error(c.pathOf("plans"), "[]", "at least one plan");
    }
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(plans);
    JsonNode subscriptionJson = subNode.node();
    Subscription full = SubscriptionJson.read(subNode);
    Plan first = plans.stream().filter(p -> p.code().equals(full.planCode()) && p.version() == full.planVersion())
        .findFirst().orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_DOCUMENT, subNode.pathOf("plan"),
            full.planCode() + "@" + full.planVersion(), "a plan version listed in 'plans'"));
    List<CouponRedemption> coupons = c.objects("coupons", r -> readCoupon(r, full.currency().orElse(first.currency()),
        full.start(), options.conventions));
    Function<Subscription, TaxContext> tax = c.optionalObject("tax").map(ScenarioCaseKind::readTax)
        .orElse(s -> TaxContext.none());
    Usage usage = readUsage(c.object("usage"), plans);
    Instant billUntil = instant(c, "bill_until");
    if (billUntil.isBefore(full.start())) {
      throw JsonObjectReader.error(c.pathOf("bill_until"), billUntil, "an instant at or after the subscription's start");
    }

    TreeSet<Instant> runs = runInstants(subscriptionJson, subNode.path(), full, catalog, billUntil);
    java.time.Duration grace = options.workflow.workflow().gracePeriod();
    if (!grace.isZero()) {
      // a host's bill run also runs when each draft's grace period ends, to finalize it
      for (Instant b : List.copyOf(runs)) {
        Instant end = b.plus(grace);
        if (!end.isAfter(billUntil)) {
          runs.add(end);
        }
      }
    }

    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    BillRun billRun = new BillRun(catalog, store, new InMemoryInvoiceNumberSequence(), assembler,
        options.prorationCredits, CreditNoteCalculator.DEFAULT.withApproval(options.workflow.creditNoteApproval()))
        .withWorkflow(options.workflow.workflow());
    Map<String, List<CreditNote>> notesByInvoice = new HashMap<>();
    List<CreditNote> notes = new ArrayList<>();
    Set<String> invoiceIds = new java.util.LinkedHashSet<>();
    for (Instant at : runs) {
      Subscription known = knownAt(subscriptionJson, subNode.path(), full, at);
      BillRunRequest request = BillRunRequest.of(List.of(known), usage.source(known, catalog, meters, at), at)
          .withTax(tax).withCoupons(s -> coupons)
          .withEarlierCreditNotes(id -> List.copyOf(notesByInvoice.getOrDefault(id, List.of())));
      BillRunResult result = billRun.run(request);
      if (!result.failures().isEmpty()) {
        BillRunResult.Failure f = result.failures().get(0);
        ErrorCode code = java.util.Arrays.stream(ErrorCode.values()).filter(x -> x.code().equals(f.code()))
            .findFirst().orElse(ErrorCode.BILL_RUN_INTERNAL_FAILURE);
        throw new BillingException(code, "the bill run as of " + at + " failed: " + f.message());
      }
      result.created().forEach(i -> invoiceIds.add(i.id()));
      for (CreditNote n : result.creditNotes()) {
        notes.add(n);
        notesByInvoice.computeIfAbsent(n.invoiceId(), k -> new ArrayList<>()).add(n);
      }
    }
    List<Invoice> invoices = new ArrayList<>();
    for (String id : invoiceIds) {
      store.findById(id).filter(i -> i.status() != InvoiceStatus.VOID).ifPresent(invoices::add);
    }
    invoices.sort(java.util.Comparator.comparing(ScenarioCaseKind::boundaryOf));
    return new Timeline(invoices, notes);
  }

  /**
   * The instants a host's bill run runs at: the subscription's life is cut at each instant a
   * change is requested; in each stretch, the subscription as known then has its billing
   * boundaries (those that fall in the stretch are run at), and a run follows each request;
   * a last run at {@code bill_until}.
   */
  private static TreeSet<Instant> runInstants(JsonNode json, String path, Subscription full, InMemoryPlanCatalog catalog,
      Instant billUntil) {
    TreeSet<Instant> requests = new TreeSet<>();
    full.changes().forEach(ch -> {
      if (ch.requestedAt().isAfter(full.start()) && !ch.requestedAt().isAfter(billUntil)) {
        requests.add(ch.requestedAt());
      }
    });
    TreeSet<Instant> runs = new TreeSet<>(requests);
    Instant from = full.start();
    List<Instant> cuts = new ArrayList<>(requests);
    cuts.add(billUntil);
    for (Instant to : cuts) {
      Subscription known = knownAt(json, path, full, from);
      for (BillingCycle cycle : SubscriptionCycles.cycles(known, catalog, known.start(), to)) {
        Instant b = cycle.boundary();
        if (!b.isBefore(from) && (b.isBefore(to) || to.equals(billUntil))) {
          runs.add(b);
        }
      }
      from = to;
    }
    runs.add(billUntil);
    return runs;
  }

  /**
   * The subscription as a host knows it at an instant: its JSON read again with only the changes
   * requested at or before the instant.
   */
  private static Subscription knownAt(JsonNode json, String path, Subscription full, Instant at) {
    if (full.changes().stream().noneMatch(ch -> ch.requestedAt().isAfter(at))) {
      return full;
    }
    ObjectNode copy = json.deepCopy();
    ArrayNode kept = Json.object().putArray("changes");
    JsonNode changes = copy.get("changes");
    for (int i = 0; i < full.changes().size(); i++) {
      if (!full.changes().get(i).requestedAt().isAfter(at)) {
        kept.add(changes.get(i));
      }
    }
    copy.set("changes", kept);
    return SubscriptionJson.read(JsonObjectReader.at(copy, path));
  }

  // ------------------------------------------------------------------ options

  /** The bill-run options and the billing settings merged into every plan. */
  private record Options(ProrationCredits prorationCredits, ExchangeRateDate rateDate, ObjectNode billing,
      Optional<Conventions> conventions, InvoiceWorkflowJson.Options workflow) {}

  private static Options readOptions(JsonObjectReader c) {
    ProrationCredits credits = ProrationCredits.INVOICE_LINE;
    ExchangeRateDate rateDate = ExchangeRateDate.INVOICE_DATE;
    ObjectNode billing = Json.object();
    Optional<JsonObjectReader> node = c.optionalObject("options");
    if (node.isEmpty()) {
      return new Options(credits, rateDate, billing, Optional.empty(), InvoiceWorkflowJson.Options.DEFAULT);
    }
    JsonObjectReader o = node.get();
    List<String> names = new ArrayList<>();
    Optional<Conventions> conventions = Optional.empty();
    boolean explicitCredits = false;
    ObjectNode workflowNode = Json.object();
    for (Map.Entry<String, JsonNode> f : o.node().properties()) {
      String name = f.getKey();
      names.add(name);
      if (name.equals("conventions")) {
        // a preset for the bill run: every plan without its own preset reads its defaults from it,
        // proration credits follow it unless proration_credits is given, and so do coupons'
        // carry_remaining (catalog.Conventions)
        conventions = Optional.of(Conventions.fromJsonName(o.text(name)));
        continue;
      }
      if (name.equals("proration_credits")) {
        explicitCredits = true;
        String v = o.text(name);
        credits = switch (v) {
          case "invoice_line" -> ProrationCredits.INVOICE_LINE;
          case "credit_note" -> ProrationCredits.CREDIT_NOTE;
          default -> throw JsonObjectReader.error(o.pathOf(name), v, "invoice_line or credit_note");
        };
        continue;
      }
      if (WORKFLOW_OPTIONS.contains(name)) {
        workflowNode.set(name, f.getValue());
        continue;
      }
      if (name.equals("exchange_rate_date")) {
        rateDate = ExchangeRateDate.parse(o.text(name), o.pathOf(name));
        continue;
      }
      // any other option must be a key the plan's billing object accepts: probe it alone
      ObjectNode probe = Json.object();
      probe.set(name, f.getValue());
      try {
        PlanJson.readBilling(JsonObjectReader.at(probe, o.path()));
      } catch (BillingException e) {
        if (e.getMessage() != null && e.getMessage().contains("unknown field '" + name + "'")) {
          throw new BillingException(ErrorCode.INVALID_DOCUMENT, "at " + o.pathOf(name) + ": unknown option '" + name
              + "'; options are the bill-run options " + new TreeSet<>(BILL_RUN_OPTIONS)
              + " or a plan billing setting (" + e.getMessage().replaceFirst("^.*accepted fields here are ",
                  "accepted: ") + ")", e);
        }
        throw e;
      }
      billing.set(name, f.getValue());
    }
    o.markRead(names.toArray(new String[0]));
    o.end();
    if (conventions.isPresent() && !explicitCredits) {
      credits = ProrationCredits.of(conventions.get());
    }
    InvoiceWorkflowJson.Options workflow = InvoiceWorkflowJson.read(JsonObjectReader.at(workflowNode, o.path()));
    if (!workflow.creditNoteApproval().thresholds().isEmpty()) {
      credits = new ProrationCredits(credits.mode(), credits.calculator().withApproval(workflow.creditNoteApproval()));
    }
    return new Options(credits, rateDate, billing, conventions, workflow);
  }

  /** A copy of a plan's JSON with the option settings merged into its {@code billing} object. */
  private static JsonNode withBilling(JsonNode plan, ObjectNode settings) {
    if (settings.isEmpty() || !plan.isObject()) {
      return plan;
    }
    ObjectNode copy = plan.deepCopy();
    JsonNode billing = copy.get("billing");
    ObjectNode merged = billing != null && billing.isObject() ? (ObjectNode) billing : copy.putObject("billing");
    merged.setAll(settings);
    return copy;
  }

  // ------------------------------------------------------------------ coupons, tax, usage

  /**
   * {@code {"id", "type": "percentage"|"fixed", "percent_off" | "amount_off", "duration":
   * "once"|"repeating"|"forever", "duration_in_periods", "applies_to": [charge codes],
   * "redeemed_at", "carry_remaining", "duration_unit"}}; {@code carry_remaining} (fixed amounts
   * only; default false, or the {@code conventions} option's preset) keeps what one invoice cannot
   * use; {@code duration_unit} (repeating only: {@code invoices}, the default, or {@code months},
   * or the preset's) says what {@code duration_in_periods} counts.
   */
  private static CouponRedemption readCoupon(JsonObjectReader r, Currency currency, Instant start,
      Optional<Conventions> conventions) {
    String id = r.text("id");
    String type = r.text("type");
    String durationName = r.text("duration");
    CouponDuration duration = switch (durationName) {
      case "once" -> CouponDuration.ONCE;
      case "forever" -> CouponDuration.FOREVER;
      case "repeating" -> {
        CouponDurationUnit unit = r.optionalEnum("duration_unit", CouponDurationUnit.class)
            .orElse(conventions.map(Conventions::couponDurationUnit).orElse(CouponDurationUnit.INVOICES));
        int n = r.integer("duration_in_periods");
        yield unit == CouponDurationUnit.MONTHS ? CouponDuration.repeatingMonths(n) : CouponDuration.repeating(n);
      }
      default -> throw JsonObjectReader.error(r.pathOf("duration"), durationName, "once, repeating or forever");
    };
    if (!durationName.equals("repeating") && r.has("duration_unit")) {
      throw JsonObjectReader.error(r.pathOf("duration_unit"), r.text("duration_unit"),
          "no duration_unit: it counts a repeating coupon's duration_in_periods");
    }
    Coupon coupon = switch (type) {
      case "percentage" -> Coupon.percentage(id, r.decimal("percent_off"), duration);
      case "fixed" -> Coupon.fixed(id, Money.of(currency, r.decimal("amount_off")), duration);
      default -> throw JsonObjectReader.error(r.pathOf("type"), type, "percentage or fixed");
    };
    List<String> scope = r.texts("applies_to");
    if (!scope.isEmpty()) {
      coupon = coupon.withChargeScope(Set.copyOf(scope));
    }
    if (r.has("redeemed_at")) {
      Instant at = instant(r, "redeemed_at");
      if (!at.equals(start)) {
        throw new BillingException(ErrorCode.NOT_SUPPORTED_YET, "at " + r.pathOf("redeemed_at") + ": got " + at
            + "; a coupon redeemed after the subscription's start (" + start + ") is not supported yet");
      }
    }
    if (coupon.amountOff().isPresent() || r.has("carry_remaining")) {
      boolean carry = r.bool("carry_remaining", conventions.map(Conventions::couponCarryRemaining).orElse(false));
      if (carry || r.has("carry_remaining")) {
        coupon = coupon.withCarryRemaining(carry);
      }
    }
    r.end();
    return CouponRedemption.start(coupon);
  }

  /**
   * {@code {"rate": "20"}}, or {@code {"gst": {"supplier": {"gstin"}, "recipient": {"gstin",
   * "state"}, "gstin_mode": "strict"|"sandbox"}}}.
   */
  private static Function<Subscription, TaxContext> readTax(JsonObjectReader t) {
    Optional<BigDecimal> rate = t.optionalDecimal("rate");
    Optional<JsonObjectReader> gst = t.optionalObject("gst");
    t.end();
    if (rate.isPresent() == gst.isPresent()) {
      throw JsonObjectReader.error(t.path(), t.node(), "either 'rate' or 'gst'");
    }
    if (rate.isPresent()) {
      TaxParty party = TaxParty.of("scenario", "US");
      TaxContext context = new TaxContext(party, party, new FlatRateTax(rate.get(), t.pathOf("rate")));
      return s -> context;
    }
    JsonObjectReader g = gst.get();
    Gstin.Mode mode = g.optionalText("gstin_mode").map(m -> gstinMode(g, m)).orElse(Gstin.Mode.STRICT);
    JsonObjectReader sup = g.object("supplier");
    TaxParty supplier = TaxParty.of("supplier", "IN").withTaxId(Gstin.parse(sup.text("gstin"), mode).value());
    sup.end();
    JsonObjectReader rec = g.object("recipient");
    TaxParty recipient = TaxParty.of("recipient", "IN");
    Optional<String> recipientGstin = rec.optionalText("gstin");
    if (recipientGstin.isPresent()) {
      recipient = recipient.withTaxId(Gstin.parse(recipientGstin.get(), mode).value());
    }
    Optional<String> state = rec.optionalText("state");
    if (state.isPresent()) {
      recipient = recipient.withRegionCode(state.get());
    }
    rec.end();
    g.end();
    TaxContext context = new TaxContext(supplier, recipient, GstTaxCalculator.DEFAULT.withGstinMode(mode));
    return s -> context;
  }

  static Gstin.Mode gstinMode(JsonObjectReader r, String text) {
    return switch (text) {
      case "strict" -> Gstin.Mode.STRICT;
      case "sandbox" -> Gstin.Mode.SANDBOX;
      default -> throw JsonObjectReader.error(r.pathOf("gstin_mode"), text, "strict or sandbox");
    };
  }

  /** Usage as raw events, or as quantities per meter for the windows that start at a period start. */
  private record Usage(List<UsageEvent> events, Map<Instant, Map<String, BigDecimal>> byPeriod,
      Map<String, String> meterOfCharge) {
    UsageSource source(Subscription sub, InMemoryPlanCatalog catalog, Map<String, Meter> meters, Instant at) {
      if (byPeriod.isEmpty()) {
        List<UsageEvent> known = events.stream().filter(e -> e.timestamp().isBefore(at)).toList();
        // timed: progressive billing (usage_thresholds) needs the instant each event was used
        return TimedUsageSource.ofEvents(SubscriptionUsageAggregator.of(List.of(sub), catalog, meters, at), known);
      }
      return (s, w) -> quantities(w);
    }

    private PeriodUsage quantities(UsageWindow w) {
      Map<String, BigDecimal> q = byPeriod.get(w.period().start());
      String meter = meterOfCharge.get(w.planReference() + "/" + w.chargeCode());
      if (q == null || meter == null || !q.containsKey(meter)) {
        return PeriodUsage.NONE;
      }
      return PeriodUsage.ofQuantities(Map.of(w.chargeCode(), q.get(meter)));
    }
  }

  private static Usage readUsage(JsonObjectReader u, List<Plan> plans) {
    List<UsageEvent> events = u.objects("events", UsageEventJson::read);
    Map<Instant, Map<String, BigDecimal>> byPeriod = new LinkedHashMap<>();
    for (JsonObjectReader p : u.objects("quantities_by_period", r -> r)) {
      Instant start = instant(p, "period_start");
      Map<String, BigDecimal> q = p.map("quantities", JsonObjectReader::decimalOf);
      p.end();
      if (byPeriod.put(start, q) != null) {
        throw JsonObjectReader.error(p.pathOf("period_start"), start, "each period start at most once");
      }
    }
    u.end();
    if (!events.isEmpty() && !byPeriod.isEmpty()) {
      throw JsonObjectReader.error(u.path(), "events and quantities_by_period", "one of them");
    }
    Map<String, String> meterOfCharge = new HashMap<>();
    for (Plan plan : plans) {
      for (Charge charge : plan.charges()) {
        if (charge.kind() == ChargeKind.USAGE && charge.meter().isPresent()) {
          meterOfCharge.put(plan.reference() + "/" + charge.code(), charge.meter().get());
        }
      }
    }
    return new Usage(events, byPeriod, meterOfCharge);
  }

  // ------------------------------------------------------------------ expected documents

  private record ExpectedInvoice(String path, Instant boundary, Map<String, BigDecimal> lines,
      Optional<BigDecimal> prorationCredit, Optional<BigDecimal> prorationCharge, Optional<BigDecimal> discount,
      Map<String, BigDecimal> discounts, Optional<BigDecimal> tax, Optional<BigDecimal> total,
      Optional<BigDecimal> amountDue, Optional<InvoiceStatus> status, Optional<java.time.LocalDate> dueDate) {}

  private record ExpectedNote(String path, Instant againstBoundary, Map<String, BigDecimal> lines,
      Optional<BigDecimal> tax, Optional<BigDecimal> total, Optional<CreditNoteStatus> status) {}

  private static ExpectedInvoice readExpectedInvoice(JsonObjectReader r) {
    Instant boundary = instant(r, "boundary");
    Map<String, BigDecimal> lines = r.map("lines", JsonObjectReader::decimalOf);
    Optional<BigDecimal> credit = Optional.empty();
    Optional<BigDecimal> charge = Optional.empty();
    Optional<JsonObjectReader> proration = r.optionalObject("proration");
    if (proration.isPresent()) {
      credit = proration.get().optionalDecimal("credit");
      charge = proration.get().optionalDecimal("charge");
      proration.get().end();
    }
    ExpectedInvoice e = new ExpectedInvoice(r.path(), boundary, lines, credit, charge, r.optionalDecimal("discount"),
        r.map("discounts", JsonObjectReader::decimalOf), r.optionalDecimal("tax"), r.optionalDecimal("total"),
        r.optionalDecimal("amount_due"), r.optionalEnum("status", InvoiceStatus.class), dueDate(r));
    r.end();
    return e;
  }

  private static ExpectedNote readExpectedNote(JsonObjectReader r) {
    ExpectedNote e = new ExpectedNote(r.path(), instant(r, "against_boundary"),
        r.map("lines", JsonObjectReader::decimalOf), r.optionalDecimal("tax"), r.optionalDecimal("total"),
        r.optionalEnum("status", CreditNoteStatus.class));
    r.end();
    return e;
  }

  /** {@code due_date}: an ISO-8601 date, or JSON null for an invoice that must have none. */
  private static Optional<java.time.LocalDate> dueDate(JsonObjectReader r) {
    Optional<String> text = r.optionalText("due_date");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.LocalDate.parse(text.get()));
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf("due_date"), text.get(), "an ISO-8601 date such as 2026-05-31");
    }
  }

  private static List<Mismatch> compare(Timeline t, List<ExpectedInvoice> invoices, List<ExpectedNote> notes,
      boolean exhaustive) {
    List<Mismatch> out = new ArrayList<>();
    Map<String, Invoice> byId = new HashMap<>();
    t.invoices.forEach(i -> byId.put(i.id(), i));
    Set<Instant> named = new java.util.HashSet<>();
    for (ExpectedInvoice e : invoices) {
      named.add(e.boundary);
      String at = "invoices[" + e.boundary + "]";
      List<Invoice> found = t.invoices.stream().filter(i -> boundaryOf(i).equals(e.boundary)).toList();
      if (found.size() != 1) {
        out.add(new Mismatch(at, "one invoice", found.size() + " invoices; the bill runs issued invoices at "
            + t.invoices.stream().map(ScenarioCaseKind::describe).toList()));
        continue;
      }
      Invoice inv = found.get(0);
      Currency cur = inv.currency();
      Map<String, Money> lines = new LinkedHashMap<>();
      Map<String, Money> discounts = new LinkedHashMap<>();
      Money credit = Money.zero(cur);
      Money charge = Money.zero(cur);
      for (InvoiceLine l : inv.lines()) {
        if (l.kind() == LineKind.PRORATION_CREDIT) {
          credit = credit.plus(l.amount());
        } else if (l.kind() == LineKind.PRORATION_CHARGE) {
          charge = charge.plus(l.amount());
        } else {
          lines.merge(l.chargeCode(), l.amount(), Money::plus);
        }
        if (!l.discountAmount().isZero()) {
          discounts.merge(l.chargeCode(), l.discountAmount().negated(), Money::plus);
        }
      }
      compareMap(at + ".lines", e.lines, lines, out);
      final Money creditSum = credit;
      e.prorationCredit.ifPresent(x -> compare(at + ".proration.credit", x, creditSum, out));
      final Money chargeSum = charge;
      e.prorationCharge.ifPresent(x -> compare(at + ".proration.charge", x, chargeSum, out));
      e.discount.ifPresent(x -> compare(at + ".discount", x, inv.totals().discountTotal().negated(), out));
      compareMap(at + ".discounts", e.discounts, discounts, out);
      e.tax.ifPresent(x -> compare(at + ".tax", x, inv.totals().totalTax(), out));
      e.total.ifPresent(x -> compare(at + ".total", x, inv.totals().total(), out));
      e.status.filter(x -> x != inv.status()).ifPresent(x -> out.add(new Mismatch(at + ".status",
          JsonObjectReader.jsonName(x), JsonObjectReader.jsonName(inv.status()))));
      e.dueDate.filter(x -> !inv.dueDate().equals(Optional.of(x))).ifPresent(x -> out.add(new Mismatch(
          at + ".due_date", x.toString(), inv.dueDate().map(Object::toString).orElse("no due date"))));
      if (e.amountDue.isPresent()) {
        Money due = inv.totals().amountDue();
        for (CreditNote n : t.notes) {
          if (n.invoiceId().equals(inv.id()) && n.countsAgainstAmountDue()) {
            due = due.minus(n.total());
          }
        }
        compare(at + ".amount_due", e.amountDue.get(), due.max(Money.zero(cur)), out);
      }
    }
    Set<Instant> namedNotes = new java.util.HashSet<>();
    for (ExpectedNote e : notes) {
      namedNotes.add(e.againstBoundary);
      String at = "credit_notes[" + e.againstBoundary + "]";
      List<CreditNote> found = t.notes.stream().filter(n -> againstBoundary(n, byId)
          .filter(e.againstBoundary::equals).isPresent()).toList();
      if (found.isEmpty()) {
        out.add(new Mismatch(at, "a credit note", "none; the bill runs issued credit notes against "
            + t.notes.stream().map(n -> againstBoundary(n, byId).map(Instant::toString).orElse(n.invoiceId())
                + " (total " + n.total().amount().toPlainString() + ")").toList()));
        continue;
      }
      Currency cur = found.get(0).currency();
      Map<String, Money> lines = new LinkedHashMap<>();
      Money tax = Money.zero(cur);
      Money total = Money.zero(cur);
      for (CreditNote n : found) {
        Invoice credited = byId.get(n.invoiceId());
        for (CreditNoteLine l : n.lines()) {
          String code = credited.line(l.invoiceLineId()).map(InvoiceLine::chargeCode).orElse(l.invoiceLineId());
          lines.merge(code, l.taxableAmount(), Money::plus);
        }
        tax = tax.plus(n.taxTotal());
        total = total.plus(n.total());
      }
      compareMap(at + ".lines", e.lines, lines, out);
      final Money taxSum = tax;
      final Money totalSum = total;
      e.tax.ifPresent(x -> compare(at + ".tax", x, taxSum, out));
      e.total.ifPresent(x -> compare(at + ".total", x, totalSum, out));
      if (e.status.isPresent()) {
        List<String> statuses = found.stream().map(n -> JsonObjectReader.jsonName(n.status())).toList();
        if (statuses.stream().anyMatch(x -> !x.equals(JsonObjectReader.jsonName(e.status.get())))) {
          out.add(new Mismatch(at + ".status", JsonObjectReader.jsonName(e.status.get()), String.join(", ", statuses)));
        }
      }
    }
    if (exhaustive) {
      for (Invoice i : t.invoices) {
        if (!named.contains(boundaryOf(i))) {
          out.add(new Mismatch("invoices", "no invoice at " + boundaryOf(i) + " (exhaustive)",
              "an invoice " + describe(i)));
        }
      }
      for (CreditNote n : t.notes) {
        Optional<Instant> against = againstBoundary(n, byId);
        if (against.isEmpty() || !namedNotes.contains(against.get())) {
          out.add(new Mismatch("credit_notes", "no credit note against " + against.map(Instant::toString)
              .orElse(n.invoiceId()) + " (exhaustive)", "a credit note of total " + n.total().amount().toPlainString()));
        }
      }
    }
    return out;
  }

  private static Optional<Instant> againstBoundary(CreditNote n, Map<String, Invoice> byId) {
    return Optional.ofNullable(byId.get(n.invoiceId())).map(ScenarioCaseKind::boundaryOf);
  }

  private static String describe(Invoice i) {
    return boundaryOf(i) + " (total " + i.totals().total().amount().toPlainString() + ")";
  }

  private static void compareMap(String field, Map<String, BigDecimal> expected, Map<String, Money> actual,
      List<Mismatch> out) {
    for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
      Money got = actual.get(e.getKey());
      if (got == null) {
        if (e.getValue().signum() != 0) {
          out.add(new Mismatch(field + "." + e.getKey(), e.getValue().toPlainString(), "no line; lines are "
              + actual.keySet()));
        }
      } else if (got.amount().compareTo(e.getValue()) != 0) {
        out.add(new Mismatch(field + "." + e.getKey(), e.getValue().toPlainString(), got.amount().toPlainString()));
      }
    }
  }

  private static void compare(String field, BigDecimal expected, Money actual, List<Mismatch> out) {
    if (expected.compareTo(actual.amount()) != 0) {
      out.add(new Mismatch(field, expected.toPlainString(), actual.amount().toPlainString()));
    }
  }

  private static Instant instant(JsonObjectReader r, String field) {
    String text = r.text(field);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw JsonObjectReader.error(r.pathOf(field), text, "an ISO-8601 date-time with offset");
    }
  }
}
