package dev.billwright.catalog;

/**
 * Copy-with helpers for {@link Plan} for code outside this package (the generated implementation
 * is package-private).
 */
public final class ImmutablePlanAccess {
  private ImmutablePlanAccess() {}

  /**
   * Returns a copy of a plan with another status.
   *
   * @param plan the plan, not null
   * @param status the status, not null
   * @return the copy, never null
   */
  public static Plan withStatus(Plan plan, PlanStatus status) {
    return ImmutablePlan.copyOf(plan).withStatus(status);
  }

  /**
   * Returns a copy of a plan laid out in another zone (a subscription's own
   * {@code time_zone}, which overrides the plan's {@code billing.time_zone}).
   *
   * @param plan the plan, not null
   * @param zone the zone, not null
   * @return the copy (the plan itself when it is already in that zone), never null
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#REQUIRED_FIELD_MISSING} if the zone is null
   */
  public static Plan withZone(Plan plan, java.time.ZoneId zone) {
    return plan.billing().zone().equals(zone) ? plan
        : ImmutablePlan.copyOf(plan).withBilling(plan.billing().withZone(zone));
  }
}
