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
import org.jspecify.annotations.Nullable;

/**
 * The bill run's part that credits unused in-advance time once a subscription has been paused
 * or has ended: an automatic credit note ({@link CreditNoteOrigin#CANCELLATION_CREDIT}) for every fee line billed
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
   * An instant from which in-advance time billed is unused: a pause (until its resume, or open)
   * or the subscription's end (open).
   *
   * @param at the pause or end instant
   * @param until the resume instant: lines for periods starting at or after it were billed by
   *     the resumed phase and are not credited; null for the end or a pause never resumed
   * @param phase the phase that stops (the paused one, or the last)
   * @param creditFrom where unused time starts: the pause instant, or for the end the instant
   *     after the ending day when {@code billing.termination_day: billed} (Lago) billed that day
   */
  private record Stop(Instant at, @Nullable Instant until, SubscriptionPhase phase, Instant creditFrom) {}

  /**
   * Returns the automatic credit notes for in-advance time billed after a pause or after a
   * subscription's end.
   *
   * <p>A pause ({@link SubscriptionPhase#paused()}) at or before {@code asOf} is credited as a
   * cancellation at the pause instant is (Kill Bill credits the unused part of a paused
   * subscription's in-advance fees; the resume bills the rest of the period anew): each in-advance
   * fee line covering time after the pause, and not for a period starting at or after the resume,
   * is credited from the pause to the line's end. The end is then credited as before, lines
   * already credited by a pause excepted. Pauses first, in order, then the end.
   *
   * @param sub the subscription; only its own lines (or lines naming no subscription) are credited
   * @param resolved the subscription as resolved for its cycles
   * @param invoices the subscription's invoices, in order; only finalized or paid ones are credited
   * @param asOf the bill run's instant: a pause or end after it is not credited yet
   * @param earlierCreditNotes the host's stored credit notes by invoice id
   * @param thisRun credit notes this run issued already (proration credit notes among them)
   * @return the new credit notes, in stop, then invoice, then line order, empty if none
   */
  List<CreditNote> issue(Subscription sub, ResolvedSubscription resolved, List<Invoice> invoices, Instant asOf,
      Function<String, List<CreditNote>> earlierCreditNotes, List<CreditNote> thisRun) {
    List<CreditNote> creditNotes = new ArrayList<>();
    List<Stop> stops = new ArrayList<>();
    for (SubscriptionPhase phase : resolved.phases()) {
      if (phase.paused() && !phase.start().isAfter(asOf)) {
        stops.add(new Stop(phase.start(), resolvedUntil(resolved, phase), phase, phase.start()));
      }
    }
    if (resolved.end().isPresent() && !resolved.end().get().isAfter(asOf)) {
      Instant end = resolved.end().get();
      // billing.termination_day: billed: the ending day was billed to the subscription, so unused
      // time starts with the next day (Lago); not_billed: at the end instant
      stops.add(new Stop(end, null, resolved.lastPhase(),
          TerminationDays.billedUntil(end, resolved.lastPhase().plan().billing(), Instant.MAX)));
    }
    if (stops.isEmpty()) {
      return creditNotes;
    }
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
    for (Stop stop : stops) {
      Instant end = stop.at();
      Instant creditFrom = stop.creditFrom();
      for (Invoice invoice : invoices) {
        if (invoice.status() != InvoiceStatus.FINALIZED && invoice.status() != InvoiceStatus.PAID) {
          continue;
        }
        for (InvoiceLine line : invoice.lines()) {
          BillingPeriod span = line.servicePeriod();
          if ((line.kind() == LineKind.RECURRING_FEE || line.kind() == LineKind.PRORATION_CHARGE)
              && line.subscriptionId().map(sub.id()::equals).orElse(true)
              && !creditedByProration.contains(line.lineId())
              && line.amount().isPositive() && span.end().isAfter(creditFrom)
              && (stop.until() == null || span.start().isBefore(stop.until()))) {
            // the time billed after the end: part of a line the end cuts (an immediate
            // cancellation or a pause), or all of a line for a later period (a cancellation
            // recorded after the bill run that billed that period in advance)
            ProrationFraction f = !span.start().isBefore(creditFrom) ? ProrationFraction.ONE
                : proration.fraction(
                    BillingPeriod.of(creditFrom, span.end(), span.zone()), span, stop.phase().plan().billing().proration());
            if (f.isZero()) {
              continue;
            }
            List<CreditNote> earlier = earlierCreditNotes.apply(invoice.id());
            if (earlier.stream().anyMatch(n -> n.origin() == CreditNoteOrigin.CANCELLATION_CREDIT
                && n.line(line.lineId()).isPresent())) {
              continue; // issued by an earlier run: a re-run issues nothing new
            }
            String id = DocumentIds.cancellationCreditNoteId(invoice.id(), invoice.lines().indexOf(line));
            if (creditNotes.stream().anyMatch(n -> n.id().equals(id))) {
              continue; // credited at an earlier pause of this run: to the line's end already
            }
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
    }
    return creditNotes;
  }

  /** The instant a paused phase is resumed: the start of the next phase when it is not paused. */
  private static Instant resolvedUntil(ResolvedSubscription resolved, SubscriptionPhase paused) {
    List<SubscriptionPhase> phases = resolved.phases();
    int i = phases.indexOf(paused);
    return i + 1 < phases.size() ? phases.get(i + 1).start() : null;
  }
}
