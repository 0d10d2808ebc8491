package dev.billwright.metering;

import java.util.Objects;

/**
 * The durable progress of a metering run: how many records of its event source were consumed
 * and the serialised aggregation state at that point.
 *
 * @param runId the run id, not blank (the host's name for one aggregation, such as
 *     {@code "bill-2026-07"})
 * @param format the state's format name and version, such as {@code billwright.metering-state/1},
 *     not blank
 * @param position how many source records the state covers, at least 0
 * @param state the serialised state (JSON text), not null
 */
public record MeteringCheckpoint(String runId, String format, long position, String state) {
  /**
   * Validates the components.
   *
   * @param runId see the record component
   * @param format see the record component
   * @param position see the record component
   * @param state see the record component
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if runId or format is blank or position is negative
   */
  public MeteringCheckpoint {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(state, "state");
    if (runId.isBlank() || format.isBlank()) {
      throw new IllegalArgumentException("runId and format must not be blank");
    }
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
  }

  @Override
  public String toString() {
    return "MeteringCheckpoint[" + runId + " at " + position + ", " + format + ", " + state.length() + " chars]";
  }
}
