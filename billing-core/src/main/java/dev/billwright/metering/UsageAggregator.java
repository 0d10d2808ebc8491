package dev.billwright.metering;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Aggregates usage events into quantities per customer, meter, billing period and group.
 *
 * <p>For each event, in order: the id is checked against the context's
 * {@link DeduplicationStore} in this aggregator's {@link DedupScope} (a duplicate is dropped and
 * counted, a conflicting copy is reported; dedup applies to the event, so one event counts once
 * for every meter it matches); meters are matched by event type and filters; the
 * {@link PeriodResolver} assigns the period containing the timestamp (none: reported as
 * unusable); if that period is already invoiced the event becomes a {@link LateEvent}; otherwise
 * it is added to the accumulator of each matching meter and group.
 *
 * <p>{@link #aggregate} streams: memory is constant in the number of events apart from the
 * dedup store, the accumulators (one per key; unique_count holds its distinct values) and the
 * reported events. {@link #aggregateParallel} gives exactly the same result using several
 * threads. The dedup store is stateful across calls: aggregating a batch twice with the same
 * context counts its events once.
 *
 * <p>Stateless and thread-safe.
 */
public final class UsageAggregator {
  /** Ids unique across all events ({@link DedupScope#GLOBAL}). */
  public static final UsageAggregator DEFAULT = new UsageAggregator(DedupScope.GLOBAL);

  private final DedupScope scope;

  /**
   * Creates an aggregator.
   *
   * @param scope within what event ids are unique, not null
   */
  public UsageAggregator(DedupScope scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /**
   * Returns the dedup scope.
   *
   * @return the scope, never null
   */
  public DedupScope scope() {
    return scope;
  }

  /**
   * Starts an incremental run (feed events, merge runs, take the result).
   *
   * @param context the meters, period resolver, dedup store and so on, not null
   * @return a new run, never null
   */
  public AggregationRun start(AggregationContext context) {
    return new AggregationRun(Objects.requireNonNull(context, "context"), scope);
  }

  /**
   * Aggregates events in one pass on the calling thread.
   *
   * @param events the events, not null, no null elements; read once
   * @param context the context, not null
   * @return the result, never null
   */
  public AggregationResult aggregate(Iterator<? extends UsageEvent> events, AggregationContext context) {
    AggregationRun run = start(context);
    while (events.hasNext()) {
      run.accept(events.next());
    }
    return run.result();
  }

  /**
   * Aggregates events in one pass on the calling thread.
   *
   * @param events the events, not null, no null elements
   * @param context the context, not null
   * @return the result, never null
   */
  public AggregationResult aggregate(Iterable<? extends UsageEvent> events, AggregationContext context) {
    return aggregate(events.iterator(), context);
  }

  /**
   * Aggregates events on several threads (the common fork/join pool) with exactly the result of
   * {@link #aggregate}: the events are split into {@code parts} partitions by a hash of their
   * dedup scope and id (all copies of an id land in the same partition, in input order), each
   * partition is aggregated by its own {@link AggregationRun} sharing the context's dedup store,
   * and the runs are combined with {@link AggregationRun#merge} (that is,
   * {@link Accumulator#merge}). So an id in two places still counts once, and which copy of a
   * conflicting id counts (the first in input order) does not depend on timing.
   *
   * @param events the events, not null, no null elements
   * @param context the context (its stores must be thread-safe), not null
   * @param parts the number of partitions, at least 1
   * @return the result, never null
   * @throws IllegalArgumentException if parts is less than 1
   */
  public AggregationResult aggregateParallel(List<? extends UsageEvent> events, AggregationContext context, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, got " + parts);
    }
    Objects.requireNonNull(context, "context");
    List<List<UsageEvent>> partitions = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      partitions.add(new ArrayList<>(events.size() / parts + 1));
    }
    for (UsageEvent e : events) {
      long h = InMemoryDeduplicationStore.keyHash(scope.scopeOf(e), e.id());
      partitions.get((int) Long.remainderUnsigned(h, parts)).add(e);
    }
    return IntStream.range(0, parts).parallel()
        .mapToObj(i -> {
          AggregationRun run = start(context);
          partitions.get(i).forEach(run::accept);
          return run;
        })
        .reduce(AggregationRun::merge)
        .orElseGet(() -> start(context))
        .result();
  }
}
