package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UsageWindows;
import dev.billwright.rating.Accounts;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.DiscountLine;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.subscription.SubscriptionValidator;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationFraction;
import dev.billwright.time.ScheduledPeriod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A bill run: bills every subscription up to an instant through the host's stores, exactly once
 * per billing cycle.
 *
 * <p>For each subscription (in order of id) and each billing boundary at or before
 * {@code asOf} (so a run after a gap bills every missed period, each on its own invoice; the
 * boundaries are those of every charge's own schedule, {@link SubscriptionCycles}): if the
 * store already holds the cycle's live invoice (by its deterministic idempotency key), it is left
 * as it is; otherwise (never billed, or its invoice voided: a void invoice frees its key, see
 * {@link InvoiceStore}, and the period is billed anew under the key's next id,
 * {@link DocumentIds#invoiceId}, with a new number) the invoice is assembled
 * ({@link InvoiceAssembler}), inserted only if absent
 * ({@link InvoiceStore#insertIfAbsent}: two concurrent runs store one invoice), netted off
 * against prepaid credits and finalized with the next gap-free number of its series (of two
 * concurrent runs, the one that first claims the stored draft by compare-and-set takes the
 * number; the other reports the invoice as existing and takes none). Re-running the same
 * request therefore changes nothing. A preview run ({@link BillRunRequest#asPreview()}) only
 * reads the store: it returns its drafts and writes, nets off and numbers nothing.
 *
 * <p>Claims and failures. A run claims a cycle's draft before it calls the credits hook and takes
 * a number: the stored draft carries metadata {@code billwright.finalizing} (the run's random
 * claim token) and {@code billwright.claimed_at} (ISO-8601 instant of this run's clock). The
 * number is taken only while the claim is held, then stored with the finalized invoice in one
 * compare-and-set. If anything fails while billing a subscription (a {@link BillingException},
 * or any {@link RuntimeException} of the stores, the number sequence, the tax, credits, coupon
 * or series functions or the usage source, or an {@link ArithmeticException}), the subscription
 * is reported in {@link BillRunResult#failures()} ({@link ErrorCode#INVOICE_FINALIZATION_FAILED}
 * naming the invoice id, key, number and cause when finalizing failed;
 * {@link ErrorCode#BILL_RUN_INTERNAL_FAILURE} for another non-billing exception), its later
 * cycles are left for the next run, and the other subscriptions are billed. The failing run
 * releases its claim itself; a number it had taken stays on the released draft (metadata
 * {@code billwright.number}) and the next run finalizes the invoice with that number, so no
 * number is lost or used twice. A claim that could not be released (the store failed again, or
 * the process died) is stale once older than the claim lease ({@link #DEFAULT_CLAIM_LEASE},
 * {@link #withClaimLease}); a run takes over a stale claim, and {@link #recover} takes over every
 * claim. When the store {@link InvoiceStore#sharesTransactionWith shares a transaction} with the
 * number sequence (the JDBC store and its sequence, the in-memory pair), the number is taken and
 * the finalized invoice stored in that one transaction ({@link InvoiceStore#finalizeWithNumber}),
 * so no number is ever lost, even to a killed process. Otherwise a number is lost only if the
 * process dies, or the store fails twice in a row, between taking the number and storing it:
 * then the failure message names the number.
 *
 * <p>A subscription {@link SubscriptionValidator#EXISTING} finds invalid (a draft or not yet
 * effective plan version, a currency without a price, …) is refused before anything is billed,
 * its failure carrying every problem found.
 *
 * <p>Usage is asked of the {@link UsageSource} per usage window of the subscription
 * ({@link UsageWindows}: each usage charge's periods on its own schedule, cut at plan changes);
 * each cycle bills the windows that end since the previous boundary, up to its boundary. Usage
 * the source could not bind to any subscription is reported in
 * {@link BillRunResult#unclaimed()}.
 *
 * <p>Progressive billing ({@code billing.usage_thresholds}): before a period's own invoice, and
 * for the open period up to {@code asOf}, the run issues one {@link
 * dev.billwright.invoice.InvoiceKind#PROGRESSIVE} invoice per threshold crossing whose instant is
 * at or before {@code asOf} ({@link Invoice#thresholdReachedAt()}, its {@link Invoice#issuedAt()}:
 * the timestamp of the event that reached the threshold), keyed per crossing
 * ({@link DocumentIds#progressiveKey}) and finalized as any invoice, so a rerun issues none twice;
 * the period's own invoice then bills the rest of its usage (cumulative re-rating,
 * {@link dev.billwright.rating.BilledUsage}). It needs a
 * {@link dev.billwright.rating.TimedUsageSource}; a consolidated account refuses plans with
 * thresholds. Coupons that carry their rest ({@code carry_remaining}) get what remains of them,
 * derived from their discount lines on the subscription's issued invoices.
 *
 * <p>Once the subscription has ended (at or before {@code asOf}), the run issues an automatic
 * credit note for every in-advance fee line billed for time after the end, computed from the
 * billed line ({@link CreditNoteCalculator#unusedTime}): the unused part of the line an immediate
 * cancellation cuts, and the whole of a line for a later period (a cancellation recorded after a
 * run had already billed the next period in advance), unless a plan or seat change before the
 * cancellation already credited that line, the credit note's id is among the
 * {@code earlierCreditNotes} (a re-run), or the line has nothing left to credit.
 */
public final class BillRun {
  /** How long a claim on a draft is held before another run may take it over: 15 minutes. */
  public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(15);
  /** Metadata key marking a draft a run has claimed for finalization (value: its claim token). */
  private static final String FINALIZING = "billwright.finalizing";
  /** Metadata key: when the claim was made, an ISO-8601 instant. */
  private static final String CLAIMED_AT = "billwright.claimed_at";
  /** Subscriptions billed together by a store that takes numbers in its own transactions. */
  private static final int CHUNK = 100;
  /** Metadata key: the invoice number already taken for a draft that could not be finalized. */
  private static final String NUMBER = "billwright.number";

  private final PlanCatalog catalog;
  private final InvoiceStore store;
  private final InvoiceNumberSequence numbers;
  private final InvoiceAssembler assembler;
  private final ProrationCredits prorationCredits;
  private final CreditNoteCalculator cancellationCredits;
  /** The cancellation-credit part, built once from the assembler's proration and the calculator. */
  private final CancellationCredits cancellation;
  private final Duration claimLease;
  private final Clock clock;
  private final Accounts accounts;
  private final Set<String> consolidated;
  /** Grace period and payment terms ({@link InvoiceWorkflow#DEFAULT}: none). */
  private final InvoiceWorkflow workflow;
  /** The bill-run convention preset whose coupon defaults apply ({@link #withConventions}); empty for none. */
  private final Optional<dev.billwright.catalog.Conventions> conventions;
  /** Where the run numbers and stores its credit notes; null: returned unnumbered (the old way). */
  private final dev.billwright.invoice.CreditNoteStore creditNoteStore;
  /** The numbering series of a credit note stored in {@link #creditNoteStore}. */
  private final java.util.function.Function<CreditNote, dev.billwright.invoice.InvoiceSeries> creditNoteSeries;

  /**
   * Creates a bill run over the host's stores; proration credits go on the next invoice as
   * negative lines ({@link ProrationCredits#INVOICE_LINE}).
   *
   * @param catalog the plan catalog, not null
   * @param store the invoice store, not null
   * @param numbers the invoice number sequence, not null
   * @param assembler the invoice assembler, not null ({@link InvoiceAssembler#DEFAULT})
   */
  public BillRun(PlanCatalog catalog, InvoiceStore store, InvoiceNumberSequence numbers, InvoiceAssembler assembler) {
    this(catalog, store, numbers, assembler, ProrationCredits.INVOICE_LINE);
  }

  /**
   * Creates a bill run over the host's stores with a proration-credit convention.
   *
   * @param catalog the plan catalog, not null
   * @param store the invoice store, not null
   * @param numbers the invoice number sequence, not null
   * @param assembler the invoice assembler, not null ({@link InvoiceAssembler#DEFAULT})
   * @param prorationCredits where credits for unused time after a change go: negative lines on
   *     the next invoice, or credit notes against the invoice that billed the fee (use
   *     {@link ProrationCredits#CREDIT_NOTE} under Indian GST), not null
   */
  public BillRun(PlanCatalog catalog, InvoiceStore store, InvoiceNumberSequence numbers, InvoiceAssembler assembler,
      ProrationCredits prorationCredits) {
    this(catalog, store, numbers, assembler, prorationCredits, CreditNoteCalculator.DEFAULT);
  }

  /**
   * Creates a bill run over the host's stores with a proration-credit convention and the
   * calculator of the credit notes for in-advance time billed after a subscription's end
   * (cancellation credits; their fractions use the assembler's proration calculator).
   *
   * @param catalog the plan catalog, not null
   * @param store the invoice store, not null
   * @param numbers the invoice number sequence, not null
   * @param assembler the invoice assembler, not null ({@link InvoiceAssembler#DEFAULT})
   * @param prorationCredits where credits for unused time after a change go, not null
   *     ({@link ProrationCredits#INVOICE_LINE} or {@link ProrationCredits#CREDIT_NOTE})
   * @param cancellationCredits computes the cancellation credit notes, not null
   *     ({@link CreditNoteCalculator#DEFAULT})
   */
  public BillRun(PlanCatalog catalog, InvoiceStore store, InvoiceNumberSequence numbers, InvoiceAssembler assembler,
      ProrationCredits prorationCredits, CreditNoteCalculator cancellationCredits) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.store = Objects.requireNonNull(store, "store");
    this.numbers = Objects.requireNonNull(numbers, "numbers");
    this.assembler = Objects.requireNonNull(assembler, "assembler");
    this.prorationCredits = Objects.requireNonNull(prorationCredits, "prorationCredits");
    this.cancellationCredits = Objects.requireNonNull(cancellationCredits, "cancellationCredits");
    this.cancellation = new CancellationCredits(assembler.proration(), cancellationCredits);
    this.claimLease = DEFAULT_CLAIM_LEASE;
    this.clock = Clock.systemUTC();
    this.accounts = Accounts.NONE;
    this.consolidated = Set.of();
    this.workflow = InvoiceWorkflow.DEFAULT;
    this.conventions = Optional.empty();
    this.creditNoteStore = null;
    this.creditNoteSeries = null;
  }

  private BillRun(BillRun base, Duration claimLease, Clock clock) {
    this(base, claimLease, clock, base.accounts, base.consolidated);
  }

  private BillRun(BillRun base, Duration claimLease, Clock clock, Accounts accounts, Set<String> consolidated) {
    this(base, claimLease, clock, accounts, consolidated, base.workflow, base.creditNoteStore, base.creditNoteSeries);
  }

  private BillRun(BillRun base, Duration claimLease, Clock clock, Accounts accounts, Set<String> consolidated,
      InvoiceWorkflow workflow, dev.billwright.invoice.CreditNoteStore creditNoteStore,
      java.util.function.Function<CreditNote, dev.billwright.invoice.InvoiceSeries> creditNoteSeries) {
    this(base, claimLease, clock, accounts, consolidated, workflow, creditNoteStore, creditNoteSeries,
        base.prorationCredits, base.conventions);
  }

  private BillRun(BillRun base, Duration claimLease, Clock clock, Accounts accounts, Set<String> consolidated,
      InvoiceWorkflow workflow, dev.billwright.invoice.CreditNoteStore creditNoteStore,
      java.util.function.Function<CreditNote, dev.billwright.invoice.InvoiceSeries> creditNoteSeries,
      ProrationCredits prorationCredits, Optional<dev.billwright.catalog.Conventions> conventions) {
    this.conventions = conventions;
    this.creditNoteStore = creditNoteStore;
    this.creditNoteSeries = creditNoteSeries;
    this.catalog = base.catalog;
    this.store = base.store;
    this.numbers = base.numbers;
    this.assembler = base.assembler;
    this.prorationCredits = prorationCredits;
    this.cancellationCredits = base.cancellationCredits;
    this.cancellation = base.cancellation;
    this.claimLease = claimLease;
    this.clock = clock;
    this.accounts = accounts;
    this.consolidated = Set.copyOf(consolidated);
    this.workflow = Objects.requireNonNull(workflow, "workflow");
  }

  /**
   * Returns a copy with a grace period and payment terms ({@link InvoiceWorkflow}): inside the
   * grace period a cycle's invoice is kept as a stored draft, assembled again by each run (and
   * reported in {@code created}, as a draft, when this run wrote it); the first run after it
   * finalizes the draft, dated the end of the grace period, with the due date of the terms.
   *
   * @param newWorkflow the workflow, not null
   * @return the copy, never null
   * @throws NullPointerException if the workflow is null
   */
  public BillRun withWorkflow(InvoiceWorkflow newWorkflow) {
    return new BillRun(this, claimLease, clock, accounts, consolidated, newWorkflow, creditNoteStore,
        creditNoteSeries);
  }

  /**
   * Returns a copy that follows a convention preset for the options of the bill run and of the
   * coupons it applies (docs/conventions.md): proration credits as {@link ProrationCredits#of}
   * the preset says (keeping this run's credit-note calculator and its approval policy), and each
   * coupon of the request at the project default of an option the preset sets otherwise takes
   * the preset's value: a fixed-amount coupon of duration once carries its rest when
   * {@link dev.billwright.catalog.Conventions#couponCarryRemaining()} (Lago), a repeating coupon
   * counts its duration in months when {@link dev.billwright.catalog.Conventions#couponDurationUnit()}
   * is {@code MONTHS} (Stripe). The plans' options are set when the plans are read
   * ({@code PlanJson.read(reader, Optional.of(preset))}), before they reach the catalog: a
   * plan's own {@code conventions} and every option it writes win there. A coupon cannot say "the
   * project default" against the preset here: give such a coupon to a bill run without a preset.
   * Call it after {@link #BillRun(PlanCatalog, InvoiceStore, InvoiceNumberSequence, InvoiceAssembler,
   * ProrationCredits, CreditNoteCalculator)}; it replaces the proration-credit convention given there.
   *
   * @param preset the preset, not null
   * @return the copy, never null
   * @throws NullPointerException if the preset is null
   */
  public BillRun withConventions(dev.billwright.catalog.Conventions preset) {
    Objects.requireNonNull(preset, "preset");
    ProrationCredits credits = new ProrationCredits(ProrationCredits.of(preset).mode(), prorationCredits.calculator());
    return new BillRun(this, claimLease, clock, accounts, consolidated, workflow, creditNoteStore, creditNoteSeries,
        credits, Optional.of(preset));
  }

  /**
   * Returns the convention preset set by {@link #withConventions}.
   *
   * @return the preset, empty for none
   */
  public Optional<dev.billwright.catalog.Conventions> conventions() {
    return conventions;
  }

  /** A coupon with the bill-run preset's value of each option it leaves at the project default. */
  private Coupon underConventions(Coupon coupon) {
    if (conventions.isEmpty()) {
      return coupon;
    }
    dev.billwright.catalog.Conventions preset = conventions.get();
    Coupon out = coupon;
    if (out.amountOff().isPresent() && out.duration().equals(CouponDuration.ONCE) && !out.carryRemaining()
        && preset.couponCarryRemaining()) {
      out = out.withCarryRemaining(true);
    }
    CouponDuration d = out.duration();
    if (d.kind() == CouponDuration.Kind.REPEATING && d.unit() == dev.billwright.catalog.CouponDurationUnit.INVOICES
        && preset.couponDurationUnit() == dev.billwright.catalog.CouponDurationUnit.MONTHS) {
      out = out.withDuration(CouponDuration.repeatingMonths(d.periods()));
    }
    return out;
  }

  /**
   * Returns a copy that bills the subscriptions of some billing accounts on consolidated
   * invoices: per billing account, per period (and kind) of its subscriptions' invoices, one
   * {@link dev.billwright.invoice.InvoiceKind#CONSOLIDATED} invoice carrying the lines of every
   * subscription of the account and of its child accounts ({@link Accounts#billingAccountOf} of
   * the subscription's customer), under the key {@link DocumentIds#consolidatedKey}, numbered,
   * netted off by the credits hook and finalized once, by the same claim mechanism as every
   * invoice (re-running finds it and creates nothing; of two concurrent runs one stores it). The
   * subscriptions' own drafts are assembled as by a preview, merged by
   * {@link dev.billwright.invoice.InvoiceConsolidator} (lines, their tax and discounts unchanged,
   * so its totals are the sums of theirs) and never stored, numbered or finalized on their own.
   * Subscriptions whose invoices differ in period are on separate consolidated invoices.
   *
   * <p>What is refused, reported as a failure of every subscription of the account and with
   * nothing of the account written: any subscription of the account failing; proration credit
   * notes ({@link ProrationCredits#CREDIT_NOTE}); a subscription with a draft under its own key;
   * a period already consolidated without one of the subscriptions that now bills it (a
   * subscription added to the account after its period was billed). Kill Bill's parent and child
   * accounts invoice the parent likewise for the children's subscriptions.
   *
   * @param hierarchy the account hierarchy, not null
   * @param billingAccountIds the billing accounts (roots of the hierarchy, or customer ids outside
   *     it) whose invoices are consolidated, not null, may be empty for none
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if an id is a child account or
   *     an alias (consolidation is per billing account)
   */
  public BillRun consolidating(Accounts hierarchy, Set<String> billingAccountIds) {
    Objects.requireNonNull(hierarchy, "hierarchy");
    for (String id : new java.util.TreeSet<>(billingAccountIds)) {
      if (!hierarchy.billingAccountOf(id).equals(id)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "consolidated_accounts", id,
            "a billing account (it rolls up to " + hierarchy.billingAccountOf(id) + ")");
      }
    }
    return new BillRun(this, claimLease, clock, hierarchy, billingAccountIds);
  }

  /**
   * Returns a copy with another claim lease and clock: a claim older than the lease is taken over
   * by the next run. The lease must be longer than a run takes to finalize one invoice (a few
   * store calls), or a slow run's claim may be taken over and its number reported lost.
   *
   * @param lease how long a claim is held, zero or positive, not null
   * @param claimClock the clock that stamps and ages claims, not null
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the lease is negative
   */
  public BillRun withClaimLease(Duration lease, Clock claimClock) {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(claimClock, "claimClock");
    if (lease.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "claim_lease", lease, "zero or a positive duration");
    }
    return new BillRun(this, lease, claimClock);
  }

  /**
   * Returns a copy that numbers and stores the credit notes it makes: each note is stored with
   * {@link dev.billwright.invoice.CreditNoteStore#insertIfAbsent} (idempotent by id, numbered from
   * {@code series} of the note when first stored) and the result carries the stored, numbered
   * notes; the notes already stored against an invoice count as the request's
   * {@link BillRunRequest#earlierCreditNotes} too (so the host need not pass them back). A note
   * the store fails to take is reported as a failure under the id
   * ({@code credit_note:ID}) and is made again, with the same id, by the next run. Without this
   * call the run returns its credit notes unnumbered and stores nothing (the host numbers and
   * stores them).
   *
   * @param notes the credit note store, not null
   * @param series the numbering series of a credit note, not null (for example a per financial
   *     year series {@code InvoiceSeries.indianFinancialYear("CN", date, 6)}, CGST Rule 53)
   * @return the copy, never null
   */
  public BillRun withCreditNotes(dev.billwright.invoice.CreditNoteStore notes,
      java.util.function.Function<CreditNote, dev.billwright.invoice.InvoiceSeries> series) {
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(series, "series");
    return new BillRun(this, claimLease, clock, accounts, consolidated, workflow, notes, series);
  }

  /**
   * Runs the bill run after a crash, taking over every claimed draft however recent its claim
   * (as if the lease were zero), so drafts left claimed by a run that died or whose store failed
   * are finalized now, with the number kept on the draft if one was taken. Call it only when no
   * other run is active: a claim taken from a live run makes that run report its number lost.
   *
   * @param request what to bill, not null
   * @return as {@link #run}, never null
   */
  public BillRunResult recover(BillRunRequest request) {
    return withClaimLease(Duration.ZERO, clock).run(request);
  }

  /**
   * Runs the bill run. No exception leaves it for a subscription that fails: each is reported
   * in the result (see the class comment).
   *
   * @param request what to bill, not null
   * @return what was created, found and failed, never null
   */
  public BillRunResult run(BillRunRequest request) {
    if (creditNoteStore == null) {
      return runOnce(request);
    }
    java.util.function.Function<String, List<CreditNote>> given = request.earlierCreditNotes();
    BillRunRequest withStored = new BillRunRequest(request.subscriptions(), request.usage(), request.tax(),
        request.coupons(), request.asOf(), request.finalizeInvoices(), request.series(), request.credits(),
        invoiceId -> {
          Map<String, CreditNote> byId = new java.util.LinkedHashMap<>();
          given.apply(invoiceId).forEach(n -> byId.put(n.id(), n));
          creditNoteStore.listByInvoice(invoiceId).forEach(n -> byId.putIfAbsent(n.id(), n));
          return List.copyOf(byId.values());
        });
    BillRunResult made = runOnce(withStored);
    if (made.creditNotes().isEmpty()) {
      return made;
    }
    List<CreditNote> stored = new ArrayList<>();
    List<BillRunResult.Failure> failures = new ArrayList<>(made.failures());
    for (CreditNote note : made.creditNotes()) {
      try {
        stored.add(creditNoteStore.insertIfAbsent(note, creditNoteSeries.apply(note)));
      } catch (RuntimeException e) {
        ErrorCode code = e instanceof BillingException b ? b.code() : ErrorCode.BILL_RUN_INTERNAL_FAILURE;
        failures.add(new BillRunResult.Failure("credit_note:" + note.id(), code.code(),
            "credit note " + note.id() + " of invoice " + note.invoiceId() + " not stored: " + describe(e)));
      }
    }
    return new BillRunResult(made.created(), made.existing(), stored, failures, made.unclaimed());
  }

  private BillRunResult runOnce(BillRunRequest request) {
    String token = UUID.randomUUID().toString();
    List<Invoice> created = new ArrayList<>();
    List<Invoice> existing = new ArrayList<>();
    List<CreditNote> creditNotes = new ArrayList<>();
    List<BillRunResult.Failure> failures = new ArrayList<>();
    List<Subscription> subs = new ArrayList<>(request.subscriptions());
    subs.sort(Comparator.comparing(Subscription::id));
    Set<String> seen = new HashSet<>();
    Map<String, List<Subscription>> byAccount = new java.util.TreeMap<>();
    // a store that takes numbers in its own transactions bills in chunks (see billChunk)
    boolean chunked = request.finalizeInvoices() && store.sharesTransactionWith(numbers);
    List<Subscription> chunk = new ArrayList<>();
    for (Subscription sub : subs) {
      if (!seen.add(sub.id())) {
        failures.add(new BillRunResult.Failure(sub.id(), "input.invalid", "subscription id listed twice"));
        continue;
      }
      String account = accounts.billingAccountOf(sub.customerId());
      if (consolidated.contains(account)) {
        byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(sub);
        continue;
      }
      if (!chunked) {
        billSingle(sub, request, created, existing, creditNotes, failures, token);
        continue;
      }
      chunk.add(sub);
      if (chunk.size() == CHUNK) {
        billChunk(chunk, request, created, existing, creditNotes, failures, token);
        chunk.clear();
      }
    }
    billChunk(chunk, request, created, existing, creditNotes, failures, token);
    byAccount.forEach((account, list) -> billAccount(account, list, request, created, existing, creditNotes,
        failures, token));
    return new BillRunResult(created, existing, creditNotes, failures, request.usage().unclaimed());
  }

  /** Bills one subscription on its own, its failure reported in {@code failures}. */
  private void billSingle(Subscription sub, BillRunRequest request, List<Invoice> created, List<Invoice> existing,
      List<CreditNote> creditNotes, List<BillRunResult.Failure> failures, String token) {
    try {
      billOne(sub, request, created, existing, creditNotes, token, store::find, store::findAllByKey, true);
    } catch (BillingException e) {
      failures.add(new BillRunResult.Failure(sub.id(), e.code().code(), e.getMessage()));
    } catch (RuntimeException e) {
      // a store, number sequence, hook or usage source failed, or arithmetic overflowed: the
      // subscription is reported and the others are billed
      failures.add(new BillRunResult.Failure(sub.id(), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(),
          "subscription " + sub.id() + ": " + describe(e)));
    }
  }

  // ---------------------------------------------------------------- billing in chunks

  /**
   * A subscription of a chunk whose one new invoice is claimed and finalized with the chunk's:
   * its draft (null when it has nothing new to bill), the invoices its other cycles are already
   * on, its proration credit notes and the instant its invoice is finalized at.
   */
  private record Pending(Subscription sub, ResolvedSubscription resolved, @Nullable Invoice draft,
      List<Invoice> earlier, List<CreditNote> notes, @Nullable Instant finalizedAt) {}

  /**
   * Bills a chunk of subscriptions (in order of id) with few store calls, when the store takes
   * numbers in its own transactions: one {@link InvoiceStore#findAllByKeys} of every cycle key of
   * the chunk; then each subscription with at most one invoice to bill and no stored draft (the
   * common case of a periodic run: its earlier cycles on finalized invoices, the new one never
   * billed) is assembled from that read, as a preview, and the drafts of consecutive such
   * subscriptions are claimed by one {@link InvoiceStore#insertAllIfAbsent} and numbered and
   * finalized by one {@link InvoiceStore#finalizeAllWithNumbers} (one transaction: a failure or
   * a kill takes no number). Every other subscription (a stored draft, progressive thresholds, a
   * draft held through a grace period, more than one invoice to bill) is billed on its own, in its
   * place in the order, so numbers follow the order of the subscriptions as when billing one by
   * one. A draft another run stored first is reported existing (as one by one); a draft nobody
   * holds that appeared since the read is billed on its own; if the chunk's finalization fails,
   * its drafts are finalized one by one, each failure reported as one by one.
   */
  private void billChunk(List<Subscription> chunk, BillRunRequest request, List<Invoice> created,
      List<Invoice> existing, List<CreditNote> creditNotes, List<BillRunResult.Failure> failures, String token) {
    if (chunk.isEmpty()) {
      return;
    }
    // the cycles of each subscription, or null when it is billed on its own
    Map<String, List<BillingCycle>> cyclesOf = new HashMap<>();
    Set<InvoiceKey> keys = new java.util.LinkedHashSet<>();
    for (Subscription sub : chunk) {
      try {
        ResolvedSubscription resolved = sub.resolve(catalog);
        List<BillingCycle> cycles = SubscriptionCycles.cycles(resolved, sub.start(), request.asOf());
        if (ProgressiveInvoices.openCycle(resolved, sub.start(), request.asOf()).isPresent()
            || cycles.stream().anyMatch(c -> c.span().isPresent()
                && !ProgressiveInvoices.thresholds(resolved, c.span().get()).isEmpty())) {
          continue;
        }
        cyclesOf.put(sub.id(), cycles);
        cycles.forEach(c -> keys.add(InvoiceAssembler.keyOf(sub, c)));
      } catch (RuntimeException e) {
        // billed on its own, which reports the failure
      }
    }
    Map<InvoiceKey, List<Invoice>> stored;
    try {
      stored = keys.isEmpty() ? Map.of() : store.findAllByKeys(keys);
    } catch (RuntimeException e) {
      stored = null;
    }
    List<Pending> pending = new ArrayList<>();
    for (Subscription sub : chunk) {
      Pending p = stored == null ? null : pendingOf(sub, cyclesOf.get(sub.id()), stored, request, token);
      if (p != null && p.draft() == null) {
        finished(p, null, false, request, created, existing, creditNotes, failures); // nothing new to bill
        continue;
      }
      if (p != null) {
        pending.add(p);
        continue;
      }
      finishChunk(pending, request, created, existing, creditNotes, failures, token);
      pending.clear();
      billSingle(sub, request, created, existing, creditNotes, failures, token);
    }
    finishChunk(pending, request, created, existing, creditNotes, failures, token);
  }

  /**
   * A subscription's one new draft, assembled from the chunk's read of the store as a preview
   * (nothing written), or null if the subscription is billed on its own.
   */
  private @Nullable Pending pendingOf(Subscription sub, @Nullable List<BillingCycle> cycles,
      Map<InvoiceKey, List<Invoice>> stored, BillRunRequest request, String token) {
    if (cycles == null) {
      return null;
    }
    Map<InvoiceKey, Invoice> live = new HashMap<>();
    Map<InvoiceKey, BillingCycle> cycleOf = new HashMap<>();
    for (BillingCycle cycle : cycles) {
      InvoiceKey key = InvoiceAssembler.keyOf(sub, cycle);
      cycleOf.put(key, cycle);
      Optional<Invoice> l = stored.getOrDefault(key, List.of()).stream()
          .filter(inv -> inv.status() != InvoiceStatus.VOID).findFirst();
      if (l.isPresent() && l.get().status() == InvoiceStatus.DRAFT) {
        return null; // a stored draft: claimed by another run, or to be reopened
      }
      l.ifPresent(inv -> live.put(key, inv));
    }
    List<Invoice> drafts = new ArrayList<>();
    List<Invoice> earlier = new ArrayList<>();
    List<CreditNote> notes = new ArrayList<>();
    ResolvedSubscription resolved;
    try {
      resolved = billOne(sub, request.asPreview(), drafts, earlier, notes, token,
          key -> Optional.ofNullable(live.get(key)), key -> stored.getOrDefault(key, List.of()), false);
    } catch (RuntimeException e) {
      return null; // billed on its own, which reports the failure
    }
    if (drafts.isEmpty()) {
      return new Pending(sub, resolved, null, earlier, List.of(), null);
    }
    BillingCycle cycle = drafts.size() == 1 ? cycleOf.get(drafts.get(0).key()) : null;
    if (cycle == null || workflow.holdsDraft(cycle.boundary(), request.asOf())) {
      return null; // more than one invoice to bill, or a draft kept through its grace period
    }
    return new Pending(sub, resolved, drafts.get(0), earlier, notes, workflow.finalizationInstant(cycle.boundary()));
  }

  /**
   * Claims the pending drafts with one insert, then numbers and finalizes the claimed ones in one
   * transaction; reports each subscription's outcome as billing it on its own would.
   */
  private void finishChunk(List<Pending> pending, BillRunRequest request, List<Invoice> created,
      List<Invoice> existing, List<CreditNote> creditNotes, List<BillRunResult.Failure> failures, String token) {
    if (pending.isEmpty()) {
      return;
    }
    List<Invoice> claims = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      claims.add(withMetadata(p.draft(), claimMetadata(p.draft().metadata(), token, null)));
    }
    List<Invoice> inserted;
    try {
      inserted = store.insertAllIfAbsent(claims);
    } catch (RuntimeException e) {
      // nothing claimed (one transaction): each is billed on its own, which reads the store again
      pending.forEach(p -> billSingle(p.sub(), request, created, existing, creditNotes, failures, token));
      return;
    }
    List<Pending> held = new ArrayList<>();
    List<InvoiceStore.Finalization> finalizations = new ArrayList<>();
    List<Subscription> again = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      Invoice in = inserted.get(i);
      if (!in.equals(claims.get(i))) {
        if (in.status() == InvoiceStatus.DRAFT && !liveClaim(in)) {
          again.add(p.sub()); // a draft nobody holds, stored since the chunk's read: reopened on its own
        } else {
          finished(p, in, false, request, created, existing, creditNotes, failures); // another run's
        }
        continue;
      }
      try {
        List<AppliedCredit> credits = request.credits().apply(p.draft());
        Invoice invoice = credits.isEmpty() ? p.draft() : InvoiceLifecycle.applyCredits(p.draft(), credits);
        finalizations.add(new InvoiceStore.Finalization(in, request.series().apply(invoice),
            n -> workflow.finalize(invoice, n, p.finalizedAt())));
        held.add(p);
      } catch (RuntimeException e) {
        failed(p, in, token, e, failures);
      }
    }
    List<Invoice> done = null;
    try {
      done = finalizations.isEmpty() ? List.of() : store.finalizeAllWithNumbers(finalizations, numbers);
    } catch (RuntimeException e) {
      // none finalized and no number taken (one transaction): each claimed draft on its own
    }
    for (int i = 0; i < held.size(); i++) {
      Pending p = held.get(i);
      InvoiceStore.Finalization f = finalizations.get(i);
      if (done != null) {
        finished(p, done.get(i), true, request, created, existing, creditNotes, failures);
        continue;
      }
      try {
        finished(p, store.finalizeWithNumber(f.expected(), numbers, f.series(), f.finalized()), true, request,
            created, existing, creditNotes, failures);
      } catch (RuntimeException e) {
        failed(p, f.expected(), token, e, failures);
      }
    }
    again.forEach(sub -> billSingle(sub, request, created, existing, creditNotes, failures, token));
  }

  /** Reports a chunked subscription's invoice (null: none new), then issues its cancellation credit notes. */
  private void finished(Pending p, @Nullable Invoice outcome, boolean won, BillRunRequest request, List<Invoice> created,
      List<Invoice> existing, List<CreditNote> creditNotes, List<BillRunResult.Failure> failures) {
    existing.addAll(p.earlier());
    List<Invoice> own = new ArrayList<>(p.earlier());
    if (outcome != null) {
      (won ? created : existing).add(outcome);
      if (won) {
        creditNotes.addAll(p.notes());
      }
      own.add(outcome);
    }
    try {
      creditNotes.addAll(cancellation.issue(p.sub(), p.resolved(), own, request.asOf(), request.earlierCreditNotes(),
          creditNotes));
    } catch (BillingException e) {
      failures.add(new BillRunResult.Failure(p.sub().id(), e.code().code(), e.getMessage()));
    } catch (RuntimeException e) {
      failures.add(new BillRunResult.Failure(p.sub().id(), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(),
          "subscription " + p.sub().id() + ": " + describe(e)));
    }
  }

  /** A chunked subscription whose claimed draft could not be finalized: its claim released, reported. */
  private void failed(Pending p, Invoice held, String token, RuntimeException cause,
      List<BillRunResult.Failure> failures) {
    try {
      // with no number kept on the draft it throws (it returns only for a number found stored)
      finalizationFailed("subscription " + p.sub().id(), p.draft(), held, token, null, false, cause);
    } catch (BillingException e) {
      failures.add(new BillRunResult.Failure(p.sub().id(), e.code().code(), e.getMessage()));
    }
  }

  /** Bills one subscription's cycles; returns the subscription as resolved for them. */
  private ResolvedSubscription billOne(Subscription sub, BillRunRequest request, List<Invoice> created,
      List<Invoice> existing, List<CreditNote> creditNotes, String token,
      java.util.function.Function<InvoiceKey, Optional<Invoice>> find,
      java.util.function.Function<InvoiceKey, List<Invoice>> allByKey, boolean progressiveBilling) {
    (assembler.converts() ? SubscriptionValidator.EXISTING.withCurrencyConversion() : SubscriptionValidator.EXISTING)
        .check(sub, catalog); // every problem at once, before billing anything
    ResolvedSubscription resolved = sub.resolve(catalog); // once: every cycle is billed from it
    List<BillingCycle> cycles = SubscriptionCycles.cycles(resolved, sub.start(), request.asOf());
    Map<String, Integer> couponUses = new HashMap<>();
    // what each coupon gave on the subscription's issued invoices: a carried coupon's rest is derived from it
    Map<String, java.math.BigDecimal> couponAmounts = new HashMap<>();
    List<Invoice> own = new ArrayList<>();
    ProgressiveInvoices thresholds = new ProgressiveInvoices(assembler);
    for (BillingCycle cycle : cycles) {
      InvoiceKey key = InvoiceAssembler.keyOf(sub, cycle);
      Optional<Invoice> stored = find.apply(key);
      // a draft nobody holds (released by a failed run, left by a preview of an earlier version,
      // or claimed by a run whose lease expired) is assembled again and finalized; an invoice
      // another run is finalizing, or a finalized one, is left as it is
      boolean reopen = stored.isPresent() && stored.get().status() == InvoiceStatus.DRAFT && !liveClaim(stored.get());
      if (stored.isPresent() && !reopen) {
        if (cycle.span().isPresent() && !ProgressiveInvoices.thresholds(resolved, cycle.span().get()).isEmpty()) {
          List<Invoice> thresholdInvoices = ProgressiveInvoices.issued(sub, cycle, find);
          existing.addAll(thresholdInvoices);
          own.addAll(thresholdInvoices);
        }
        existing.add(stored.get());
        own.add(stored.get());
        countCoupons(stored.get(), couponUses, couponAmounts);
        continue;
      }
      // progressive billing: the span's threshold invoices first; this cycle's own invoice bills the rest
      List<Invoice> thresholdInvoices = cycle.span().isEmpty() ? List.of()
          : thresholds.bill(new InvoiceRequest(sub, catalog, cycle, request.usage(), List.of(), List.of(),
              request.tax().apply(sub)), resolved, cycle.boundary(),
              progressiveBilling ? issuer(sub, request, created, existing, token, find) : null);
      own.addAll(thresholdInvoices);
      List<InvoiceLine> previous = earlierLines(own, cycle);
      List<CouponRedemption> coupons = new ArrayList<>();
      for (CouponRedemption r : request.coupons().apply(sub)) {
        coupons.add(new CouponRedemption(underConventions(r.coupon()), r.periodsUsed() + couponUses.getOrDefault(r.coupon().id(), 0),
            r.amountUsed().add(couponAmounts.getOrDefault(r.coupon().id(), java.math.BigDecimal.ZERO))));
      }
      Optional<Invoice> draft = assembler.assemble(new InvoiceRequest(sub, catalog, cycle, request.usage(), previous, coupons,
          request.tax().apply(sub)), resolved, ProgressiveInvoices.billed(thresholdInvoices));
      boolean asStored = draft.isEmpty() && reopen;
      if (asStored) {
        draft = Optional.of(withMetadata(stored.get(), withoutClaim(stored.get().metadata())));
      }
      draft = draft.map(d -> withRevisionId(d, stored, key, allByKey));
      if (draft.isEmpty()) {
        continue;
      }
      Invoice invoice = draft.get();
      List<CreditNote> prorationNotes = List.of();
      if (!asStored) {
        List<CreditNote> earlierNotes = new ArrayList<>();
        for (Invoice o : own) {
          earlierNotes.addAll(request.earlierCreditNotes().apply(o.id()));
        }
        ProrationCredits.Result moved = prorationCredits.apply(invoice, own, earlierNotes, cycle.boundary());
        // lines moved to credit notes drop the reporting totals: stated again for the lines kept
        invoice = moved.draft() == invoice ? invoice : assembler.withReporting(moved.draft(), resolved.rounding());
        prorationNotes = moved.creditNotes();
      }
      // a preview stores nothing, nets nothing off and takes no number: its draft is the outcome
      Invoice outcome = invoice;
      boolean won = true;
      boolean held = request.finalizeInvoices() && workflow.holdsDraft(cycle.boundary(), request.asOf());
      if (held) {
        GraceDrafts.Kept k = GraceDrafts.keep(store, invoice, reopen ? stored : Optional.empty());
        outcome = k.invoice();
        won = k.written();
      } else if (request.finalizeInvoices()) {
        Finalized f = finalizeCycle("subscription " + sub.id(), invoice, reopen ? stored : Optional.empty(), request,
            workflow.finalizationInstant(cycle.boundary()), token);
        outcome = f.invoice();
        won = f.won();
      }
      (won ? created : existing).add(outcome);
      if (won && !held) {
        creditNotes.addAll(prorationNotes);
      }
      own.add(outcome);
      countCoupons(outcome, couponUses, couponAmounts);
    }
    // the open period: threshold invoices for crossings at or before asOf
    Optional<BillingCycle> open = ProgressiveInvoices.openCycle(resolved, sub.start(), request.asOf());
    if (open.isPresent()) {
      own.addAll(thresholds.bill(new InvoiceRequest(sub, catalog, open.get(), request.usage(), List.of(), List.of(),
          request.tax().apply(sub)), resolved, request.asOf(),
          progressiveBilling ? issuer(sub, request, created, existing, token, find) : null));
    }
    if (request.finalizeInvoices()) {
      creditNotes.addAll(cancellation.issue(sub, resolved, own, request.asOf(), request.earlierCreditNotes(),
          creditNotes));
    }
    return resolved;
  }

  /**
   * How a progressive invoice is issued: a stored invoice that is finalized or claimed by a live
   * run is left as it is (reported existing); otherwise the draft is stored, claimed, netted off
   * and finalized as a cycle's draft is, at its crossing instant (a preview returns the draft).
   */
  private ProgressiveInvoices.Issuer issuer(Subscription sub, BillRunRequest request, List<Invoice> created,
      List<Invoice> existing, String token, java.util.function.Function<InvoiceKey, Optional<Invoice>> find) {
    return new ProgressiveInvoices.Issuer() {
      @Override
      public Optional<Invoice> settled(InvoiceKey key) {
        Optional<Invoice> stored = find.apply(key);
        if (stored.isPresent() && (stored.get().status() != InvoiceStatus.DRAFT || liveClaim(stored.get()))) {
          existing.add(stored.get());
          return stored;
        }
        return Optional.empty();
      }

      @Override
      public Invoice issue(Invoice draft) {
        Optional<Invoice> stored = find.apply(draft.key());
        Invoice d = withRevisionId(draft, stored, draft.key(), store::findAllByKey);
        if (!request.finalizeInvoices()) {
          created.add(d);
          return d;
        }
        Finalized f = finalizeCycle("subscription " + sub.id(), d, stored, request, d.issuedAt(), token);
        (f.won() ? created : existing).add(f.invoice());
        return f.invoice();
      }
    };
  }

  /**
   * The lines of the subscription's earlier invoices that may still matter to a cycle: those
   * whose service period ends after the start of the earliest period closing at it (in-advance
   * fees to credit after a change, fees counted towards a minimum commitment).
   */
  private static List<InvoiceLine> earlierLines(List<Invoice> own, BillingCycle cycle) {
    if (cycle.span().isEmpty()) {
      return List.of();
    }
    Instant horizon = cycle.span().get().start();
    List<ScheduledPeriod> closings = new ArrayList<>(cycle.closingCharges().values());
    cycle.closing().ifPresent(closings::add);
    for (ScheduledPeriod p : closings) {
      if (p.fullPeriod().start().isBefore(horizon)) {
        horizon = p.fullPeriod().start();
      }
    }
    List<InvoiceLine> out = new ArrayList<>();
    for (Invoice invoice : own) {
      for (InvoiceLine line : invoice.lines()) {
        if (line.servicePeriod().end().isAfter(horizon)) {
          out.add(line);
        }
      }
    }
    return out;
  }

  /** The invoice a cycle ended with, and whether this run finalized it. */
  private record Finalized(Invoice invoice, boolean won) {}

  /**
   * Finalizes a cycle's draft: claims it (inserts it claimed, or takes over the draft nobody
   * holds), calls the credits hook, takes the number (or uses the one kept on the draft) and
   * stores the finalized invoice by compare-and-set. Another run's claim or invoice is returned
   * as not won. If a step fails, the claim is released (keeping a number taken) and an
   * {@link ErrorCode#INVOICE_FINALIZATION_FAILED} is thrown.
   */
  private Finalized finalizeCycle(String owner, Invoice draft, Optional<Invoice> reopened,
      BillRunRequest request, Instant boundary, String token) {
    String number = reopened.map(i -> i.metadata().get(NUMBER)).orElse(null);
    Invoice claim = withMetadata(draft, claimMetadata(draft.metadata(), token, number));
    Invoice held = null;
    boolean fresh = false;
    try {
      if (reopened.isPresent()) {
        try {
          held = store.compareAndSet(reopened.get(), claim);
        } catch (BillingException e) {
          if (e.code() != ErrorCode.INVOICE_CONFLICT) {
            throw e;
          }
          // another run claimed or finalized it first
          return new Finalized(store.find(draft.key()).orElseThrow(() -> e), false);
        }
      } else {
        // Invoice ids and contents are deterministic, so two concurrent runs assemble equal
        // drafts; the claim token tells them apart. The run whose claimed draft is stored
        // finalizes it; the other takes no number (no gap in the series, CGST Rule 46(b)) and
        // reports the invoice as existing.
        Invoice inserted = store.insertIfAbsent(claim);
        if (!inserted.equals(claim)) {
          return new Finalized(inserted, false);
        }
        held = claim;
      }
      List<AppliedCredit> credits = request.credits().apply(draft);
      Invoice invoice = credits.isEmpty() ? draft : InvoiceLifecycle.applyCredits(draft, credits);
      if (number == null && store.sharesTransactionWith(numbers)) {
        // the number and the finalized invoice in one transaction: a failure or a kill takes no number
        Invoice credited = invoice;
        return new Finalized(store.finalizeWithNumber(held, numbers, request.series().apply(invoice),
            n -> workflow.finalize(credited, n, boundary)), true);
      }
      if (number == null) {
        number = numbers.nextNumber(request.series().apply(invoice));
        fresh = true;
      }
      return new Finalized(store.compareAndSet(held, workflow.finalize(invoice, number, boundary)), true);
    } catch (RuntimeException e) {
      return finalizationFailed(owner, draft, held, token, number, fresh, e);
    }
  }

  /**
   * After a failed finalization: releases this run's claim, keeping a number taken on the draft
   * (up to three attempts), and throws the failure; returns the invoice if the write reported as
   * failed was applied after all (a store that timed out after committing).
   *
   * @param held the claim as this run stored it, or null if not known to be stored
   */
  private Finalized finalizationFailed(String owner, Invoice draft, @Nullable Invoice held, String token, String number,
      boolean fresh, RuntimeException cause) {
    StringBuilder message = new StringBuilder(owner).append(": finalizing invoice ")
        .append(draft.id()).append(" (key ").append(draft.key().value()).append(") failed: ").append(describe(cause));
    String what = null;
    Invoice expected = held;
    for (int attempt = 0; attempt < 3 && what == null; attempt++) {
      try {
        if (expected == null) {
          Optional<Invoice> current = store.find(draft.key());
          if (current.isPresent() && current.get().status() != InvoiceStatus.DRAFT && number != null
              && current.get().id().equals(draft.id()) && current.get().number().orElse("").equals(number)) {
            return new Finalized(current.get(), true); // the finalizing write was applied
          }
          if (current.isPresent() && current.get().status() == InvoiceStatus.DRAFT
              && !current.get().metadata().containsKey(FINALIZING)
              && Objects.equals(current.get().metadata().get(NUMBER), number)) {
            what = released(number); // released already (a release reported as failed was applied)
            break;
          }
          if (current.isEmpty() || current.get().status() != InvoiceStatus.DRAFT
              || !token.equals(current.get().metadata().get(FINALIZING))) {
            what = number != null && fresh ? "; number " + number + " was taken but the draft is no longer this"
                + " run's claim: the number is lost" : "; nothing is left claimed by this run";
            break;
          }
          expected = current.get();
        }
        store.compareAndSet(expected, withMetadata(expected, released(expected.metadata(), number)));
        what = released(number);
      } catch (BillingException again) {
        if (again.code() != ErrorCode.INVOICE_CONFLICT) {
          cause.addSuppressed(again);
          message.append("; releasing the claim failed: ").append(describe(again));
        }
        expected = null; // look at the stored invoice again
      } catch (RuntimeException again) {
        cause.addSuppressed(again);
        message.append("; releasing the claim failed: ").append(describe(again));
      }
    }
    if (what == null) {
      what = number != null && fresh ? "; number " + number + " was taken but could not be stored: it is lost"
          : "; the claim stays until recover() or until it is older than the claim lease (" + claimLease + ")";
    }
    throw new BillingException(ErrorCode.INVOICE_FINALIZATION_FAILED, message.append(what).toString(), cause);
  }

  /** What a released claim leaves, for the failure message. */
  private static String released(String number) {
    return number == null ? "; no number was taken; the draft is released for the next run"
        : "; number " + number + " was taken and is kept on the released draft (metadata " + NUMBER
            + ") for the next run";
  }

  /** Whether a draft is claimed by a run whose lease has not expired. */
  private boolean liveClaim(Invoice invoice) {
    if (!invoice.metadata().containsKey(FINALIZING)) {
      return false;
    }
    String at = invoice.metadata().get(CLAIMED_AT);
    if (at == null) {
      return false; // a claim without a time (an earlier version's): stale
    }
    try {
      return Duration.between(Instant.parse(at), clock.instant()).compareTo(claimLease) < 0;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private Map<String, String> claimMetadata(Map<String, String> metadata, String token, String number) {
    Map<String, String> out = withoutClaim(metadata);
    out.put(FINALIZING, token);
    out.put(CLAIMED_AT, clock.instant().toString());
    if (number != null) {
      out.put(NUMBER, number);
    }
    return out;
  }

  private static Map<String, String> released(Map<String, String> metadata, String number) {
    Map<String, String> out = withoutClaim(metadata);
    if (number != null) {
      out.put(NUMBER, number);
    }
    return out;
  }

  private static Map<String, String> withoutClaim(Map<String, String> metadata) {
    Map<String, String> out = new java.util.LinkedHashMap<>(metadata);
    out.remove(FINALIZING);
    out.remove(CLAIMED_AT);
    out.remove(NUMBER);
    return out;
  }

  // ---------------------------------------------------------------- consolidated accounts

  /**
   * Bills the subscriptions of one consolidated billing account (see {@link #consolidating}):
   * assembles their drafts as a preview (a cycle already on a consolidated invoice is read back
   * as that invoice's lines of the subscription), merges the drafts of each consolidated key and
   * finalizes each merged draft once, in period order. Nothing of the account is written if a
   * subscription fails.
   */
  private void billAccount(String account, List<Subscription> subs, BillRunRequest request, List<Invoice> created,
      List<Invoice> existing, List<CreditNote> creditNotes, List<BillRunResult.Failure> failures, String token) {
    List<Invoice> drafts = new ArrayList<>();
    List<CreditNote> notes = new ArrayList<>();
    Map<String, List<Invoice>> onInvoices = new HashMap<>(); // subscription id -> consolidated invoices
    Map<String, ResolvedSubscription> resolved = new HashMap<>(); // subscription id -> as billed
    List<BillRunResult.Failure> failed = new ArrayList<>();
    for (Subscription sub : subs) {
      try {
        resolved.put(sub.id(), billOne(sub, request.asPreview(), drafts, new ArrayList<>(), notes, token,
            key -> consolidatedCycle(account, sub, key, onInvoices), store::findAllByKey, false));
      } catch (BillingException e) {
        failed.add(new BillRunResult.Failure(sub.id(), e.code().code(), e.getMessage()));
      } catch (RuntimeException e) {
        failed.add(new BillRunResult.Failure(sub.id(), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(),
            "subscription " + sub.id() + ": " + describe(e)));
      }
    }
    if (failed.isEmpty() && !notes.isEmpty()) {
      failed.add(new BillRunResult.Failure(subs.get(0).id(), ErrorCode.INVALID_VALUE.code(),
          "account " + account + ": proration credit notes (ProrationCredits.CREDIT_NOTE) are not issued against"
              + " consolidated invoices; bill it with ProrationCredits.INVOICE_LINE or without consolidation"));
    }
    Map<InvoiceKey, List<Invoice>> groups = new HashMap<>();
    for (Invoice d : drafts) {
      groups.computeIfAbsent(DocumentIds.consolidatedKey(account, d.key()), k -> new ArrayList<>()).add(d);
    }
    List<InvoiceKey> keys = new ArrayList<>(groups.keySet());
    keys.sort(Comparator.comparing((InvoiceKey k) -> k.period().end()).thenComparing(k -> k.period().start())
        .thenComparing(InvoiceKey::value));
    Set<String> children = new java.util.TreeSet<>();
    accounts.parents().keySet().stream().filter(c -> accounts.billingAccountOf(c).equals(account))
        .forEach(children::add);
    List<Invoice> merged = new ArrayList<>();
    for (InvoiceKey key : keys) {
      if (!failed.isEmpty()) {
        break;
      }
      List<Invoice> group = groups.get(key);
      try {
        Optional<Invoice> stored = store.find(key);
        boolean reopen = stored.isPresent() && stored.get().status() == InvoiceStatus.DRAFT
            && !liveClaim(stored.get());
        if (stored.isPresent() && !reopen) {
          List<String> missing = new ArrayList<>();
          group.forEach(d -> d.subscriptionIds().stream().filter(id -> !stored.get().subscriptionIds().contains(id))
              .forEach(missing::add));
          if (!missing.isEmpty()) {
            throw BillingException.invalid(ErrorCode.INVALID_VALUE, "subscriptions", missing,
                "subscriptions on consolidated invoice " + stored.get().id() + " (key " + key.value()
                    + "), which already bills that period of account " + account + " without them");
          }
          existing.add(stored.get()); // consolidated by another run since this one looked
          continue;
        }
        Instant issuedAt = group.stream().map(Invoice::issuedAt).max(Comparator.naturalOrder()).orElseThrow();
        String id = stored.isPresent() ? stored.get().id() : DocumentIds.invoiceId(key, store.findAllByKey(key).size());
        Invoice draft = withKey(dev.billwright.invoice.InvoiceConsolidator.DEFAULT.consolidate(id, account, children,
            group, issuedAt), key);
        merged.add(draft);
      } catch (BillingException e) {
        group.forEach(d -> d.subscriptionIds().forEach(sid ->
            failed.add(new BillRunResult.Failure(sid, e.code().code(), "account " + account + ": " + e.getMessage()))));
      } catch (RuntimeException e) {
        group.forEach(d -> d.subscriptionIds().forEach(sid -> failed.add(new BillRunResult.Failure(sid,
            ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(), "account " + account + ": " + describe(e)))));
      }
    }
    if (!failed.isEmpty()) {
      reportAccountFailure(account, subs, failed, failures);
      return;
    }
    Map<String, Invoice> found = new java.util.TreeMap<>(); // consolidated invoices found already billed
    onInvoices.values().forEach(l -> l.forEach(i -> found.putIfAbsent(i.id(), i)));
    existing.addAll(found.values());
    for (Invoice draft : merged) {
      if (!request.finalizeInvoices()) {
        created.add(draft);
        continue;
      }
      try {
        Optional<Invoice> stored = store.find(draft.key());
        if (stored.isPresent() && (stored.get().status() != InvoiceStatus.DRAFT || liveClaim(stored.get()))) {
          existing.add(stored.get()); // another run claimed or finalized it since this one looked
          stored.get().subscriptionIds().forEach(sid -> onInvoices.computeIfAbsent(sid, x -> new ArrayList<>())
              .add(stored.get()));
          continue;
        }
        boolean reopen = stored.isPresent();
        Finalized f = finalizeCycle("account " + account, draft, reopen ? stored : Optional.empty(), request,
            draft.issuedAt(), token);
        (f.won() ? created : existing).add(f.invoice());
        f.invoice().subscriptionIds().forEach(sid -> onInvoices.computeIfAbsent(sid, x -> new ArrayList<>())
            .add(f.invoice()));
      } catch (BillingException e) {
        // later periods are left for the next run, as for a subscription
        reportAccountFailure(account, subs, List.of(new BillRunResult.Failure(draft.subscriptionIds().get(0),
            e.code().code(), e.getMessage())), failures);
        return;
      } catch (RuntimeException e) {
        reportAccountFailure(account, subs, List.of(new BillRunResult.Failure(draft.subscriptionIds().get(0),
            ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(), "account " + account + ": " + describe(e))), failures);
        return;
      }
    }
    if (request.finalizeInvoices()) {
      for (Subscription sub : subs) {
        try {
          creditNotes.addAll(cancellation.issue(sub, resolved.computeIfAbsent(sub.id(), id -> sub.resolve(catalog)),
                  onInvoices.getOrDefault(sub.id(), List.of()), request.asOf(), request.earlierCreditNotes(),
                  creditNotes));
        } catch (RuntimeException e) {
          failures.add(new BillRunResult.Failure(sub.id(), e instanceof BillingException b ? b.code().code()
              : ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(), "subscription " + sub.id() + ": " + describe(e)));
        }
      }
    }
  }

  /**
   * A subscription's cycle as the bill run finds it for a consolidated account: its own stored
   * invoice of the key (billed before the account was consolidated; a draft there is refused),
   * else the subscription's lines of the consolidated invoice that carries the key's period when
   * that invoice is live and lists the subscription (recorded in {@code onInvoices}), else none.
   */
  private Optional<Invoice> consolidatedCycle(String account, Subscription sub, InvoiceKey key,
      Map<String, List<Invoice>> onInvoices) {
    Optional<Invoice> own = store.find(key);
    if (own.isPresent()) {
      if (own.get().status() == InvoiceStatus.DRAFT) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "subscriptions[" + sub.id() + "]", own.get().id(),
            "no draft under the subscription's own key " + key.value() + " when account " + account
                + " is consolidated: finalize it by a bill run without consolidation first");
      }
      onInvoices.computeIfAbsent(sub.id(), x -> new ArrayList<>()).add(own.get());
      return own;
    }
    Optional<Invoice> c = store.find(DocumentIds.consolidatedKey(account, key));
    if (c.isEmpty() || (c.get().status() == InvoiceStatus.DRAFT && !liveClaim(c.get()))
        || !c.get().subscriptionIds().contains(sub.id())) {
      return Optional.empty();
    }
    onInvoices.computeIfAbsent(sub.id(), x -> new ArrayList<>()).add(c.get());
    Invoice whole = c.get();
    List<InvoiceLine> lines = whole.lines().stream()
        .filter(l -> l.subscriptionId().map(sub.id()::equals).orElse(false)).toList();
    Set<String> ids = new HashSet<>();
    lines.forEach(l -> ids.add(l.lineId()));
    return Optional.of(Invoice.builder().id(whole.id()).key(whole.key()).number(whole.number())
        .customerId(whole.customerId()).addSubscriptionIds(sub.id()).currency(whole.currency())
        .status(whole.status()).addAllLines(lines)
        .addAllDiscountLines(whole.discountLines().stream().filter(d -> ids.contains(d.lineId())).toList())
        .issuedAt(whole.issuedAt()).finalizedAt(whole.finalizedAt()).paidAt(whole.paidAt())
        .voidedAt(whole.voidedAt()).uncollectibleAt(whole.uncollectibleAt()).dueDate(whole.dueDate())
        .putAllMetadata(whole.metadata()).taxDecision(whole.taxDecision()).build());
  }

  /** Reports every subscription of a consolidated account as failed: nothing of it was billed. */
  private static void reportAccountFailure(String account, List<Subscription> subs, List<BillRunResult.Failure> failed,
      List<BillRunResult.Failure> failures) {
    failures.addAll(failed);
    Set<String> reported = new HashSet<>();
    failed.forEach(f -> reported.add(f.subscriptionId()));
    String first = failed.get(0).subscriptionId();
    for (Subscription sub : subs) {
      if (!reported.contains(sub.id())) {
        failures.add(new BillRunResult.Failure(sub.id(), ErrorCode.BILL_RUN_INTERNAL_FAILURE.code(),
            "subscription " + sub.id() + ": not billed: account " + account + " is consolidated and " + first
                + " failed (" + failed.get(0).code() + "); the account is billed as a whole on the next run"));
      }
    }
  }

  /** A copy of a draft under another key. */
  private static Invoice withKey(Invoice draft, InvoiceKey key) {
    return Invoice.builder().id(draft.id()).key(key).number(draft.number()).customerId(draft.customerId())
        .addAllSubscriptionIds(draft.subscriptionIds()).currency(draft.currency()).status(draft.status())
        .addAllLines(draft.lines()).addAllDiscountLines(draft.discountLines())
        .addAllCreditsApplied(draft.creditsApplied()).issuedAt(draft.issuedAt()).dueDate(draft.dueDate())
        .putAllMetadata(draft.metadata()).taxDecision(draft.taxDecision()).reportingTotals(draft.reportingTotals()).build();
  }

  /** The exception's code or class and message, for a failure report. */
  private static String describe(RuntimeException e) {
    return (e instanceof BillingException b ? b.code().code() : e.getClass().getName()) + ": " + e.getMessage();
  }

  /**
   * The draft under the id it is stored with: a stored draft's own; else the key's next revision
   * ({@link DocumentIds#invoiceId}), so a period billed again after its invoice was voided gets a
   * new id (the void invoice keeps its own).
   */
  private static Invoice withRevisionId(Invoice draft, Optional<Invoice> stored, InvoiceKey key,
      java.util.function.Function<InvoiceKey, List<Invoice>> allByKey) {
    String id = stored.isPresent() ? stored.get().id() : DocumentIds.invoiceId(key, allByKey.apply(key).size());
    return id.equals(draft.id()) ? draft : InvoiceLifecycle.withId(draft, id);
  }

  /** A copy of an invoice with other metadata. */
  private static Invoice withMetadata(Invoice draft, Map<String, String> metadata) {
    return Invoice.builder().id(draft.id()).key(draft.key()).number(draft.number()).customerId(draft.customerId())
        .addAllSubscriptionIds(draft.subscriptionIds()).currency(draft.currency()).status(draft.status())
        .addAllLines(draft.lines()).addAllDiscountLines(draft.discountLines())
        .addAllCreditsApplied(draft.creditsApplied()).issuedAt(draft.issuedAt()).dueDate(draft.dueDate())
        .putAllMetadata(metadata).taxDecision(draft.taxDecision()).reportingTotals(draft.reportingTotals()).build();
  }

  private static void countCoupons(Invoice invoice, Map<String, Integer> uses,
      Map<String, java.math.BigDecimal> amounts) {
    Set<String> used = new HashSet<>();
    for (DiscountLine d : invoice.discountLines()) {
      used.add(d.couponId());
      amounts.merge(d.couponId(), d.amount().amount(), java.math.BigDecimal::add);
    }
    used.forEach(id -> uses.merge(id, 1, Integer::sum));
  }
}
