package dev.billwright.alert;

/**
 * SPI: where fired alerts go (a webhook queue, an e-mail job, a dashboard feed). The host
 * implements it; billing-memory ships an in-memory sink.
 *
 * <p>Implementations must be thread-safe and should not throw; an alert is emitted once per
 * crossing, so a sink that needs at-least-once delivery should persist before returning.
 */
public interface AlertSink {
  /**
   * Receives one fired alert.
   *
   * @param alert the alert, not null
   */
  void emit(Alert alert);
}
