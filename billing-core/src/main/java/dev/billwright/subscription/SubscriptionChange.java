package dev.billwright.subscription;

import dev.billwright.catalog.PlanOverrides;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A change to a subscription: move to another plan version (an upgrade or a downgrade), change
 * the quantity of seats, or cancel, effective immediately or at the end of the period.
 *
 * <p>Exactly one of: a new plan ({@code planCode}+{@code planVersion}, optionally new
 * overrides), new seats, or cancellation. Whether a plan change is an upgrade or a downgrade
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
    String planCode, Integer planVersion, PlanOverrides overrides, BigDecimal seats) {

  /** What a change does. */
  public enum Kind {
    /** Move to a more expensive plan version. */
    UPGRADE,
    /** Move to a cheaper plan version. */
    DOWNGRADE,
    /** Change the quantity of seats of recurring charges. */
    QUANTITY,
    /** End the subscription. */
    CANCELLATION
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
   *     missing or not allowed for the kind
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
   * Returns the new overrides of a plan change.
   *
   * @return the overrides, empty to use none
   */
  public Optional<PlanOverrides> newOverrides() {
    return Optional.ofNullable(overrides);
  }
}
