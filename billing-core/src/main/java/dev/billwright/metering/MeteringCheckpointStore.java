package dev.billwright.metering;

import java.util.Optional;

/**
 * The SPI that keeps a metering run's last checkpoint, so that a run killed part-way resumes
 * from it ({@code dev.billwright.rating.CheckpointedAggregation}).
 *
 * <p>{@link #save} must be atomic: after a crash at any instant, {@link #find} returns either the
 * previous checkpoint or the new one, whole (position and state together), never a mix. The
 * JDBC store ({@code JdbcStore.meteringCheckpoints()}) saves in one transaction; billing-memory
 * has an in-memory implementation. Implementations must be safe for use by one run at a time.
 */
public interface MeteringCheckpointStore {
  /**
   * Saves (replaces) a run's checkpoint atomically.
   *
   * @param checkpoint the checkpoint, not null
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#STORE_UNAVAILABLE} if the store fails (the previous
   *     checkpoint stays)
   */
  void save(MeteringCheckpoint checkpoint);

  /**
   * Returns a run's last saved checkpoint.
   *
   * @param runId the run id, not null
   * @return the checkpoint, or empty if the run never saved one
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#STORE_UNAVAILABLE} if the store fails
   */
  Optional<MeteringCheckpoint> find(String runId);
}
