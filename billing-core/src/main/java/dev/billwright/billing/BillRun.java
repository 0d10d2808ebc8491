package dev.billwright.billing;

import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
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
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationFraction;
import dev.billwright.time.ScheduledPeriod;
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
 * against prepaid credits and finalized with the next gap-free number of its series. Re-running
 * the same request therefore changes nothing. A subscription that fails (a missing plan, a
 * matrix without a matching cell) is reported in the result and does not stop the others.
 *
 * <p>After an immediate cancellation inside a period whose fees were billed in advance, the run
 * issues an automatic credit note for the unused time, computed from the billed line
 * ({@link CreditNoteCalculator#unusedTime}).
 */
public final class BillRun {
  private final PlanCatalog catalog;
  private final InvoiceStore store;
  private final InvoiceNumberSequence numbers;
  private final InvoiceAssembler assembler;

  /**
   * Creates a bill run over the host's stores.
   *
   * @param catalog the plan catalog, not null
   * @param store the invoice store, not null
   * @param numbers the invoice number sequence, not null
   * @param assembler the invoice assembler, not null ({@link InvoiceAssembler#DEFAULT})
   */
  public BillRun(PlanCatalog catalog, InvoiceStore store, InvoiceNumberSequence numbers, InvoiceAssembler assembler) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.store = Objects.requireNonNull(store, "store");
    this.numbers = Objects.requireNonNull(numbers, "numbers");
    this.assembler = Objects.requireNonNull(assembler, "assembler");
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
    return new BillRunResult(created, existing, creditNotes, failures);
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
      if (stored.isPresent()) {
        existing.add(stored.get());
        own.add(stored.get());
        countCoupons(stored.get(), couponUses);
        previous = stored.get().lines();
        continue;
      }
      PeriodUsage usage = PeriodUsage.NONE;
      if (cycle.closing().isPresent()) {
        ScheduledPeriod closing = cycle.closing().get();
        SubscriptionPhase atEnd = phaseAt(phases, closing.period().end().minusNanos(1));
        usage = request.usage().usage(sub, atEnd.plan(), closing.fullPeriod());
      }
      List<CouponRedemption> coupons = new ArrayList<>();
      for (CouponRedemption r : request.coupons().apply(sub)) {
        coupons.add(new CouponRedemption(r.coupon(), r.periodsUsed() + couponUses.getOrDefault(r.coupon().id(), 0)));
      }
      Optional<Invoice> draft = assembler.assemble(new InvoiceRequest(sub, catalog, cycle, usage, previous, coupons,
          request.tax().apply(sub)));
      if (draft.isEmpty()) {
        previous = List.of();
        continue;
      }
      Invoice invoice = draft.get();
      List<AppliedCredit> credits = request.credits().apply(invoice);
      if (!credits.isEmpty()) {
        invoice = InvoiceLifecycle.applyCredits(invoice, credits);
      }
      Invoice inserted = store.insertIfAbsent(invoice);
      if (inserted.id().equals(invoice.id()) && inserted.status() == InvoiceStatus.DRAFT && request.finalizeInvoices()) {
        String number = numbers.nextNumber(request.series().apply(inserted));
        Invoice finalized = InvoiceLifecycle.finalize(inserted, number, cycle.boundary());
        inserted = store.compareAndSet(inserted, finalized);
      }
      created.add(inserted);
      own.add(inserted);
      countCoupons(inserted, couponUses);
      previous = inserted.lines();
    }
    if (request.finalizeInvoices()) {
      cancellationCredit(sub, phases, own, request, creditNotes);
    }
  }

  /** Issues the automatic credit note for unused in-advance time after an immediate cancellation. */
  private void cancellationCredit(Subscription sub, List<SubscriptionPhase> phases, List<Invoice> invoices,
      BillRunRequest request, List<CreditNote> creditNotes) {
    SubscriptionPhase last = phases.get(phases.size() - 1);
    if (last.end() == null || last.end().isAfter(request.asOf())) {
      return;
    }
    Instant end = last.end();
    boolean immediate = sub.changes().stream().anyMatch(c -> c.kind() == SubscriptionChange.Kind.CANCELLATION
        && c.timing() == ChangeTiming.IMMEDIATE);
    if (!immediate) {
      return;
    }
    for (Invoice invoice : invoices) {
      if (invoice.status() != InvoiceStatus.FINALIZED && invoice.status() != InvoiceStatus.PAID) {
        continue;
      }
      for (InvoiceLine line : invoice.lines()) {
        BillingPeriod span = line.servicePeriod();
        if ((line.kind() == LineKind.RECURRING_FEE || line.kind() == LineKind.PRORATION_CHARGE)
            && line.amount().isPositive() && span.contains(end) && span.start().isBefore(end)) {
          ProrationFraction f = dev.billwright.time.ProrationCalculator.DEFAULT.fraction(
              BillingPeriod.of(end, span.end(), span.zone()), span, last.plan().billing().proration());
          if (f.isZero()) {
            continue;
          }
          String id = "cn_" + invoice.id().substring(4) + "_cancel_" + invoice.lines().indexOf(line);
          creditNotes.add(CreditNoteCalculator.DEFAULT.unusedTime(id, invoice,
              request.earlierCreditNotes().apply(invoice.id()), line.lineId(), end, f.numerator(), f.denominator(),
              end));
        }
      }
    }
  }

  private static void countCoupons(Invoice invoice, Map<String, Integer> uses) {
    Set<String> used = new HashSet<>();
    for (DiscountLine d : invoice.discountLines()) {
      used.add(d.couponId());
    }
    used.forEach(id -> uses.merge(id, 1, Integer::sum));
  }

  private static SubscriptionPhase phaseAt(List<SubscriptionPhase> phases, Instant at) {
    for (SubscriptionPhase p : phases) {
      if (p.contains(at)) {
        return p;
      }
    }
    return phases.get(phases.size() - 1);
  }
}
