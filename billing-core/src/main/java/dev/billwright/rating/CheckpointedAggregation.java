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
 * <p>Checkpoints are incremental in what grows with the events: the ids seen first (one entry
 * per distinct event id, the bulk of a long run's state) are written once each, in a
 * <em>seen segment</em> per checkpoint (a checkpoint of its own under the run id
 * {@code RUN/seen/K}, format {@value #SEGMENT_FORMAT}, saved before the main checkpoint that
 * counts it); the main checkpoint ({@value #INCREMENTAL_FORMAT}) holds the rest of the state,
 * whose size is bounded by the usage keys and the reports rather than by the events, and the
 * number of segments it covers. A kill between the two saves leaves a segment no checkpoint
 * counts: the resumed run writes over it.
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
  /**
   * The format of a checkpoint that holds the whole state, seen ids included (written by earlier
   * versions; still resumed).
   */
  public static final String FORMAT = "billwright.metering-state/" + SubscriptionUsageAggregator.STATE_FORMAT;
  /**
   * The format written by this version: the state without its seen ids, which are in the run's
   * seen segments ({@link #SEGMENT_FORMAT}); the state's {@code seen_segments} is how many.
   */
  public static final String INCREMENTAL_FORMAT = FORMAT + "+seen-segments";
  /** The format of a seen segment: a JSON array of the {@code seen} entries written by one checkpoint. */
  public static final String SEGMENT_FORMAT = "billwright.metering-seen/1";

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
   *     each checkpoint writes the state but for the ids seen before, which are written once)
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
   *     neither {@value #INCREMENTAL_FORMAT} nor {@value #FORMAT}, a seen segment it counts is
   *     missing or malformed, or the source has fewer records than the checkpoint covers; as for
   *     {@link SubscriptionUsageAggregator#restore} and {@link SubscriptionUsageAggregator#start()};
   *     whatever the store or the source throws (the last checkpoint stays)
   */
  public Outcome run(String runId, Iterator<? extends UsageEvent> source) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(source, "source");
    Optional<MeteringCheckpoint> last = store.find(runId);
    SubscriptionUsageAggregator.Run run;
    long position = 0;
    Progress progress = new Progress();
    if (last.isPresent()) {
      MeteringCheckpoint c = last.get();
      run = aggregator.restore(restoredState(runId, c, progress), "checkpoint " + runId);
      progress.seenWritten = run.seenCount();
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
        save(runId, position, run, progress);
        inChunk = 0;
      }
    }
    if (inChunk > 0 || last.isEmpty()) {
      save(runId, position, run, progress);
    }
    return new Outcome(run.result(), resumedFrom, position);
  }

  /** What the run has written: its seen segments and how many seen ids they hold. */
  private static final class Progress {
    int segments;
    int seenWritten;
  }

  /** The full state of a checkpoint: the main state with its seen segments put back in order. */
  private com.fasterxml.jackson.databind.JsonNode restoredState(String runId, MeteringCheckpoint c, Progress progress) {
    if (c.format().equals(FORMAT)) {
      return Json.parse(c.state(), "checkpoint " + runId);
    }
    if (!c.format().equals(INCREMENTAL_FORMAT)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "checkpoint " + runId + ".format", c.format(),
          INCREMENTAL_FORMAT + " or " + FORMAT + " (a checkpoint written by a Billwright version that uses another"
              + " format cannot be resumed)");
    }
    com.fasterxml.jackson.databind.JsonNode parsed = Json.parse(c.state(), "checkpoint " + runId);
    if (!(parsed instanceof com.fasterxml.jackson.databind.node.ObjectNode state)
        || !state.path("seen_segments").canConvertToInt() || state.path("seen_segments").intValue() < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "checkpoint " + runId + ".seen_segments",
          parsed.path("seen_segments"), "the number of seen segments, 0 or more");
    }
    int segments = state.remove("seen_segments").intValue();
    com.fasterxml.jackson.databind.node.ArrayNode seen = state.withArray("seen");
    for (int k = 1; k <= segments; k++) {
      String id = segmentId(runId, k);
      MeteringCheckpoint segment = store.find(id).orElseThrow(() -> BillingException.invalid(ErrorCode.INVALID_VALUE,
          "checkpoint " + id, null, "the seen segment the run's checkpoint counts"));
      if (!segment.format().equals(SEGMENT_FORMAT)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "checkpoint " + id + ".format", segment.format(),
            SEGMENT_FORMAT);
      }
      com.fasterxml.jackson.databind.JsonNode part = Json.parse(segment.state(), "checkpoint " + id);
      if (!part.isArray()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "checkpoint " + id, part.getNodeType(),
            "a JSON array of seen entries");
      }
      part.forEach(seen::add);
    }
    progress.segments = segments;
    return state;
  }

  private static String segmentId(String runId, int k) {
    return runId + "/seen/" + k;
  }

  private void save(String runId, long position, SubscriptionUsageAggregator.Run run, Progress progress) {
    com.fasterxml.jackson.databind.node.ObjectNode state = run.state(progress.seenWritten);
    com.fasterxml.jackson.databind.JsonNode fresh = state.remove("seen");
    int segments = progress.segments;
    if (fresh != null && !fresh.isEmpty()) {
      // the new ids first, in a segment of their own: the main checkpoint below counts it
      segments++;
      store.save(new MeteringCheckpoint(segmentId(runId, segments), SEGMENT_FORMAT, position, fresh.toString()));
    }
    state.put("seen_segments", segments);
    store.save(new MeteringCheckpoint(runId, INCREMENTAL_FORMAT, position, state.toString()));
    progress.segments = segments;
    progress.seenWritten = run.seenCount();
  }
}
