package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SPI: where the host keeps its plan versions. Billwright reads plans through it when it bills;
 * an in-memory implementation lives in billing-memory, an abstract contract test in billing-testkit.
 *
 * <p>Contract: {@link #publish} stores a version; re-publishing an identical version is a no-op;
 * publishing a different definition under an existing {@code (code, version)} that is not a
 * draft is refused (an active version is immutable: changes make a new version). Implementations
 * are thread-safe.
 */
public interface PlanCatalog {
  /**
   * Stores a plan version (drafts may be replaced; active and archived versions may only be
   * replaced by an identical value, or by the same value with status {@code archived}).
   *
   * @param plan the plan, not null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if an immutable version
   *     with that code and version exists with another definition
   */
  void publish(Plan plan);

  /**
   * Finds one version.
   *
   * @param code the plan code, not null
   * @param version the version
   * @return the plan, if stored
   */
  Optional<Plan> find(String code, int version);

  /**
   * Lists every stored version of a plan, ordered by version.
   *
   * @param code the plan code, not null
   * @return the versions, never null, empty if unknown
   */
  List<Plan> versions(String code);

  /**
   * Finds one version, failing clearly if it is not stored.
   *
   * @param code the plan code, not null
   * @param version the version
   * @return the plan, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming the plan
   */
  default Plan get(String code, int version) {
    return find(code, version).orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_DEFINITION,
        "plan", code + "@" + version, "a plan version stored in the catalog; stored versions: "
            + versions(code).stream().map(Plan::version).toList()));
  }

  /**
   * Returns the version a new subscription gets at an instant: the highest active version whose
   * effective dates contain the instant.
   *
   * @param code the plan code, not null
   * @param at the instant, not null
   * @return the plan, if any version is available then
   */
  default Optional<Plan> availableAt(String code, Instant at) {
    Plan best = null;
    for (Plan p : versions(code)) {
      if (p.isAvailableAt(at) && (best == null || p.version() > best.version())) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }
}
