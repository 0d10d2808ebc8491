package dev.billwright.metering;

/**
 * The SPI that receives lines quarantined under {@link RejectPolicy#QUARANTINE} (a dead-letter
 * file, a table, a log). Called on the reading thread, in file order.
 */
@FunctionalInterface
public interface RejectedEventSink {
  /**
   * Receives one rejected line.
   *
   * @param rejected the line and its error, not null
   */
  void reject(RejectedLine rejected);
}
