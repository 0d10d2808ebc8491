package dev.billwright.metering;

/**
 * The SPI that remembers which event ids were seen, so an id counts once whether its copy
 * arrives in the same batch, a later batch or another partition.
 *
 * <p>Implementations must be thread-safe: the parallel path of {@link UsageAggregator} calls
 * {@link #firstSeen} from several threads (never for the same id at the same time). A host
 * backs this with its database (a unique index on scope and id) or a shared cache to deduplicate
 * across processes; {@link InMemoryDeduplicationStore} is the in-process default.
 */
public interface DeduplicationStore {
  /**
   * Records an id and says whether it is new. The first call for a (scope, id) records the
   * fingerprint and returns {@link DedupOutcome#NEW}; later calls return
   * {@link DedupOutcome#DUPLICATE} when the fingerprint is equal and {@link DedupOutcome#CONFLICT}
   * when it differs, without changing what is recorded.
   *
   * @param scope the scope key (see {@link DedupScope#scopeOf}), not null, may be empty
   * @param eventId the event id, not null
   * @param fingerprint the event's content fingerprint ({@link UsageEvent#fingerprint()})
   * @return the outcome, never null
   */
  DedupOutcome firstSeen(String scope, String eventId, long fingerprint);
}
