package dev.billwright.billing;

import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ProrationFraction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The bill run's part that credits unused in-advance time once a subscription has ended: an
 * automatic credit note ({@link CreditNoteOrigin#CANCELLATION_CREDIT}) for every fee line billed
 * for time after the end, computed from the billed line by {@link CreditNoteCalculator#unusedTime}
 * with the bill run's own calculators — the {@link ProrationCalculator} of its assembler and its
 * {@link CreditNoteCalculator}, whose rounding policy also decides whether the unused time is
 * worth at least one minor unit. A line already credited by a proration line or a proration
 * credit note, or by an earlier cancellation credit note, is not credited again.
 *
 * <p>Stateless and thread-safe.
 */
final class CancellationCredits {
  private final ProrationCalculator proration;
  private final CreditNoteCalculator cancellationCredits;

  CancellationCredits(ProrationCalculator proration, CreditNoteCalculator cancellationCredits) {
    this.proration = Objects.requireNonNull(proration, "proration");
    this.cancellationCredits = Objects.requireNonNull(cancellationCredits, "cancellationCredits");
  }

  /**
   * Lines already credited for unused time by a proration credit note (this run's or earlier),
   * known by the notes' {@link CreditNoteOrigin#PRORATION_CREDIT} origin.
   */
  private static void creditedByProrationNotes(List<Invoice> invoices,
      Function<String, List<CreditNote>> earlierCreditNotes, List<CreditNote> thisRun, Set<String> into) {
    List<CreditNote> notes = new ArrayList<>(thisRun);
    for (Invoice invoice : invoices) {
      notes.addAll(earlierCreditNotes.apply(invoice.id()));
    }
    for (CreditNote n : notes) {
      if (n.origin() == CreditNoteOrigin.PRORATION_CREDIT) {
        n.lines().forEach(l -> into.add(l.invoiceLineId()));
      }
    }
  }

  /**
   * Returns the automatic credit notes for in-advance time billed after a subscription's end.
   *
   * @param sub the subscription; only its own lines (or lines naming no subscription) are credited
   * @param resolved the subscription as resolved for its cycles
   * @param invoices the subscription's invoices, in order; only finalized or paid ones are credited
   * @param asOf the bill run's instant: nothing is issued before the end is at or before it
   * @param earlierCreditNotes the host's stored credit notes by invoice id
   * @param thisRun credit notes this run issued already (proration credit notes among them)
   * @return the new credit notes, in invoice then line order, empty if none
   */
  List<CreditNote> issue(Subscription sub, ResolvedSubscription resolved, List<Invoice> invoices, Instant asOf,
      Function<String, List<CreditNote>> earlierCreditNotes, List<CreditNote> thisRun) {
    List<CreditNote> creditNotes = new ArrayList<>();
    SubscriptionPhase last = resolved.lastPhase();
    if (resolved.end().isEmpty() || resolved.end().get().isAfter(asOf)) {
      return creditNotes;
    }
    Instant end = resolved.end().get();
    // billing.termination_day: billed: the ending day was billed to the subscription, so unused
    // time starts with the next day (Lago); not_billed: at the end instant
    Instant creditFrom = TerminationDays.billedUntil(end, last.plan().billing(), Instant.MAX);
    // A fee already credited by a proration line (a plan or seat change before the end) has
    // nothing left to credit after the change: crediting it again would pay the unused time twice.
    Set<String> creditedByProration = new HashSet<>();
    for (Invoice invoice : invoices) {
      for (InvoiceLine line : invoice.lines()) {
        if (line.origin() instanceof LineOrigin.ProrationCredit c) {
          creditedByProration.add(c.creditedLineId());
        }
      }
    }
    creditedByProrationNotes(invoices, earlierCreditNotes, thisRun, creditedByProration);
    for (Invoice invoice : invoices) {
      if (invoice.status() != InvoiceStatus.FINALIZED && invoice.status() != InvoiceStatus.PAID) {
        continue;
      }
      for (InvoiceLine line : invoice.lines()) {
        BillingPeriod span = line.servicePeriod();
        if ((line.kind() == LineKind.RECURRING_FEE || line.kind() == LineKind.PRORATION_CHARGE)
            && line.subscriptionId().map(sub.id()::equals).orElse(true)
            && !creditedByProration.contains(line.lineId())
            && line.amount().isPositive() && span.end().isAfter(creditFrom)) {
          // the time billed after the end: part of a line the end cuts (an immediate
          // cancellation), or all of a line for a later period (a cancellation recorded after
          // the bill run that billed that period in advance)
          ProrationFraction f = !span.start().isBefore(creditFrom) ? ProrationFraction.ONE
              : proration.fraction(
                  BillingPeriod.of(creditFrom, span.end(), span.zone()), span, last.plan().billing().proration());
          if (f.isZero()) {
            continue;
          }
          List<CreditNote> earlier = earlierCreditNotes.apply(invoice.id());
          if (earlier.stream().anyMatch(n -> n.origin() == CreditNoteOrigin.CANCELLATION_CREDIT
              && n.line(line.lineId()).isPresent())) {
            continue; // issued by an earlier run: a re-run issues nothing new
          }
          String id = DocumentIds.cancellationCreditNoteId(invoice.id(), invoice.lines().indexOf(line));
          if (!cancellationCredits.remainingTaxable(invoice, earlier, line.lineId()).isPositive()
              || !cancellationCredits.policy().roundRatio(line.taxableAmount(), f.numerator(), f.denominator())
                  .isPositive()) {
            continue; // fully credited already, or the unused time is worth less than half a minor unit
          }
          Instant cancelledAt = span.contains(creditFrom) ? creditFrom : span.start();
          creditNotes.add(cancellationCredits.unusedTime(id, invoice, earlier, line.lineId(), cancelledAt,
              f.numerator(), f.denominator(), end));
        }
      }
    }
    return creditNotes;
  }
}
