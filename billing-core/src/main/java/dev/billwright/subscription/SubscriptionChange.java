package dev.billwright.subscription;

import dev.billwright.catalog.PlanOverrides;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A change to a subscription: move to another plan version (an upgrade or a downgrade), change
 * the quantity of seats, cancel, pause, resume or reactivate, effective immediately (at
 * {@code requestedAt}, which may lie in the future: "at an instant") or at the end of the period.
 *
 * <p>Exactly one of: a new plan ({@code planCode}+{@code planVersion}, optionally new
 * overrides), new seats, or one of the kinds without a value (cancellation, pause, resume,
 * reactivation). Whether a plan change is an upgrade or a downgrade
 * does not change the arithmetic (the credit and the new charge are both computed); {@link Kind}
 * records the host's intent for reporting.
 *
 * @param id the change id (for idempotent application and line ids), not blank
 * @param kind what the change does, not null
 * @param requestedAt when the change was requested, not null
 * @param timing immediate or at period end, not null
 * @param planCode the new plan code, for {@link Kind#UPGRADE} and {@link Kind#DOWNGRADE}
 * @param planVersion the new plan version, for upgrades and downgrades
 * @param overrides the new overrides for a plan change, or null to keep none
 * @param seats the new seats for {@link Kind#QUANTITY}, positive
 */
public record SubscriptionChange(String id, Kind kind, Instant requestedAt, ChangeTiming timing,
    String planCode, Integer planVersion, @Nullable PlanOverrides overrides, BigDecimal seats) {

  /** What a change does. */
  public enum Kind {
    /** Move to a more expensive plan version. */
    UPGRADE,
    /** Move to a cheaper plan version. */
    DOWNGRADE,
    /** Change the quantity of seats of recurring charges. */
    QUANTITY,
    /** End the subscription. */
    CANCELLATION,
    /**
     * Pause the subscription (Kill Bill entitlement pause, Stripe pause collection): from the
     * instant it takes effect no recurring fee is billed; the in-advance fees billed for time
     * after it are credited as on a cancellation; usage while paused is reported, never billed.
     */
    PAUSE,
    /**
     * Resume a paused subscription: the rest of the current period of each in-advance fee is
     * billed, prorated, on an invoice at the instant it takes effect.
     */
    RESUME,
    /**
     * Undo a cancellation that has not taken effect yet (Stripe {@code cancel_at_period_end:
     * false}, Kill Bill {@code uncancel}): every cancellation requested at or before this change
     * and taking effect after it is withdrawn. Only {@link ChangeTiming#IMMEDIATE}; a
     * cancellation already in effect cannot be reactivated (a new subscription is needed, as on
     * Stripe and Kill Bill).
     */
    REACTIVATION
  }

  /**
   * Validates the change.
   *
   * @param id the id
   * @param kind the kind
   * @param requestedAt the request time
   * @param timing the timing
   * @param planCode the plan code
   * @param planVersion the plan version
   * @param overrides the overrides
   * @param seats the seats
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming the field that is
   *     missing or not allowed for the kind, or a reactivation's timing other than immediate
   */
  public SubscriptionChange {
    if (id == null || id.isBlank() || kind == null || requestedAt == null || timing == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "a subscription change needs id, kind, requested_at and timing; got id=" + id + ", kind=" + kind
              + ", requested_at=" + requestedAt + ", timing=" + timing);
    }
    boolean planChange = kind == Kind.UPGRADE || kind == Kind.DOWNGRADE;
    if (planChange && (planCode == null || planVersion == null)) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "changes[" + id + "].plan", planCode + "@" + planVersion,
          "the new plan's code and version for a " + kind);
    }
    if (!planChange && (planCode != null || planVersion != null || overrides != null)) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "changes[" + id + "].plan", planCode,
          "no plan on a " + kind + " change");
    }
    if (kind == Kind.QUANTITY && (seats == null || seats.signum() <= 0)) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "changes[" + id + "].seats", seats,
          "a positive quantity of seats");
    }
    if (kind == Kind.REACTIVATION && timing != ChangeTiming.IMMEDIATE) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "changes[" + id + "].timing", timing,
          "immediate for a reactivation (it withdraws a pending cancellation at its request time)");
    }
    if (kind != Kind.QUANTITY && seats != null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "changes[" + id + "].seats", seats,
          "no seats on a " + kind + " change");
    }
  }

  /**
   * A plan change (upgrade or downgrade).
   *
   * @param id the change id
   * @param kind {@link Kind#UPGRADE} or {@link Kind#DOWNGRADE}
   * @param requestedAt when requested
   * @param timing when effective
   * @param planCode the new plan code
   * @param planVersion the new plan version
   * @return the change
   * @throws BillingException if a value is missing
   */
  public static SubscriptionChange planChange(String id, Kind kind, Instant requestedAt, ChangeTiming timing,
      String planCode, int planVersion) {
    return new SubscriptionChange(id, kind, requestedAt, timing, planCode, planVersion, null, null);
  }

  /**
   * A change of seats.
   *
   * @param id the change id
   * @param requestedAt when requested
   * @param timing when effective
   * @param seats the new seats, positive
   * @return the change
   * @throws BillingException if a value is missing or not positive
   */
  public static SubscriptionChange seats(String id, Instant requestedAt, ChangeTiming timing, BigDecimal seats) {
    return new SubscriptionChange(id, Kind.QUANTITY, requestedAt, timing, null, null, null, seats);
  }

  /**
   * A cancellation.
   *
   * @param id the change id
   * @param requestedAt when requested
   * @param timing when effective
   * @return the change
   * @throws BillingException if a value is missing
   */
  public static SubscriptionChange cancel(String id, Instant requestedAt, ChangeTiming timing) {
    return new SubscriptionChange(id, Kind.CANCELLATION, requestedAt, timing, null, null, null, null);
  }

  /**
   * A pause ({@link Kind#PAUSE}).
   *
   * @param id the change id
   * @param requestedAt when requested (the pause instant for an immediate pause)
   * @param timing when effective
   * @return the change
   * @throws BillingException if a value is missing
   */
  public static SubscriptionChange pause(String id, Instant requestedAt, ChangeTiming timing) {
    return new SubscriptionChange(id, Kind.PAUSE, requestedAt, timing, null, null, null, null);
  }

  /**
   * A resumption of a paused subscription ({@link Kind#RESUME}).
   *
   * @param id the change id
   * @param requestedAt when requested (the resume instant for an immediate resume)
   * @param timing when effective
   * @return the change
   * @throws BillingException if a value is missing
   */
  public static SubscriptionChange resume(String id, Instant requestedAt, ChangeTiming timing) {
    return new SubscriptionChange(id, Kind.RESUME, requestedAt, timing, null, null, null, null);
  }

  /**
   * A reactivation ({@link Kind#REACTIVATION}): withdraws the pending cancellations requested at
   * or before {@code requestedAt}.
   *
   * @param id the change id
   * @param requestedAt when requested
   * @return the change, timing {@link ChangeTiming#IMMEDIATE}
   * @throws BillingException if a value is missing
   */
  public static SubscriptionChange reactivate(String id, Instant requestedAt) {
    return new SubscriptionChange(id, Kind.REACTIVATION, requestedAt, ChangeTiming.IMMEDIATE, null, null, null, null);
  }

  /**
   * Returns the new overrides of a plan change.
   *
   * @return the overrides, empty to use none
   */
  public Optional<PlanOverrides> newOverrides() {
    return Optional.ofNullable(overrides);
  }
}
