package dev.billwright.metering;

/**
 * How a {@link Meter} turns the events of a period into one quantity. JSON names are the lower
 * snake_case constant names (plan-format.md "Meter"). Every aggregation yields zero for a
 * period with no events (as Lago and OpenMeter bill an empty period).
 */
public enum Aggregation {
  /** The number of events. Needs no value property. */
  COUNT,
  /** The exact sum of the value property (decimals). */
  SUM,
  /** The smallest value. */
  MIN,
  /** The largest value. */
  MAX,
  /**
   * The mean: exact sum divided by the number of events, the division done once at the end in
   * {@link java.math.MathContext#DECIMAL128} (34 significant digits, HALF_EVEN).
   */
  AVG,
  /** The value of the latest event, ordered by timestamp then id (as OpenMeter's LATEST, argMax by event time). */
  LATEST,
  /** The number of distinct values (as written) of the value property, as OpenMeter's UNIQUE_COUNT and Lago's unique_count_agg. */
  UNIQUE_COUNT,
  /**
   * The time-weighted running total over the period, in value-seconds: each event's value is a
   * change to a running level (starting from a carry-in level at the period start, zero by
   * default), and the result is the integral of that step function over the period. For
   * example, storage-change events in GB give GB-seconds. Lago's weighted_sum_agg integrates the
   * same running sum and divides by the period's seconds; divide the result by
   * {@code period.duration()} seconds to obtain Lago's units.
   */
  WEIGHTED_SUM;

  /**
   * Returns whether a meter with this aggregation needs a value property (all but count).
   *
   * @return true unless {@link #COUNT}
   */
  public boolean needsValueProperty() {
    return this != COUNT;
  }

  /**
   * Returns whether the value property must parse as a decimal (all but count and
   * unique_count).
   *
   * @return true if the value is numeric
   */
  public boolean numeric() {
    return this != COUNT && this != UNIQUE_COUNT;
  }
}
