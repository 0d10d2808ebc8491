package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Duration;
import java.util.Objects;

/**
 * The named settings of a {@link JdbcStore}.
 *
 * @param dedupRetention {@code dedup_retention}: how long an event id is remembered by the
 *     {@link JdbcDeduplicationStore} after it was first seen; an id older than this may be
 *     counted again once {@link JdbcDeduplicationStore#purgeExpired} ran. Default
 *     {@link #DEFAULT_DEDUP_RETENTION} (34 days, as Metronome keeps transaction ids: "Metronome
 *     deduplicates events by transaction_id for 34 days", Metronome docs, "Design your usage
 *     events"). Positive.
 * @param actor {@code actor}: who the stores name in the audit records they write, not blank
 *     (default {@code billwright})
 * @param migrate {@code migrate}: whether opening the store applies pending migrations (default
 *     true); when false, a schema older than the code is refused with
 *     {@link ErrorCode#STORE_SCHEMA_MISMATCH}
 * @param poolSize {@code pool_size}: how many idle connections are kept, 1 to 64 (default 8)
 */
public record JdbcStoreSettings(Duration dedupRetention, String actor, boolean migrate, int poolSize) {
  /** Default {@code dedup_retention}: 34 days. */
  public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(34);
  /** The defaults: 34 days, actor {@code billwright}, migrate, 8 connections. */
  public static final JdbcStoreSettings DEFAULTS = new JdbcStoreSettings(DEFAULT_DEDUP_RETENTION, "billwright",
      true, 8);

  /**
   * Validates the settings.
   *
   * @param dedupRetention the dedup retention, positive
   * @param actor the audit actor, not blank
   * @param migrate whether to migrate on open
   * @param poolSize the idle connections kept, 1 to 64
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the setting that is out
   *     of bounds
   */
  public JdbcStoreSettings {
    Objects.requireNonNull(dedupRetention, "dedupRetention");
    if (dedupRetention.isNegative() || dedupRetention.isZero()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "dedup_retention", dedupRetention, "a positive duration");
    }
    if (actor == null || actor.isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "actor", actor, "a non-blank name");
    }
    if (poolSize < 1 || poolSize > 64) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "pool_size", poolSize, "1 to 64");
    }
  }

  /**
   * A copy with another {@code dedup_retention}.
   *
   * @param retention the retention, positive
   * @return the copy, never null
   * @throws BillingException as the constructor
   */
  public JdbcStoreSettings withDedupRetention(Duration retention) {
    return new JdbcStoreSettings(retention, actor, migrate, poolSize);
  }

  /**
   * A copy with another {@code actor}.
   *
   * @param newActor the actor, not blank
   * @return the copy, never null
   * @throws BillingException as the constructor
   */
  public JdbcStoreSettings withActor(String newActor) {
    return new JdbcStoreSettings(dedupRetention, newActor, migrate, poolSize);
  }

  /**
   * A copy with another {@code migrate}.
   *
   * @param newMigrate whether to migrate on open
   * @return the copy, never null
   */
  public JdbcStoreSettings withMigrate(boolean newMigrate) {
    return new JdbcStoreSettings(dedupRetention, actor, newMigrate, poolSize);
  }
}
