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
}
