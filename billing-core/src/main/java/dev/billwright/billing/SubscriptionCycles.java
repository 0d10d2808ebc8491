package dev.billwright.billing;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.BillingSchedule;
import dev.billwright.time.ScheduledPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists a subscription's {@link BillingCycle}s: its start, every boundary of every charge's
 * schedule strictly inside its life, the start of each phase on other billing periods, and its
 * end.
 *
 * <p>Each charge is billed on its own schedule: its {@code cadence} (else the plan's) with the
 * plan's alignment and zone and the phase's billing cycle anchor
 * ({@link SubscriptionPhase#schedule(Charge)}); the plan's own schedule
 * ({@link SubscriptionPhase#schedule()}) also gives boundaries (its periods carry the minimum
 * commitment). The boundaries are the union of all of them, so a yearly fee in advance with
 * monthly usage in arrears gives twelve boundaries a year, and the yearly fee opens only at the
 * yearly ones. Boundaries are derived from the anchor, never by stepping from the previous one.
 *
 * <p>A plan change that keeps every charge's schedule keeps the anchor (Stripe's default,
 * {@code billing_cycle_anchor: unchanged}) and is billed by proration lines at the next
 * boundary. A change to other billing periods ({@link SubscriptionPhase#rescheduled()}: monthly
 * to yearly, yearly to monthly) is a boundary: every period of the old phase closes at it,
 * clipped, and the new phase's periods open at it (whole after an anchor reset, else clipped to
 * the new schedule's period containing the change). A usage charge whose schedule is the same on
 * both sides of such a change is not cut by it: its period closes at its own boundary and is
 * priced as a whole (by the plan in effect at its end). A pause and a resume
 * ({@link SubscriptionPhase#paused()}) are such changes on the same schedule: every period closes
 * at the pause, and the rest of each period opens at the resume; no charge's period opens or
 * closes while paused. Listing up to "now" after a gap lists
 * every missed boundary, so a scheduler that was down for three months bills three periods
 * (catch-up).
 */
public final class SubscriptionCycles {
  private SubscriptionCycles() {}

  /** A run of phases on the same billing periods: [start, end) with its schedules. */
  private static final class Run {
    final Instant start;
    Instant end;
    final BillingSchedule plan;
    final Map<String, BillingSchedule> charges = new LinkedHashMap<>();
    final Set<String> usage = new LinkedHashSet<>();
    Run previous;
    Run next;

    Run(SubscriptionPhase phase) {
      this.start = phase.start();
      this.plan = phase.schedule();
    }

    void add(SubscriptionPhase phase) {
      end = phase.end();
      if (phase.paused()) {
        return; // a paused run bills no charge: only the plan's own boundaries fall inside it
      }
      for (Charge c : phase.plan().charges()) {
        if (c.kind() != ChargeKind.ONE_TIME) {
          charges.putIfAbsent(c.code(), phase.schedule(c));
          if (c.kind() == ChargeKind.USAGE) {
            usage.add(c.code());
          }
        }
      }
    }

    boolean contains(Instant at) {
      return !at.isBefore(start) && (end == null || at.isBefore(end));
    }

    /** Whether a usage charge's periods continue unbroken from this run into the next. */
    boolean continues(String code, BillingSchedule schedule) {
      return next != null && usage.contains(code) && next.usage.contains(code)
          && schedule.equals(next.charges.get(code)) && !schedule.isBoundary(end);
    }
  }

  /**
   * Lists the cycles whose boundary lies in {@code [fromInclusive, toInclusive]}.
   *
   * @param subscription the subscription, not null
   * @param catalog where plans are looked up, not null
   * @param fromInclusive the earliest boundary to list, not null (use the subscription's start
   *     for all)
   * @param toInclusive the latest boundary to list, not null (usually "now")
   * @return the cycles in order, never null, empty if none
   * @throws BillingException if the subscription's plans cannot be resolved, or with
   *     {@link ErrorCode#INVALID_VALUE} if more than 100 000 boundaries would be listed
   */
  public static List<BillingCycle> cycles(Subscription subscription, PlanCatalog catalog, Instant fromInclusive,
      Instant toInclusive) {
    return cycles(subscription.resolve(catalog), fromInclusive, toInclusive);
  }

  /**
   * Lists the billing cycles of a resolved subscription whose boundaries fall in a range.
   *
   * @param resolved the subscription, resolved ({@link Subscription#resolve}), not null
   * @param fromInclusive the earliest boundary to list, not null (use the subscription's start
   *     for all)
   * @param toInclusive the latest boundary to list, not null (usually "now")
   * @return the cycles, as {@link #cycles(Subscription, PlanCatalog, Instant, Instant)} lists them
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if more than 100 000
   *     boundaries would be listed
   */
  public static List<BillingCycle> cycles(ResolvedSubscription resolved, Instant fromInclusive, Instant toInclusive) {
    Subscription subscription = resolved.subscription();
    List<SubscriptionPhase> phases = resolved.phases();
    List<Run> runs = new ArrayList<>();
    for (SubscriptionPhase phase : phases) {
      if (runs.isEmpty() || phase.rescheduled()) {
        Run run = new Run(phase);
        if (!runs.isEmpty()) {
          run.previous = runs.get(runs.size() - 1);
          run.previous.next = run;
        }
        runs.add(run);
      }
      runs.get(runs.size() - 1).add(phase);
    }
    Instant start = subscription.start();
    Optional<Instant> end = resolved.end();
    List<Instant> boundaries = boundaries(runs, start, end, toInclusive);
    List<BillingCycle> cycles = new ArrayList<>();
    for (int k = 0; k < boundaries.size(); k++) {
      Instant b = boundaries.get(k);
      if (b.isBefore(fromInclusive)) {
        continue;
      }
      Optional<BillingPeriod> span = Optional.empty();
      Optional<ScheduledPeriod> closing = Optional.empty();
      Map<String, ScheduledPeriod> closingCharges = new LinkedHashMap<>();
      if (k > 0) {
        span = Optional.of(BillingPeriod.of(boundaries.get(k - 1), b, runs.get(0).plan.zone()));
        Run before = runAt(runs, b.minusNanos(1));
        closing = closingOf(before, before.plan, b, false);
        for (Map.Entry<String, BillingSchedule> e : before.charges.entrySet()) {
          closingOf(before, e.getValue(), b, b.equals(before.end) && before.continues(e.getKey(), e.getValue()))
              .ifPresent(p -> closingCharges.put(e.getKey(), p));
        }
        // a usage period that continued across changes to other periods starts in an earlier run
        for (Map.Entry<String, ScheduledPeriod> e : closingCharges.entrySet()) {
          e.setValue(extendBack(before, e.getKey(), e.getValue(), start));
        }
      }
      Optional<ScheduledPeriod> opening = Optional.empty();
      Map<String, ScheduledPeriod> openingCharges = new LinkedHashMap<>();
      if (end.isEmpty() || b.isBefore(end.get())) {
        Run at = runAt(runs, b);
        opening = openingOf(at, at.plan, b, false);
        for (Map.Entry<String, BillingSchedule> e : at.charges.entrySet()) {
          boolean continued = at.previous != null && b.equals(at.start)
              && at.previous.continues(e.getKey(), e.getValue());
          openingOf(at, e.getValue(), b, continued).ifPresent(p -> openingCharges.put(e.getKey(), p));
        }
      }
      cycles.add(new BillingCycle(k, b, span, closing, opening, closingCharges, openingCharges));
    }
    return List.copyOf(cycles);
  }

  private static Run runAt(List<Run> runs, Instant at) {
    for (Run r : runs) {
      if (r.contains(at)) {
        return r;
      }
    }
    return runs.get(runs.size() - 1);
  }

  /** The period of a schedule closing at b in a run, if b is one of its boundaries or the run's end. */
  private static Optional<ScheduledPeriod> closingOf(Run run, BillingSchedule schedule, Instant b, boolean continues) {
    boolean runEnd = run.end != null && b.equals(run.end);
    if (continues || !(schedule.isBoundary(b) || runEnd)) {
      return Optional.empty();
    }
    long n = schedule.indexOf(b.minusNanos(1));
    BillingPeriod full = schedule.periodAt(n);
    Instant from = full.start().isBefore(run.start) ? run.start : full.start();
    return Optional.of(new ScheduledPeriod(n, BillingPeriod.of(from, b, schedule.zone()), full));
  }

  /** A closing usage period whose schedule ran unbroken through earlier runs starts in them. */
  private static ScheduledPeriod extendBack(Run run, String code, ScheduledPeriod p, Instant subscriptionStart) {
    Run r = run;
    while (r.previous != null && p.period().start().equals(r.start) && r.previous.continues(code, r.charges.get(code))) {
      r = r.previous;
      Instant from = p.fullPeriod().start().isBefore(r.start) ? r.start : p.fullPeriod().start();
      p = new ScheduledPeriod(p.index(), BillingPeriod.of(from, p.period().end(), p.period().zone()), p.fullPeriod());
    }
    return p;
  }

  /** The period of a schedule opening at b in a run, if b is one of its boundaries or the run's start. */
  private static Optional<ScheduledPeriod> openingOf(Run run, BillingSchedule schedule, Instant b, boolean continued) {
    if (continued || !(schedule.isBoundary(b) || b.equals(run.start))) {
      return Optional.empty();
    }
    long n = schedule.indexOf(b);
    BillingPeriod full = schedule.periodAt(n);
    Instant to = run.end != null && run.end.isBefore(full.end()) ? run.end : full.end();
    return Optional.of(new ScheduledPeriod(n, BillingPeriod.of(b, to, schedule.zone()), full));
  }

  private static List<Instant> boundaries(List<Run> runs, Instant start, Optional<Instant> end, Instant toInclusive) {
    TreeSet<Instant> out = new TreeSet<>();
    if (start.isAfter(toInclusive)) {
      return List.of();
    }
    out.add(start);
    Instant limit = end.isPresent() && end.get().isBefore(toInclusive) ? end.get() : toInclusive;
    for (Run run : runs) {
      if (run.start.isAfter(limit)) {
        break;
      }
      out.add(run.start);
      Set<BillingSchedule> schedules = new LinkedHashSet<>(run.charges.values());
      schedules.add(run.plan);
      for (BillingSchedule schedule : schedules) {
        long n = schedule.indexOf(run.start) + 1;
        while (true) {
          Instant b = schedule.startOf(n);
          if (run.end != null && !b.isBefore(run.end) || b.isAfter(limit)) {
            break;
          }
          out.add(b);
          if (out.size() > 100_000) {
            throw BillingException.invalid(ErrorCode.INVALID_VALUE, "toInclusive", toInclusive,
                "at most 100000 billing boundaries after " + start);
          }
          n++;
        }
      }
    }
    if (end.isPresent() && !end.get().isAfter(toInclusive)) {
      out.add(end.get());
    }
    return new ArrayList<>(out);
  }
}
