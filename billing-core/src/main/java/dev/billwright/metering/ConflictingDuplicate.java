package dev.billwright.metering;

import java.util.Objects;

/**
 * A copy of an event id that arrived with different content than the first copy: reported, not
 * counted and not merged (the first copy counts). Stripe and Orb reject an idempotency key
 * reused with different parameters in the same way.
 *
 * @param scope the dedup scope key ({@link DedupScope#scopeOf}), not null
 * @param event the conflicting copy, not null
 */
public record ConflictingDuplicate(String scope, UsageEvent event) {
  /**
   * Validates.
   *
   * @param scope the dedup scope key ({@link DedupScope#scopeOf}), not null
   * @param event the conflicting copy, not null
   * @throws NullPointerException if a component is null
   */
  public ConflictingDuplicate {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(event, "event");
  }
}
