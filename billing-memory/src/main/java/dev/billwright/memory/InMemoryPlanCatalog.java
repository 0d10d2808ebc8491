package dev.billwright.memory;

import dev.billwright.catalog.ImmutablePlanAccess;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe, in-memory {@link PlanCatalog} for tests, examples and small hosts.
 */
public final class InMemoryPlanCatalog implements PlanCatalog {
  private final Map<String, TreeMap<Integer, Plan>> plans = new ConcurrentHashMap<>();

  /** Creates an empty catalog. */
  public InMemoryPlanCatalog() {}

  /**
   * Creates a catalog holding some plans.
   *
   * @param initial the plans to publish, in order, not null
   * @return the catalog, never null
   * @throws BillingException as for {@link #publish}
   */
  public static InMemoryPlanCatalog of(Iterable<Plan> initial) {
    InMemoryPlanCatalog catalog = new InMemoryPlanCatalog();
    initial.forEach(catalog::publish);
    return catalog;
  }

  @Override
  public void publish(Plan plan) {
    TreeMap<Integer, Plan> versions = plans.computeIfAbsent(plan.code(), k -> new TreeMap<>());
    synchronized (versions) {
      Plan existing = versions.get(plan.version());
      if (existing != null && existing.status() != PlanStatus.DRAFT && !existing.equals(plan)
          && !ImmutablePlanAccess.withStatus(existing, PlanStatus.ARCHIVED).equals(plan)) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "plan", plan.reference(),
            "a new version: " + existing.reference() + " is " + existing.status().name().toLowerCase(java.util.Locale.ROOT)
                + " and immutable (only archiving is allowed)");
      }
      versions.put(plan.version(), plan);
    }
  }

  @Override
  public Optional<Plan> find(String code, int version) {
    TreeMap<Integer, Plan> versions = plans.get(code);
    if (versions == null) {
      return Optional.empty();
    }
    synchronized (versions) {
      return Optional.ofNullable(versions.get(version));
    }
  }

  @Override
  public List<Plan> versions(String code) {
    TreeMap<Integer, Plan> versions = plans.get(code);
    if (versions == null) {
      return List.of();
    }
    synchronized (versions) {
      return List.copyOf(new ArrayList<>(versions.values()));
    }
  }
}
