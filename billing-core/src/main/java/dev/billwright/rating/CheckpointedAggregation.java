package dev.billwright.rating;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.metering.MeteringCheckpoint;
import dev.billwright.metering.MeteringCheckpointStore;
import dev.billwright.metering.UsageEvent;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable metering: aggregates an event source in chunks of records, saving the run's state and
 * the number of records consumed together ({@link MeteringCheckpointStore#save}, atomic) after
 * every chunk, so a process killed at any point resumes from its last checkpoint and ends with
 * exactly the result of one uninterrupted pass ({@link SubscriptionUsageAggregator#aggregate}).
 *
 * <p>Resuming reads the source again from its start and skips the records the checkpoint covers
 * (they are read, not aggregated), so the source must yield the same records in the same order
 * on every pass (a file read by an {@code EventReader}, an ordered query). The state is
 * {@link SubscriptionUsageAggregator.Run#state()} as JSON text in format
 * {@value #FORMAT}; a checkpoint in any other format is refused. The aggregator must use a dedup
 * store that holds only this run's ids (see {@link SubscriptionUsageAggregator#startResumable()}).
 * Immutable and thread-safe; one run id must be run by one process at a time.
 */
public final class CheckpointedAggregation {
  /** The format name and version written with every checkpoint and the only one resumed. */
  public static final String FORMAT = "billwright.metering-state/" + SubscriptionUsageAggregator.STATE_FORMAT;

  private final SubscriptionUsageAggregator aggregator;
  private final MeteringCheckpointStore store;
  private final int chunkSize;

  /**
   * The outcome of a checkpointed run.
   *
   * @param usage the aggregate, equal to the one-pass result, never null
   * @param resumedFrom the position of the checkpoint the run resumed from, 0 for a fresh run
   * @param records the records of the source consumed in all, at least resumedFrom
   */
  public record Outcome(SubscriptionUsage usage, long resumedFrom, long records) {}

  private CheckpointedAggregation(SubscriptionUsageAggregator aggregator, MeteringCheckpointStore store,
      int chunkSize) {
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.store = Objects.requireNonNull(store, "store");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
    }
    this.chunkSize = chunkSize;
  }

  /**
   * A checkpointed aggregation.
   *
   * @param aggregator the aggregator, not null, with a fresh dedup store of its own
   * @param store where checkpoints are saved, not null
   * @param chunkSize the records aggregated between two checkpoints, at least 1 (a trade-off:
   *     each checkpoint writes the whole state, including the ids seen so far)
   * @return the aggregation, never null
   * @throws IllegalArgumentException if chunkSize is less than 1
   */
  public static CheckpointedAggregation of(SubscriptionUsageAggregator aggregator, MeteringCheckpointStore store,
      int chunkSize) {
    return new CheckpointedAggregation(aggregator, store, chunkSize);
  }

  /**
   * Runs or resumes a run: loads the run's checkpoint if any, restores its state and skips the
   * records it covers, then aggregates the rest, saving a checkpoint after every chunk and at the
   * end. Running a completed run again returns its result without aggregating anything.
   *
   * @param runId the run id, not blank
   * @param source the event source from its first record, not null, the same records in the same
   *     order on every pass
   * @return the outcome, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the checkpoint's format is
   *     not {@value #FORMAT} or the source has fewer records than the checkpoint covers; as for
   *     {@link SubscriptionUsageAggregator#restore} and {@link SubscriptionUsageAggregator#start()};
   *     whatever the store or the source throws (the last checkpoint stays)
   */
  public Outcome run(String runId, Iterator<? extends UsageEvent> source) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(source, "source");
    Optional<MeteringCheckpoint> last = store.find(runId);
    SubscriptionUsageAggregator.Run run;
    long position = 0;
    if (last.isPresent()) {
      MeteringCheckpoint c = last.get();
      if (!c.format().equals(FORMAT)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "checkpoint " + runId + ".format", c.format(),
            FORMAT + " (a checkpoint written by a Billwright version that uses another format cannot be resumed)");
      }
      run = aggregator.restore(Json.parse(c.state(), "checkpoint " + runId), "checkpoint " + runId);
      for (; position < c.position(); position++) {
        if (!source.hasNext()) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "checkpoint " + runId + ".position",
              c.position(), "at most the " + position + " records of the source (it must yield the same records"
                  + " on every pass)");
        }
        source.next();
      }
    } else {
      run = aggregator.startResumable();
    }
    long resumedFrom = position;
    int inChunk = 0;
    while (source.hasNext()) {
      run.accept(source.next());
      position++;
      if (++inChunk == chunkSize) {
        save(runId, position, run);
        inChunk = 0;
      }
    }
    if (inChunk > 0 || last.isEmpty()) {
      save(runId, position, run);
    }
    return new Outcome(run.result(), resumedFrom, position);
  }

  private void save(String runId, long position, SubscriptionUsageAggregator.Run run) {
    store.save(new MeteringCheckpoint(runId, FORMAT, position, run.state().toString()));
  }
}
