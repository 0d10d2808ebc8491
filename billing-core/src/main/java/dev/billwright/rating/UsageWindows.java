package dev.billwright.rating;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.BillingSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists a subscription's usage windows: the periods over which each usage charge's usage is
 * aggregated and priced. Event binding ({@link SubscriptionUsageAggregator}) and the bill run
 * ({@link dev.billwright.billing.InvoiceAssembler}) both take their periods from here, so the periods usage is counted
 * in and the periods it is billed for cannot differ.
 *
 * <p>For each stretch of the subscription with one plan (consecutive phases that differ only in
 * seats are one stretch: a seat change does not cut usage) and each usage charge of that plan:
 * the periods of the charge's schedule in that phase ({@link SubscriptionPhase#schedule(Charge)}:
 * the charge's cadence, else the plan's; the plan's alignment; the phase's billing cycle anchor,
 * reset or kept by a change to another cadence; the subscription's
 * {@linkplain Subscription#zone zone}), clipped to the stretch. These are the schedules the
 * subscription's billing boundaries come from ({@link dev.billwright.billing.SubscriptionCycles}), so every window ends
 * on a boundary or at a plan change between two boundaries. So a subscription's start or end inside a period, and a plan change
 * inside a period, end one window and start the next; each window is priced by the plan in force
 * during it. A {@linkplain SubscriptionPhase#paused() paused} phase has no window: usage while
 * paused is never billed ({@link SubscriptionUsageAggregator} reports it in
 * {@link UnclaimedUsage#paused()}), and the pause and the resume end and start windows.
 *
 * <p>A pure function of its arguments.
 */
public final class UsageWindows {
  private UsageWindows() {}

  /**
   * Lists the usage windows that start before an instant.
   *
   * @param subscription the subscription, not null
   * @param catalog where its plans are looked up, not null
   * @param until windows starting at or after this instant are not listed, not null; the last
   *     window listed may end after it
   * @return the windows, in order of plan stretch, then charge (plan order), then time; empty if
   *     the plans have no usage charge or the subscription starts at or after {@code until}
   * @throws BillingException if the subscription's plans cannot be resolved
   *     ({@link Subscription#phases}), or with {@link ErrorCode#INVALID_VALUE} if more than
   *     {@value BillingSchedule#MAX_PERIODS} windows would be listed
   */
  public static List<UsageWindow> of(Subscription subscription, PlanCatalog catalog, Instant until) {
    Objects.requireNonNull(until, "until");
    return of(subscription.resolve(catalog), until);
  }

  /**
   * Lists the usage windows of a resolved subscription that start before an instant.
   *
   * @param resolved the subscription, resolved ({@link Subscription#resolve}), not null
   * @param until windows starting at or after this instant are not listed, not null; the last
   *     window listed may end after it
   * @return the windows, as {@link #of(Subscription, PlanCatalog, Instant)} lists them
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if more than
   *     {@value BillingSchedule#MAX_PERIODS} windows would be listed
   */
  public static List<UsageWindow> of(ResolvedSubscription resolved, Instant until) {
    Objects.requireNonNull(until, "until");
    Subscription subscription = resolved.subscription();
    List<SubscriptionPhase> phases = resolved.phases();
    List<UsageWindow> out = new ArrayList<>();
    int i = 0;
    while (i < phases.size()) {
      SubscriptionPhase phase = phases.get(i);
      int j = i;
      while (j + 1 < phases.size() && phases.get(j + 1).plan().equals(phase.plan())
          && !phases.get(j + 1).rescheduled()) {
        j++;
      }
      Instant start = phase.start();
      Optional<Instant> end = phases.get(j).endOptional();
      i = j + 1;
      if (!start.isBefore(until)) {
        break;
      }
      if (phase.paused()) {
        continue; // no usage is billed while paused: its events are reported, not bound to a window
      }
      Plan plan = phase.plan();
      // the charges of a stretch on the same cadence share one schedule: lay its periods out once
      Map<BillingCadence, List<BillingPeriod[]>> laidOut = new HashMap<>(4);
      for (Charge charge : plan.charges()) {
        if (charge.kind() != ChargeKind.USAGE) {
          continue;
        }
        List<BillingPeriod[]> periods = laidOut.computeIfAbsent(charge.cadence().orElse(plan.billing().cadence()),
            c -> periods(scheduleFor(subscription, phase, charge), start, end, until));
        for (BillingPeriod[] p : periods) {
          out.add(new UsageWindow(subscription.id(), charge.code(), plan.reference(), p[0], p[1]));
          if (out.size() > BillingSchedule.MAX_PERIODS) {
            throw tooMany(subscription, until);
          }
        }
        if (periods.size() > BillingSchedule.MAX_PERIODS) {
          throw tooMany(subscription, until); // not reached: out holds them all by now
        }
      }
    }
    return List.copyOf(out);
  }

  private static BillingException tooMany(Subscription subscription, Instant until) {
    return BillingException.invalid(ErrorCode.INVALID_VALUE, "until", until,
        "at most " + BillingSchedule.MAX_PERIODS + " usage windows after " + subscription.start());
  }

  /**
   * The windows of one schedule over a stretch {@code [start, end)}, starting before
   * {@code until}: each as {window (clipped to the stretch), full schedule period}. Stops after
   * {@value BillingSchedule#MAX_PERIODS} + 1 periods (the caller then refuses the list).
   */
  private static List<BillingPeriod[]> periods(BillingSchedule schedule, Instant start, Optional<Instant> end,
      Instant until) {
    List<BillingPeriod[]> out = new ArrayList<>(2);
    long n = schedule.indexOf(start);
    while (out.size() <= BillingSchedule.MAX_PERIODS) {
      BillingPeriod full = schedule.periodAt(n);
      if (end.isPresent() && !full.start().isBefore(end.get())) {
        break;
      }
      Instant s = full.start().isBefore(start) ? start : full.start();
      if (!s.isBefore(until)) {
        break;
      }
      Instant e = end.isPresent() && end.get().isBefore(full.end()) ? end.get() : full.end();
      BillingPeriod window = s.equals(full.start()) && e.equals(full.end()) ? full : BillingPeriod.of(s, e, full.zone());
      out.add(new BillingPeriod[] {window, full});
      n++;
    }
    return out;
  }

  /**
   * The schedule a usage charge of a phase is billed on: the phase's own schedule of the charge
   * (its cadence, else the plan's; the plan's alignment; the phase's anchor; the subscription's
   * zone, applied when the phases are resolved), the one the bill run's boundaries come from.
   */
  private static BillingSchedule scheduleFor(Subscription subscription, SubscriptionPhase phase, Charge charge) {
    return phase.schedule(charge);
  }
}
