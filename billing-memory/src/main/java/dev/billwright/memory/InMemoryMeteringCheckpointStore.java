package dev.billwright.memory;

import dev.billwright.metering.MeteringCheckpoint;
import dev.billwright.metering.MeteringCheckpointStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link MeteringCheckpointStore} for tests: a map from run id to the last
 * checkpoint; a save replaces the whole checkpoint in one step, so it is atomic. Thread-safe.
 * It counts saves, so a test can check that a run checkpointed as often as it should.
 */
public final class InMemoryMeteringCheckpointStore implements MeteringCheckpointStore {
  private final Map<String, MeteringCheckpoint> checkpoints = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong saves = new java.util.concurrent.atomic.AtomicLong();

  /** Creates an empty store. */
  public InMemoryMeteringCheckpointStore() {}

  @Override
  public void save(MeteringCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    checkpoints.put(checkpoint.runId(), checkpoint);
    saves.incrementAndGet();
  }

  @Override
  public Optional<MeteringCheckpoint> find(String runId) {
    Objects.requireNonNull(runId, "runId");
    return Optional.ofNullable(checkpoints.get(runId));
  }

  /**
   * Returns how many checkpoints were saved (over all runs).
   *
   * @return the count, at least 0
   */
  public long saves() {
    return saves.get();
  }
}
