package dev.billwright.metering;

/**
 * Within what an event id must be unique. OpenMeter deduplicates on the CloudEvents id (with its
 * source) per namespace and Metronome on {@code transaction_id}, which is
 * {@link #GLOBAL} for one Billwright host; {@link #CUSTOMER} lets two customers reuse an id.
 */
public enum DedupScope {
  /** An id is unique across all events (the default). */
  GLOBAL,
  /** An id is unique per customer: the scope key is the customer key. */
  CUSTOMER;

  /**
   * Returns the scope key of an event under this scope.
   *
   * @param event the event, not null
   * @return {@code ""} for {@link #GLOBAL}, the customer key for {@link #CUSTOMER}
   */
  public String scopeOf(UsageEvent event) {
    return this == GLOBAL ? "" : event.customer();
  }
}
