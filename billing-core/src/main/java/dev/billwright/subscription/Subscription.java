package dev.billwright.subscription;

import dev.billwright.catalog.CadenceChangeAnchor;
import dev.billwright.catalog.ImmutablePlanAccess;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanOverrides;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.internal.BillwrightStyle;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.BillingSchedule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A customer's subscription to a plan version: start, optional end, trial, billing cycle anchor,
 * seats, per-customer overrides and a schedule of changes (upgrades, downgrades, seat changes,
 * cancellation).
 *
 * <p>A subscription is an immutable definition; its {@linkplain #phases(PlanCatalog) phases} are
 * derived from it and the catalog. Scheduling a change returns a new value ({@link #withChange}).
 * Time is half-open: a subscription ending at {@code end} bills nothing from {@code end} on.
 */
@Value.Immutable
@BillwrightStyle
public abstract class Subscription implements WithSubscription {
  /** Package-private: use {@link #builder()}. */
  Subscription() {}

  /**
   * Returns a new builder.
   *
   * @return the builder, never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The subscription id, such as {@code sub_42}; part of every invoice's idempotency key.
   *
   * @return the id, never blank
   */
  public abstract String id();

  /**
   * The customer (account) id.
   *
   * @return the id, never blank
   */
  public abstract String customerId();

  /**
   * The code of the plan subscribed to at the start.
   *
   * @return the plan code, never null
   */
  public abstract String planCode();

  /**
   * The version of the plan subscribed to at the start.
   *
   * @return the version, at least 1
   */
  public abstract int planVersion();

  /**
   * Per-customer overrides of the starting plan.
   *
   * @return the overrides, {@link PlanOverrides#NONE} by default
   */
  @Value.Default
  public PlanOverrides overrides() {
    return PlanOverrides.NONE;
  }

  /**
   * The first instant of the subscription.
   *
   * @return the start, never null
   */
  public abstract Instant start();

  /**
   * A fixed end (exclusive), for a term subscription; cancellations are changes instead.
   *
   * @return the end, empty for none
   */
  public abstract Optional<Instant> end();

  /**
   * The billing cycle anchor for anniversary alignment: the instant period 0 starts; defaults
   * to the start (Stripe's {@code billing_cycle_anchor}).
   *
   * @return the anchor, never null
   */
  @Value.Default
  public Instant billingCycleAnchor() {
    return start();
  }

  /**
   * An explicit trial end (exclusive); when empty, the plan's trial period from the start, if
   * the plan has one.
   *
   * @return the trial end
   */
  public abstract Optional<Instant> trialEnd();

  /**
   * The quantity of seats recurring charges bill at the start.
   *
   * @return the seats, positive, 1 by default
   */
  @Value.Default
  public BigDecimal seats() {
    return BigDecimal.ONE;
  }

  /**
   * The currency to bill in; defaults to the plan's.
   *
   * @return the currency, empty for the plan's
   */
  public abstract Optional<Currency> currency();

  /**
   * The zone this subscription's periods are laid out in ({@code subscription.time_zone}),
   * overriding every plan's {@code billing.time_zone} (Lago's customer time zone).
   *
   * @return the zone, empty for each plan's own zone
   */
  public abstract Optional<ZoneId> timeZone();

  /**
   * Returns the zone this subscription's periods under a plan are laid out in: its own
   * {@link #timeZone()}, else the plan's {@code billing.time_zone}.
   *
   * @param plan the plan, not null
   * @return the zone, never null
   */
  public ZoneId zone(Plan plan) {
    return timeZone().orElse(plan.billing().zone());
  }

  /**
   * Scheduled and applied changes, in any order (they are applied by request time, then id).
   *
   * @return the changes, never null
   */
  public abstract List<SubscriptionChange> changes();

  /**
   * Free-form host data, copied to invoices as metadata.
   *
   * @return the metadata, never null
   */
  public abstract Map<String, String> metadata();

  /**
   * Returns a copy with one more change (an existing change with the same id is replaced).
   *
   * @param change the change, not null
   * @return the new subscription, never null
   */
  public Subscription withChange(SubscriptionChange change) {
    List<SubscriptionChange> list = new ArrayList<>();
    for (SubscriptionChange c : changes()) {
      if (!c.id().equals(change.id())) {
        list.add(c);
      }
    }
    list.add(change);
    return ImmutableSubscription.copyOf(this).withChanges(list);
  }

  /**
   * Derives the phases: one per stretch with a constant plan version and seats, from the start
   * to the end (or open-ended), applying the changes in order of the instant they take effect,
   * then request time, then id. An {@link ChangeTiming#AT_PERIOD_END} change takes effect at the
   * end of the plan's billing period containing its request time (the schedule of the phase in
   * effect at that time: the plan's cadence with the phase's anchor, the boundaries invoices are
   * issued on, see {@code SubscriptionCycles}); an immediate change at its request time (or the
   * start, if requested earlier). So an immediate change requested after a change scheduled for
   * the period's end takes effect first, and the scheduled change still follows (Stripe
   * subscription schedules behave this way). A cancellation ends the last phase; changes taking
   * effect at or after it are ignored. A reactivation withdraws the cancellations requested at or
   * before it that take effect after it (Stripe {@code cancel_at_period_end: false}, Kill Bill
   * {@code uncancel}). A pause starts a {@linkplain SubscriptionPhase#paused() paused} phase and
   * a resume ends it, both rescheduled on the same schedule; a pause and a resume taking effect
   * at the same instant cancel out; a change while paused other than a resume or a cancellation,
   * a pause while paused and a resume while not paused are ignored here and reported by
   * {@link SubscriptionValidator}.
   *
   * <p>A plan change that keeps every charge's billing periods (same plan schedule, the same set
   * of charge schedules, and the same schedule for each charge code the plans share) keeps the
   * anchor and is billed by proration lines on the next invoice. Any other plan change (monthly
   * to yearly, or a plan with a charge of another cadence) starts a {@linkplain
   * SubscriptionPhase#rescheduled() rescheduled} phase: its start is a billing boundary, and its
   * periods follow the new plan's {@code billing.cadence_change_anchor}: {@code keep} (default,
   * Lago) lays them out with the plan's alignment and the anchor in force, {@code reset}
   * (Stripe) as anniversary periods from the change.
   *
   * @param catalog where plan versions are looked up, not null
   * @return the phases, in order, abutting, never empty
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if a plan version is not
   *     in the catalog, the subscription's currency is not offered by a plan, or the end is not
   *     after the start
   */
  public List<SubscriptionPhase> phases(PlanCatalog catalog) {
    Plan plan = inZone(overrides().applyTo(catalog.get(planCode(), planVersion())));
    BigDecimal seats = seats();
    Instant phaseStart = start();
    String startedBy = "start";
    Instant anchor = anchorUnder(plan);
    boolean reset = false;
    boolean rescheduled = false;
    boolean paused = false;
    Instant end = end().orElse(null);
    List<SubscriptionPhase> phases = new ArrayList<>();
    // the billing periods of the current phase's run of phases, and of the run up to the last
    // phase added (what a plan change is compared with)
    Grid grid = new Grid(plan, anchor, false);
    Grid before = grid;
    List<SubscriptionChange> pending = new ArrayList<>(changes());
    while (!pending.isEmpty()) {
      // the change that takes effect first, with the schedule in force at its request time
      SubscriptionChange change = null;
      Instant at = null;
      for (SubscriptionChange c : pending) {
        Instant candidate = effectiveAt(c, phases, plan, anchor, reset, phaseStart);
        if (change == null || candidate.isBefore(at) || candidate.equals(at)
            && (c.requestedAt().isBefore(change.requestedAt())
                || c.requestedAt().equals(change.requestedAt()) && c.id().compareTo(change.id()) < 0)) {
          change = c;
          at = candidate;
        }
      }
      pending.remove(change);
      if (end != null && !at.isBefore(end)) {
        break;
      }
      if (change.kind() == SubscriptionChange.Kind.CANCELLATION) {
        end = at;
        break;
      }
      SubscriptionChange.Kind kind = change.kind();
      if (kind == SubscriptionChange.Kind.REACTIVATION) {
        // withdraws the cancellations requested at or before it that have not taken effect
        SubscriptionChange reactivation = change;
        pending.removeIf(c -> c.kind() == SubscriptionChange.Kind.CANCELLATION
            && !c.requestedAt().isAfter(reactivation.requestedAt()));
        continue;
      }
      if (paused ? kind != SubscriptionChange.Kind.RESUME : kind == SubscriptionChange.Kind.RESUME) {
        continue; // a change while paused, or a resume while active: SubscriptionValidator reports it
      }
      if (kind == SubscriptionChange.Kind.PAUSE && resumedAt(pending, at, phases, plan, anchor, reset, phaseStart)) {
        continue; // paused and resumed at the same instant: nothing changes
      }
      if (at.isAfter(phaseStart)) {
        phases.add(new SubscriptionPhase(phaseStart, at, plan, seats, startedBy, anchor, reset, rescheduled, paused));
        phaseStart = at;
        rescheduled = false;
        before = grid;
      }
      startedBy = change.id();
      if (kind == SubscriptionChange.Kind.PAUSE || kind == SubscriptionChange.Kind.RESUME) {
        // the pause and the resume are billing boundaries: periods close at the pause and the
        // rest of each period opens at the resume, on the same schedule (anchor kept)
        paused = kind == SubscriptionChange.Kind.PAUSE;
        rescheduled = true;
        continue;
      }
      if (change.kind() == SubscriptionChange.Kind.QUANTITY) {
        seats = change.seats();
        continue;
      }
      plan = change.newOverrides().orElse(PlanOverrides.NONE)
          .applyTo(catalog.get(change.planCode(), change.planVersion()));
      plan = inZone(plan);
      SubscriptionPhase previous = phases.isEmpty() ? null : phases.get(phases.size() - 1);
      if (previous == null) {
        // a change at the start: the subscription starts on the new plan
        grid = new Grid(plan, anchor, false);
        continue;
      }
      // compare with the run of phases before this one, with the anchor kept
      anchor = previous.cycleAnchor();
      reset = previous.anchorReset();
      Grid kept = new Grid(plan, anchor, reset);
      if (before.admits(kept)) {
        rescheduled = false;
        grid = before.with(kept);
      } else {
        rescheduled = true;
        if (plan.billing().cadenceChangeAnchor() == CadenceChangeAnchor.RESET) {
          anchor = phaseStart;
          reset = true;
        }
        grid = new Grid(plan, anchor, reset);
      }
    }
    if (end != null && !end.isAfter(phaseStart)) {
      if (phases.isEmpty()) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "subscriptions[" + id() + "].end", end,
            "an end after the start " + start());
      }
      return List.copyOf(phases);
    }
    phases.add(new SubscriptionPhase(phaseStart, end, plan, seats, startedBy, anchor, reset, rescheduled, paused));
    return List.copyOf(phases);
  }

  /**
   * The billing periods of a run of phases: the plan's schedule, the set of every charge's
   * schedule, and the schedule of each charge code seen in the run.
   */
  private record Grid(BillingSchedule planSchedule, Set<BillingSchedule> schedules,
      Map<String, BillingSchedule> byCharge) {
    Grid(Plan plan, Instant anchor, boolean reset) {
      this(SubscriptionPhase.scheduleOf(plan, plan.billing().cadence(), anchor, reset), schedulesOf(plan, anchor, reset),
          byChargeOf(plan, anchor, reset));
    }

    private static Map<String, BillingSchedule> byChargeOf(Plan plan, Instant anchor, boolean reset) {
      Map<String, BillingSchedule> out = new java.util.LinkedHashMap<>();
      for (dev.billwright.catalog.Charge c : plan.charges()) {
        if (c.kind() != dev.billwright.catalog.ChargeKind.ONE_TIME) {
          out.put(c.code(), SubscriptionPhase.scheduleOf(plan, c.cadence().orElse(plan.billing().cadence()), anchor,
              reset));
        }
      }
      return out;
    }

    private static Set<BillingSchedule> schedulesOf(Plan plan, Instant anchor, boolean reset) {
      Set<BillingSchedule> out = new java.util.HashSet<>(byChargeOf(plan, anchor, reset).values());
      out.add(SubscriptionPhase.scheduleOf(plan, plan.billing().cadence(), anchor, reset));
      return out;
    }

    /** Whether a phase on {@code next} keeps this run's billing periods. */
    boolean admits(Grid next) {
      if (!planSchedule.equals(next.planSchedule) || !schedules.equals(next.schedules)) {
        return false;
      }
      for (Map.Entry<String, BillingSchedule> e : next.byCharge.entrySet()) {
        BillingSchedule known = byCharge.get(e.getKey());
        if (known != null && !known.equals(e.getValue())) {
          return false;
        }
      }
      return true;
    }

    Grid with(Grid next) {
      Map<String, BillingSchedule> merged = new java.util.LinkedHashMap<>(byCharge);
      merged.putAll(next.byCharge);
      return new Grid(planSchedule, schedules, merged);
    }
  }

  /**
   * Resolves this subscription once against a catalog: its phases, end, trial end, currency and
   * rounding ({@link ResolvedSubscription}), for billing steps to share instead of recomputing.
   *
   * @param catalog where plan versions are looked up, not null
   * @return the resolved subscription, never null
   * @throws BillingException as for {@link #phases}
   */
  public ResolvedSubscription resolve(PlanCatalog catalog) {
    return ResolvedSubscription.of(this, catalog);
  }

  /**
   * Returns the instant the subscription ends (exclusive): its fixed end or the effective time of
   * its cancellation, whichever is first.
   *
   * @param catalog where plan versions are looked up, not null
   * @return the end, empty if open-ended
   * @throws BillingException as for {@link #phases}
   */
  public Optional<Instant> effectiveEnd(PlanCatalog catalog) {
    return resolve(catalog).end();
  }

  /**
   * Returns the end of the free trial: the explicit trial end, else the start plus the starting
   * plan's trial period in the plan's zone, else the start (no trial).
   *
   * @param catalog where plan versions are looked up, not null
   * @return the trial end (equal to the start when there is no trial), never null
   * @throws BillingException as for {@link #phases}
   */
  public Instant trialEndOrStart(PlanCatalog catalog) {
    if (trialEnd().isPresent()) {
      return trialEnd().get();
    }
    Plan plan = catalog.get(planCode(), planVersion());
    return plan.trial().map(t -> start().atZone(zone(plan)).plus(t).toInstant()).orElse(start());
  }

  /**
   * Returns the schedule of billing periods under a plan, anchored on this subscription's
   * billing cycle anchor, in this subscription's {@linkplain #zone(Plan) zone} (the schedule of a
   * first phase on the plan; a phase's own schedules are {@link SubscriptionPhase#schedule()} and
   * {@link SubscriptionPhase#schedule(dev.billwright.catalog.Charge)}).
   *
   * @param plan the plan whose billing settings apply, not null
   * @return the schedule, never null
   */
  public BillingSchedule schedule(Plan plan) {
    Plan zoned = inZone(plan);
    return SubscriptionPhase.scheduleOf(zoned, zoned.billing().cadence(), anchorUnder(zoned), false);
  }

  /**
   * The anchor periods are laid out from under the starting plan: the subscription's own
   * {@link #billingCycleAnchor()}, except that with the plan's {@code billing.trial_anchor:
   * trial_end} an anchor left at the start (the default) moves to the trial end (the explicit
   * {@link #trialEnd()}, else the start plus the plan's trial period), as Stripe does.
   */
  private Instant anchorUnder(Plan startingPlan) {
    if (startingPlan.billing().trialAnchor() != dev.billwright.catalog.TrialAnchor.TRIAL_END
        || !billingCycleAnchor().equals(start())) {
      return billingCycleAnchor();
    }
    return trialEnd().orElseGet(() -> startingPlan.trial()
        .map(t -> start().atZone(zone(startingPlan)).plus(t).toInstant()).orElse(start()));
  }

  /**
   * A plan laid out in this subscription's zone: the one place {@code subscription.time_zone}
   * is applied, when the phases are resolved, so every schedule of a phase (billing boundaries,
   * usage windows, change instants) uses it.
   */
  private Plan inZone(Plan plan) {
    return ImmutablePlanAccess.withZone(plan, zone(plan));
  }

  /**
   * Returns the status at an instant.
   *
   * @param catalog where plan versions are looked up, not null
   * @param at the instant, not null
   * @return the status, never null
   * @throws BillingException as for {@link #phases}
   */
  public SubscriptionStatus statusAt(PlanCatalog catalog, Instant at) {
    if (at.isBefore(start())) {
      return SubscriptionStatus.PENDING;
    }
    ResolvedSubscription resolved = resolve(catalog);
    Optional<Instant> end = resolved.end();
    if (end.isPresent() && !at.isBefore(end.get())) {
      return SubscriptionStatus.ENDED;
    }
    if (resolved.phaseAt(at).paused()) {
      return SubscriptionStatus.PAUSED;
    }
    return at.isBefore(resolved.trialEnd()) ? SubscriptionStatus.TRIALING : SubscriptionStatus.ACTIVE;
  }

  /**
   * The instant a change takes effect under the starting plan's schedule, as validation sees it
   * before the phases are resolved (a change requested before any other takes effect).
   */
  Instant effectiveAt(SubscriptionChange change, Plan plan) {
    Plan zoned = inZone(plan);
    return effectiveAt(change, List.of(), zoned, anchorUnder(zoned), false, start());
  }

  /**
   * Whether a pending resume takes effect at the same instant as a pause (then removed from
   * {@code pending}: the pause and the resume cancel out).
   */
  private boolean resumedAt(List<SubscriptionChange> pending, Instant at, List<SubscriptionPhase> phases, Plan plan,
      Instant anchor, boolean reset, Instant phaseStart) {
    for (SubscriptionChange c : pending) {
      if (c.kind() == SubscriptionChange.Kind.RESUME
          && effectiveAt(c, phases, plan, anchor, reset, phaseStart).equals(at)) {
        pending.remove(c);
        return true;
      }
    }
    return false;
  }

  /** The instant a change takes effect, with the schedule in force when it was requested. */
  private Instant effectiveAt(SubscriptionChange change, List<SubscriptionPhase> phases, Plan plan, Instant anchor,
      boolean reset, Instant phaseStart) {
    Instant requested = change.requestedAt().isBefore(start()) ? start() : change.requestedAt();
    if (change.timing() == ChangeTiming.IMMEDIATE) {
      return requested;
    }
    BillingSchedule schedule = SubscriptionPhase.scheduleOf(plan, plan.billing().cadence(), anchor, reset);
    if (requested.isBefore(phaseStart)) {
      for (SubscriptionPhase p : phases) {
        if (p.contains(requested)) {
          schedule = p.schedule();
        }
      }
    }
    return schedule.periodContaining(requested).end();
  }

  /**
   * Checks the invariants.
   *
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming the field
   */
  @Value.Check
  protected void check() {
    if (id().isBlank() || customerId().isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "subscription.id/customer",
          id() + "/" + customerId(), "non-blank ids");
    }
    if (seats().signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "subscriptions[" + id() + "].seats", seats(),
          "a positive quantity");
    }
    if (end().isPresent() && !end().get().isAfter(start())) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "subscriptions[" + id() + "].end", end().get(),
          "an instant after the start " + start());
    }
  }

  /** Builds {@link Subscription}s; strict: each field is set at most once. */
  public static final class Builder extends ImmutableSubscription.Builder {
    /** Creates an empty builder. */
    public Builder() {}
  }
}
