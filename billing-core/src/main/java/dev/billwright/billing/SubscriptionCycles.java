package dev.billwright.billing;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.BillingSchedule;
import dev.billwright.time.ScheduledPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists a subscription's {@link BillingCycle}s: its start, every schedule boundary strictly
 * inside its life, and its end.
 *
 * <p>Boundaries come from the schedule of the starting plan (cadence, alignment, zone) anchored
 * on the subscription's billing cycle anchor, and are derived from the anchor, never by stepping
 * from the previous one. Plan changes keep the anchor (Stripe's default,
 * {@code billing_cycle_anchor: unchanged}), so a change to a plan with another cadence is
 * rejected by {@link Subscription#phases}. Listing up to "now" after a gap lists every missed
 * boundary, so a scheduler that was down for three months bills three periods (catch-up).
 */
public final class SubscriptionCycles {
  private SubscriptionCycles() {}

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
    List<SubscriptionPhase> phases = subscription.phases(catalog);
    Plan plan = phases.get(0).plan();
    BillingSchedule schedule = subscription.schedule(plan);
    Instant start = subscription.start();
    Optional<Instant> end = phases.get(phases.size() - 1).endOptional();
    List<Instant> boundaries = boundaries(schedule, start, end, toInclusive);
    List<BillingCycle> cycles = new ArrayList<>();
    for (int k = 0; k < boundaries.size(); k++) {
      Instant b = boundaries.get(k);
      if (b.isBefore(fromInclusive)) {
        continue;
      }
      Optional<ScheduledPeriod> closing = Optional.empty();
      if (k > 0) {
        Instant prev = boundaries.get(k - 1);
        ScheduledPeriod full = indexed(schedule, prev);
        closing = Optional.of(new ScheduledPeriod(full.index(), BillingPeriod.of(prev, b, schedule.zone()),
            full.fullPeriod()));
      }
      Optional<ScheduledPeriod> opening = Optional.empty();
      if (end.isEmpty() || b.isBefore(end.get())) {
        ScheduledPeriod full = indexed(schedule, b);
        Instant openEnd = full.fullPeriod().end();
        if (end.isPresent() && end.get().isBefore(openEnd)) {
          openEnd = end.get();
        }
        opening = Optional.of(new ScheduledPeriod(full.index(), BillingPeriod.of(b, openEnd, schedule.zone()),
            full.fullPeriod()));
      }
      cycles.add(new BillingCycle(k, b, closing, opening));
    }
    return List.copyOf(cycles);
  }

  private static ScheduledPeriod indexed(BillingSchedule schedule, Instant instant) {
    long n = schedule.indexOf(instant);
    BillingPeriod full = schedule.periodAt(n);
    return new ScheduledPeriod(n, full, full);
  }

  private static List<Instant> boundaries(BillingSchedule schedule, Instant start, Optional<Instant> end,
      Instant toInclusive) {
    List<Instant> out = new ArrayList<>();
    if (start.isAfter(toInclusive)) {
      return out;
    }
    out.add(start);
    Instant limit = end.isPresent() && end.get().isBefore(toInclusive) ? end.get() : toInclusive;
    ScheduledPeriod first = indexed(schedule, start);
    long n = first.index() + 1;
    while (true) {
      Instant b = schedule.periodAt(n).start();
      if (end.isPresent() && !b.isBefore(end.get())) {
        break;
      }
      if (b.isAfter(limit)) {
        break;
      }
      out.add(b);
      if (out.size() > 100_000) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "toInclusive", toInclusive,
            "at most 100000 billing boundaries after " + start);
      }
      n++;
    }
    if (end.isPresent() && !end.get().isAfter(toInclusive)) {
      out.add(end.get());
    }
    return out;
  }
}
