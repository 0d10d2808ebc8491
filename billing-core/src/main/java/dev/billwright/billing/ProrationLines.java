package dev.billwright.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.ChargeTiming;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.BillingSchedule;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ProrationFraction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The proration lines of {@link InvoiceAssembler}: credits for the unused time of in-advance
 * fees already billed, and charges for the new price, at plan or seat changes. Stateless; the
 * proration calculator and the fee lines are the assembler's.
 */
final class ProrationLines {
  private final ProrationCalculator proration;
  private final FeeLines fees;

  ProrationLines(ProrationCalculator proration, FeeLines fees) {
    this.proration = Objects.requireNonNull(proration, "proration");
    this.fees = Objects.requireNonNull(fees, "fees");
  }

  /** A billed in-advance segment still open to credit: its line, amount and remaining span. */
  private static final class Segment {
    final InvoiceLine line;
    BillingPeriod span;
    final BillingPeriod originalSpan;

    Segment(InvoiceLine line) {
      this.line = line;
      this.span = line.servicePeriod();
      this.originalSpan = line.servicePeriod();
    }
  }

  /**
   * Proration lines for the changes billed at this boundary: plan or seat changes that keep the
   * billing periods, taking effect in {@code [previous boundary, boundary)}, and a change to
   * other billing periods taking effect at the boundary itself (credits only: the new phase's
   * fees open at the boundary). Each billed in-advance line still covering time after a change is
   * credited for that time, from its own amount and span; the new plan's in-advance fees are
   * charged from the change to the end of each charge's own period containing it.
   */
  void add(ResolvedSubscription resolved, BillingCycle cycle, List<InvoiceLine> billed, List<InvoiceLine> lines) {
    Subscription sub = resolved.subscription();
    List<SubscriptionPhase> phases = resolved.phases();
    Currency currency = resolved.currency();
    RoundingPolicy rounding = resolved.rounding();
    Instant trialEnd = resolved.trialEnd();
    BillingPeriod p = cycle.span().orElseThrow();
    // changes before this span were credited on earlier invoices (a change to other periods at
    // the span's start by the invoice issued at it): a billed line's remaining span ends at the
    // first of them inside it
    List<Instant> earlierChanges = new ArrayList<>();
    for (int i = 1; i < phases.size(); i++) {
      Instant t = phases.get(i).start();
      if (t.isBefore(p.start()) || t.equals(p.start()) && phases.get(i).rescheduled()) {
        earlierChanges.add(t);
      }
    }
    List<Segment> open = new ArrayList<>();
    for (InvoiceLine l : billed) {
      if ((l.kind() == LineKind.RECURRING_FEE || l.kind() == LineKind.PRORATION_CHARGE)
          && l.taxableAmount().isPositive() && l.servicePeriod().end().isAfter(p.start())
          && l.servicePeriod().start().isBefore(p.end())) {
        Segment s = new Segment(l);
        for (Instant t : earlierChanges) {
          if (s.span.start().isBefore(t) && s.span.end().isAfter(t)) {
            s.span = BillingPeriod.of(s.span.start(), t, s.span.zone());
            break;
          }
        }
        if (s.span.end().isAfter(p.start())) {
          open.add(s);
        }
      }
    }
    Map<String, Money> creditedPerLine = new HashMap<>();
    for (int i = 1; i < phases.size(); i++) {
      SubscriptionPhase phase = phases.get(i);
      Instant t = phase.start();
      boolean atBoundary = phase.rescheduled();
      if (atBoundary ? !t.equals(p.end()) : t.isBefore(p.start()) || !t.isBefore(p.end())) {
        continue;
      }
      if (phase.paused()) {
        continue; // a pause is credited as a cancellation is: by credit notes (CancellationCredits)
      }
      for (Segment s : open) {
        if (!s.span.end().isAfter(t) || !s.span.contains(t) && !s.span.start().isAfter(t)) {
          continue;
        }
        if (t.equals(p.start()) && !s.span.start().isBefore(t)) {
          continue; // billed by the new phase at this boundary
        }
        Instant from = s.span.start().isAfter(t) ? s.span.start() : t;
        BillingPeriod unused = BillingPeriod.of(from, s.span.end(), s.span.zone());
        ProrationFraction f = proration.fraction(unused, s.originalSpan, phase.plan().billing().proration());
        // what was billed is the line's taxable amount: after its coupons and discounts, so a
        // discounted fee is never credited at its undiscounted price
        Money billedAmount = s.line.taxableAmount();
        Money credit = f.applyTo(billedAmount, rounding);
        Money already = creditedPerLine.getOrDefault(s.line.lineId(), Money.zero(billedAmount.currency()));
        Money remaining = billedAmount.minus(already);
        if (credit.compareTo(remaining) > 0) {
          credit = remaining;
        }
        if (credit.isPositive()) {
          creditedPerLine.put(s.line.lineId(), already.plus(credit));
          ObjectNode explanation = Json.object();
          explanation.put("credited_line", s.line.lineId());
          explanation.put("billed_amount", billedAmount.amount().toPlainString());
          explanation.put("billed_span", s.originalSpan.toString());
          explanation.put("unused_span", unused.toString());
          explanation.put("proration", f.toString());
          lines.add(InvoiceLine.builder()
              .lineId(DocumentIds.prorationCreditLineId(sub.id(), s.line.chargeCode(), unused.start(), s.line.lineId()))
              .subscriptionId(sub.id())
              .chargeCode(s.line.chargeCode())
              .description("Unused time on " + s.line.description() + " (credit " + f + ")")
              .kind(LineKind.PRORATION_CREDIT)
              .origin(new LineOrigin.ProrationCredit(s.line.lineId()))
              .servicePeriod(unused)
              .quantity(s.line.quantity())
              .exactAmount(credit.negated())
              .amount(credit.negated())
              .taxCode(s.line.taxCode())
              .explanation(explanation)
              .build());
        }
        if (s.span.start().isBefore(t)) {
          s.span = BillingPeriod.of(s.span.start(), t, s.span.zone());
        }
      }
      open.removeIf(s -> !s.span.end().isAfter(t) && s.span.start().equals(t));
      if (atBoundary) {
        continue; // the new phase's in-advance fees open at this boundary
      }
      for (Charge charge : phase.plan().charges()) {
        if (charge.kind() != ChargeKind.RECURRING || charge.timing() != ChargeTiming.IN_ADVANCE) {
          continue;
        }
        BillingSchedule schedule = phase.schedule(charge);
        if (schedule.isBoundary(t)) {
          continue; // a period of this charge opens at t: billed in advance at that boundary
        }
        BillingPeriod full = schedule.periodContaining(t);
        Instant until = phase.endOptional().filter(e -> !e.isAfter(full.end())).orElse(full.end());
        if (!until.isAfter(t)) {
          continue;
        }
        Optional<BillingPeriod> rest = FeeLines.afterTrial(BillingPeriod.of(t, until, full.zone()), trialEnd);
        if (rest.isEmpty()) {
          continue;
        }
        InvoiceLine newFee = fees.fee(sub, phase, charge, FeeLines.ratedIn(charge, phase.plan(), currency), rest.get(), full, LineKind.PRORATION_CHARGE, rounding,
            currency, cycle.boundary());
        lines.add(newFee);
        open.add(new Segment(newFee));
      }
    }
  }
}
