package dev.billwright.subscription;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.BillingSchedule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A stretch of a subscription's life with one plan version (overrides applied) and one quantity
 * of seats: the half-open interval {@code [start, end)}, where an empty end means "until further
 * notice".
 *
 * <p>A phase lays out its billing periods itself: the plan's schedule ({@link #schedule()}) and
 * one per charge on its own cadence ({@link #schedule(Charge)}), with the plan's alignment and
 * zone and the phase's billing cycle anchor. A phase that starts on other billing periods than
 * the phase before it ({@link #rescheduled()}: a plan change to another cadence, or to a plan
 * with a charge of another cadence, zone or alignment) starts them at its start, which is then a
 * billing boundary of the subscription.
 *
 * @param start the first instant of the phase, not null
 * @param end the first instant after the phase, or null if open-ended
 * @param plan the resolved plan (overrides applied; laid out in the subscription's
 *     {@code time_zone} when it has one, so every schedule of the phase uses that zone), not null
 * @param seats the quantity of recurring charges, positive
 * @param startedBy the id of the change that started the phase, or {@code "start"}
 * @param cycleAnchor the instant anniversary periods of this phase are counted from: the
 *     subscription's billing cycle anchor, or the start of a phase whose anchor was reset
 *     ({@link dev.billwright.catalog.CadenceChangeAnchor#RESET}); not null
 * @param anchorReset true when the anchor was reset by a change to another cadence: the phase's
 *     periods are then anniversary periods from {@code cycleAnchor} whatever the plan's alignment
 * @param rescheduled true when the phase starts on other billing periods than the phase before
 *     it (its start is a billing boundary); false for the first phase and for changes that keep
 *     every charge's periods
 * @param paused true for a paused stretch (between a {@link SubscriptionChange.Kind#PAUSE} and
 *     the {@link SubscriptionChange.Kind#RESUME}, the cancellation or the end): no recurring fee,
 *     no usage and no minimum commitment is billed for it. A paused phase and the phase a resume
 *     starts are {@linkplain #rescheduled() rescheduled}: the pause and the resume are billing
 *     boundaries.
 */
public record SubscriptionPhase(Instant start, @Nullable Instant end, Plan plan, BigDecimal seats, String startedBy,
    Instant cycleAnchor, boolean anchorReset, boolean rescheduled, boolean paused) {
  /**
   * A phase that is not paused.
   *
   * @param start see the record component
   * @param end see the record component
   * @param plan see the record component
   * @param seats see the record component
   * @param startedBy see the record component
   * @param cycleAnchor see the record component
   * @param anchorReset see the record component
   * @param rescheduled see the record component
   */
  public SubscriptionPhase(Instant start, Instant end, Plan plan, BigDecimal seats, String startedBy,
      Instant cycleAnchor, boolean anchorReset, boolean rescheduled) {
    this(start, end, plan, seats, startedBy, cycleAnchor, anchorReset, rescheduled, false);
  }

  /**
   * Returns the end, if the phase has one.
   *
   * @return the exclusive end
   */
  public Optional<Instant> endOptional() {
    return Optional.ofNullable(end);
  }

  /**
   * Returns whether the phase runs until further notice (has no end).
   *
   * @return true if open-ended
   */
  public boolean isOpenEnded() {
    return end == null;
  }

  /**
   * Returns whether the phase contains an instant.
   *
   * @param at the instant, not null
   * @return true if {@code start <= at < end}
   */
  public boolean contains(Instant at) {
    return !at.isBefore(start) && (end == null || at.isBefore(end));
  }

  /**
   * Returns the schedule of the plan's own billing periods in this phase (the plan's cadence).
   *
   * @return the schedule, never null
   */
  public BillingSchedule schedule() {
    return scheduleOf(plan, plan.billing().cadence(), cycleAnchor, anchorReset);
  }

  /**
   * Returns the schedule a charge is billed on in this phase: its own cadence when it has one,
   * else the plan's; the plan's alignment and zone; this phase's anchor.
   *
   * @param charge a charge of the plan, not null
   * @return the schedule, never null
   */
  public BillingSchedule schedule(Charge charge) {
    return scheduleOf(plan, charge.cadence().orElse(plan.billing().cadence()), cycleAnchor, anchorReset);
  }

  /**
   * Returns the schedule of every periodic charge (recurring and usage; one-time charges have no
   * period) by charge code, in the plan's order.
   *
   * @return charge code to schedule, never null
   */
  public Map<String, BillingSchedule> chargeSchedules() {
    Map<String, BillingSchedule> out = new LinkedHashMap<>();
    for (Charge c : plan.charges()) {
      if (c.kind() != ChargeKind.ONE_TIME) {
        out.put(c.code(), schedule(c));
      }
    }
    return out;
  }

  static BillingSchedule scheduleOf(Plan plan, BillingCadence cadence, Instant anchor, boolean reset) {
    return reset
        ? BillingSchedule.anniversary(cadence, anchor.atZone(plan.billing().zone()))
        : plan.billing().schedule(cadence, anchor.atZone(plan.billing().zone()));
  }
}
