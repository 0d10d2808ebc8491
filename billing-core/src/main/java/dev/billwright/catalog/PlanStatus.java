package dev.billwright.catalog;

/**
 * The lifecycle status of a plan version (JSON: {@code draft}, {@code active}, {@code archived}).
 *
 * <p>A draft may still change; an active version is immutable and may be subscribed to; an
 * archived version keeps billing its existing subscriptions but takes no new ones. Changes to an
 * active plan are made as a new version, as Kill Bill's effective-dated catalog versions and
 * Lago's plan versions do.
 */
public enum PlanStatus {
  /** Being edited; not yet sold. */
  DRAFT,
  /** Immutable and open to new subscriptions. */
  ACTIVE,
  /** Immutable; existing subscriptions continue, no new ones. */
  ARCHIVED
}
