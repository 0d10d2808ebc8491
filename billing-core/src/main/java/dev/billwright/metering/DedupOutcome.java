package dev.billwright.metering;

/** What a {@link DeduplicationStore} or a {@link UsageEventStore} says about an event id. */
public enum DedupOutcome {
  /** The id was not seen before in its scope: the event counts. */
  NEW,
  /** The id was seen before with the same content fingerprint: the copy is dropped. */
  DUPLICATE,
  /** The id was seen before with a different fingerprint: the copy is reported and not counted. */
  CONFLICT
}
