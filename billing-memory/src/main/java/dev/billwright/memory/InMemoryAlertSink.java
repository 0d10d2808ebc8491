package dev.billwright.memory;

import dev.billwright.alert.Alert;
import dev.billwright.alert.AlertSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link AlertSink} that keeps alerts in memory, in the order received. Thread-safe.
 */
public final class InMemoryAlertSink implements AlertSink {
  private final List<Alert> alerts = new ArrayList<>();

  /** Creates an empty sink. */
  public InMemoryAlertSink() {}

  @Override
  public synchronized void emit(Alert alert) {
    alerts.add(Objects.requireNonNull(alert, "alert"));
  }

  /**
   * Returns the alerts received so far.
   *
   * @return a snapshot, in the order received, never null
   */
  public synchronized List<Alert> alerts() {
    return List.copyOf(alerts);
  }

  /**
   * Forgets the alerts received so far.
   */
  public synchronized void clear() {
    alerts.clear();
  }
}
