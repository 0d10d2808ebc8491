package dev.billwright.billing;

import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.DiscountLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationFraction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bill run: bills every subscription up to an instant through the host's stores, exactly once
 * per billing cycle.
 *
 * <p>For each subscription (in order of id) and each billing boundary at or before
 * {@code asOf} (so a run after a gap bills every missed period, each on its own invoice): if the
 * store already holds the cycle's invoice (by its deterministic idempotency key), it is left as
 * it is; otherwise the invoice is assembled ({@link InvoiceAssembler}), inserted only if absent
 * ({@link InvoiceStore#insertIfAbsent}: two concurrent runs store one invoice), netted off
 * against prepaid credits and finalized with the next gap-free number of its series (of two
 * concurrent runs, the one that first claims the stored draft by compare-and-set takes the
 * number; the other reports the invoice as existing and takes none; a draft left claimed by a
 * run that died before finalizing stays a draft, with metadata {@code billwright.finalizing},
 * for the host to finalize or delete). A finalizing run that finds an unclaimed draft (left by a
 * preview run, {@link BillRunRequest#asPreview()}) assembles the cycle again, replaces the draft
 * and finalizes it. Re-running
 * the same request therefore changes nothing. A subscription that fails (a missing plan, a
 * matrix without a matching cell) is reported in the result and does not stop the others.
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
  /** Metadata key marking a draft a run has claimed for finalization. */
  private static final String FINALIZING = "billwright.finalizing";

  private final PlanCatalog catalog;
  private final InvoiceStore store;
  private final InvoiceNumberSequence numbers;
  private final InvoiceAssembler assembler;
  private final ProrationCredits prorationCredits;

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
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.store = Objects.requireNonNull(store, "store");
    this.numbers = Objects.requireNonNull(numbers, "numbers");
    this.assembler = Objects.requireNonNull(assembler, "assembler");
    this.prorationCredits = Objects.requireNonNull(prorationCredits, "prorationCredits");
  }

  /**
   * Runs the bill run.
   *
   * @param request what to bill, not null
   * @return what was created, found and failed, never null
   */
  public BillRunResult run(BillRunRequest request) {
    List<Invoice> created = new ArrayList<>();
    List<Invoice> existing = new ArrayList<>();
    List<CreditNote> creditNotes = new ArrayList<>();
    List<BillRunResult.Failure> failures = new ArrayList<>();
    List<Subscription> subs = new ArrayList<>(request.subscriptions());
    subs.sort(Comparator.comparing(Subscription::id));
    Set<String> seen = new HashSet<>();
    for (Subscription sub : subs) {
      if (!seen.add(sub.id())) {
        failures.add(new BillRunResult.Failure(sub.id(), "input.invalid", "subscription id listed twice"));
        continue;
      }
      try {
        billOne(sub, request, created, existing, creditNotes);
      } catch (BillingException e) {
        failures.add(new BillRunResult.Failure(sub.id(), e.code().code(), e.getMessage()));
      }
    }
    return new BillRunResult(created, existing, creditNotes, failures, request.usage().unclaimed());
  }

  private void billOne(Subscription sub, BillRunRequest request, List<Invoice> created, List<Invoice> existing,
      List<CreditNote> creditNotes) {
    List<BillingCycle> cycles = SubscriptionCycles.cycles(sub, catalog, sub.start(), request.asOf());
    List<SubscriptionPhase> phases = sub.phases(catalog);
    List<InvoiceLine> previous = List.of();
    Map<String, Integer> couponUses = new HashMap<>();
    List<Invoice> own = new ArrayList<>();
    for (BillingCycle cycle : cycles) {
      InvoiceKey key = InvoiceAssembler.keyOf(sub, cycle);
      Optional<Invoice> stored = store.find(key);
      // an unclaimed draft (left by a preview run, or by a run that stopped before finalizing)
      // is assembled again and finalized by a finalizing run; anything else is left as it is
      boolean openDraft = stored.isPresent() && stored.get().status() == InvoiceStatus.DRAFT
          && !stored.get().metadata().containsKey(FINALIZING) && request.finalizeInvoices();
      if (stored.isPresent() && !openDraft) {
        existing.add(stored.get());
        own.add(stored.get());
        countCoupons(stored.get(), couponUses);
        previous = stored.get().lines();
        continue;
      }
      List<CouponRedemption> coupons = new ArrayList<>();
      for (CouponRedemption r : request.coupons().apply(sub)) {
        coupons.add(new CouponRedemption(r.coupon(), r.periodsUsed() + couponUses.getOrDefault(r.coupon().id(), 0)));
      }
      Optional<Invoice> draft = assembler.assemble(new InvoiceRequest(sub, catalog, cycle, request.usage(), previous, coupons,
          request.tax().apply(sub)));
      if (draft.isEmpty() && openDraft) {
        draft = stored; // nothing to bill any more: finalize the draft as it is
      }
      if (draft.isEmpty()) {
        previous = List.of();
        continue;
      }
      Invoice invoice = draft.get();
      List<CreditNote> prorationNotes = List.of();
      if (!openDraft || !draft.equals(stored)) {
        List<CreditNote> earlierNotes = new ArrayList<>();
        for (Invoice o : own) {
          earlierNotes.addAll(request.earlierCreditNotes().apply(o.id()));
        }
        ProrationCredits.Result moved = prorationCredits.apply(invoice, own, earlierNotes, cycle.boundary());
        invoice = moved.draft();
        prorationNotes = moved.creditNotes();
      }
      List<AppliedCredit> credits = request.credits().apply(invoice);
      if (!credits.isEmpty()) {
        invoice = InvoiceLifecycle.applyCredits(invoice, credits);
      }
      Invoice inserted = openDraft ? stored.get() : store.insertIfAbsent(invoice);
      boolean won = true;
      if (inserted.status() == InvoiceStatus.DRAFT && inserted.metadata().containsKey(FINALIZING)) {
        won = false; // another run has claimed it and is finalizing it
      } else if (inserted.status() == InvoiceStatus.DRAFT && request.finalizeInvoices()) {
        // Invoice ids and contents are deterministic, so two concurrent runs insert equal drafts
        // and cannot tell from insertIfAbsent which one stored it. The run that first moves the
        // stored draft to a claimed copy finalizes it; the other takes no number (no gap in the
        // series, CGST Rule 46(b)) and reports the invoice as existing.
        // The claim also replaces a stale stored draft with this run's assembly.
        Invoice claimed = claimed(invoice);
        try {
          store.compareAndSet(inserted, claimed);
          String number = numbers.nextNumber(request.series().apply(invoice));
          inserted = store.compareAndSet(claimed, InvoiceLifecycle.finalize(invoice, number, cycle.boundary()));
        } catch (BillingException e) {
          if (e.code() != ErrorCode.INVOICE_CONFLICT) {
            throw e;
          }
          won = false;
          inserted = store.find(key).orElseThrow(() -> e);
        }
      } else if (inserted != invoice && !inserted.equals(invoice)) {
        won = false;
      }
      (won ? created : existing).add(inserted);
      if (won) {
        creditNotes.addAll(prorationNotes);
      }
      own.add(inserted);
      countCoupons(inserted, couponUses);
      previous = inserted.lines();
    }
    if (request.finalizeInvoices()) {
      cancellationCredit(sub, phases, own, request, creditNotes);
    }
  }

  /** Lines already credited for unused time by a proration credit note (this run's or earlier). */
  private static void creditedByProrationNotes(List<Invoice> invoices, BillRunRequest request,
      List<CreditNote> thisRun, Set<String> into) {
    List<CreditNote> notes = new ArrayList<>(thisRun);
    for (Invoice invoice : invoices) {
      notes.addAll(request.earlierCreditNotes().apply(invoice.id()));
    }
    for (CreditNote n : notes) {
      if (n.id().contains("_proration_")) {
        n.lines().forEach(l -> into.add(l.invoiceLineId()));
      }
    }
  }

  /** Issues the automatic credit notes for in-advance time billed after the subscription's end. */
  private void cancellationCredit(Subscription sub, List<SubscriptionPhase> phases, List<Invoice> invoices,
      BillRunRequest request, List<CreditNote> creditNotes) {
    SubscriptionPhase last = phases.get(phases.size() - 1);
    if (last.end() == null || last.end().isAfter(request.asOf())) {
      return;
    }
    Instant end = last.end();
    // A fee already credited by a proration line (a plan or seat change before the end) has
    // nothing left to credit after the change: crediting it again would pay the unused time twice.
    Set<String> creditedByProration = new HashSet<>();
    for (Invoice invoice : invoices) {
      for (InvoiceLine line : invoice.lines()) {
        if (line.kind() == LineKind.PRORATION_CREDIT && line.explanation().hasNonNull("credited_line")) {
          creditedByProration.add(line.explanation().get("credited_line").asText());
        }
      }
    }
    creditedByProrationNotes(invoices, request, creditNotes, creditedByProration);
    for (Invoice invoice : invoices) {
      if (invoice.status() != InvoiceStatus.FINALIZED && invoice.status() != InvoiceStatus.PAID) {
        continue;
      }
      for (InvoiceLine line : invoice.lines()) {
        BillingPeriod span = line.servicePeriod();
        if ((line.kind() == LineKind.RECURRING_FEE || line.kind() == LineKind.PRORATION_CHARGE)
            && !creditedByProration.contains(line.lineId())
            && line.amount().isPositive() && span.end().isAfter(end)) {
          // the time billed after the end: part of a line the end cuts (an immediate
          // cancellation), or all of a line for a later period (a cancellation recorded after
          // the bill run that billed that period in advance)
          ProrationFraction f = !span.start().isBefore(end) ? ProrationFraction.ONE
              : dev.billwright.time.ProrationCalculator.DEFAULT.fraction(
                  BillingPeriod.of(end, span.end(), span.zone()), span, last.plan().billing().proration());
          if (f.isZero()) {
            continue;
          }
          String id = "cn_" + invoice.id().substring(4) + "_cancel_" + invoice.lines().indexOf(line);
          List<CreditNote> earlier = request.earlierCreditNotes().apply(invoice.id());
          if (earlier.stream().anyMatch(n -> n.id().equals(id))) {
            continue; // issued by an earlier run: a re-run issues nothing new
          }
          if (!CreditNoteCalculator.DEFAULT.remainingTaxable(invoice, earlier, line.lineId()).isPositive()
              || !RoundingPolicy.DEFAULT.roundRatio(line.taxableAmount(), f.numerator(), f.denominator())
                  .isPositive()) {
            continue; // fully credited already, or the unused time is worth less than half a minor unit
          }
          Instant cancelledAt = span.contains(end) ? end : span.start();
          creditNotes.add(CreditNoteCalculator.DEFAULT.unusedTime(id, invoice, earlier, line.lineId(), cancelledAt,
              f.numerator(), f.denominator(), end));
        }
      }
    }
  }

  /** A copy of a draft marked as being finalized by one run. */
  private static Invoice claimed(Invoice draft) {
    Map<String, String> metadata = new java.util.LinkedHashMap<>(draft.metadata());
    metadata.put(FINALIZING, "true");
    return Invoice.builder().id(draft.id()).key(draft.key()).number(draft.number()).customerId(draft.customerId())
        .addAllSubscriptionIds(draft.subscriptionIds()).currency(draft.currency()).status(draft.status())
        .addAllLines(draft.lines()).addAllDiscountLines(draft.discountLines())
        .addAllCreditsApplied(draft.creditsApplied()).issuedAt(draft.issuedAt()).dueDate(draft.dueDate())
        .putAllMetadata(metadata).build();
  }

  private static void countCoupons(Invoice invoice, Map<String, Integer> uses) {
    Set<String> used = new HashSet<>();
    for (DiscountLine d : invoice.discountLines()) {
      used.add(d.couponId());
    }
    used.forEach(id -> uses.merge(id, 1, Integer::sum));
  }
}
