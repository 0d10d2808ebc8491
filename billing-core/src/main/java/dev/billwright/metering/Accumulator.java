package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationBasis;
import java.math.BigDecimal;

/**
 * The running aggregate of one meter over the events of one period (and group): a mutable,
 * single-threaded accumulator, as in a map-reduce combiner.
 *
 * <p>{@link #add} and {@link #merge} are associative and commutative: any split of a period's
 * events into parts, each added to its own accumulator, merged in any order, gives the same
 * {@link #result()} as adding all events to one accumulator in any order. LATEST orders events by
 * timestamp, then id, then value, so even ties are resolved the same way. Adding or merging
 * either completes or throws with the accumulator unchanged.
 *
 * <p>A meter with a {@code bucket} keeps one such accumulator per time bucket of the period and
 * merges bucket by bucket; its result is the sum of the bucket results (for max and PT1H, the
 * sum of the hourly maxima), and {@link #buckets()} gives each bucket's value.
 *
 * <p>Per event, count does no allocation; sum, min, max, avg and weighted_sum allocate only the
 * {@link BigDecimal} arithmetic (and parsing of the value property); unique_count holds a set of
 * the distinct values. Not thread-safe: use one per thread and merge.
 */
public interface Accumulator {
  /**
   * Creates an empty accumulator for a meter and period, with no carry-in level.
   *
   * @param meter the meter, not null
   * @param period the period; events added must lie in it (checked only by weighted_sum, which
   *     needs the bounds), not null
   * @return a new accumulator, never null
   */
  static Accumulator create(Meter meter, BillingPeriod period) {
    return Accumulators.create(meter, period, BigDecimal.ZERO);
  }

  /**
   * Creates an empty accumulator with a carry-in level for weighted_sum: the running level at
   * the period start (the previous period's final level, as Lago carries a recurring metric's
   * value). Other aggregations ignore it.
   *
   * @param meter the meter, not null
   * @param period the period, not null
   * @param carryIn the level at the period start for weighted_sum, not null (zero for none)
   * @return a new accumulator, never null
   * @throws BillingException with {@link ErrorCode#DECIMAL_OUT_OF_BOUNDS} if carryIn is out of
   *     bounds
   */
  static Accumulator create(Meter meter, BillingPeriod period, BigDecimal carryIn) {
    return Accumulators.create(meter, period, carryIn);
  }

  /**
   * Creates an empty prorated-sum accumulator for a {@code sum} meter (Lago's prorated charges on
   * a recurring metric such as seats or storage): each event's value counts for the share of the
   * full period from the event to the window's end, by a proration basis (with
   * {@link ProrationBasis#DAYS}, the event's day counted: Lago's
   * {@code (period_end_date - event_date + 1) / period_days}); a removal (a negative value)
   * reduces the quantity from its instant on. The {@linkplain #result() result} is exact until it
   * is rounded up ({@link java.math.RoundingMode#CEILING}) to 5 decimals, Lago's rounding of a
   * prorated aggregate. Associative and commutative like every accumulator.
   *
   * @param meter the meter, not null, with aggregation {@link Aggregation#SUM}
   * @param window the usage window events are added for (they must lie in it), not null
   * @param fullPeriod the window's full schedule period, the proration denominator, not null
   * @param basis the proration basis (the plan's {@code billing.proration}), not null
   * @return a new accumulator, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if the meter does not sum
   */
  static Accumulator prorated(Meter meter, BillingPeriod window, BillingPeriod fullPeriod, ProrationBasis basis) {
    if (meter.aggregation() != Aggregation.SUM) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "meters[" + meter.code() + "].aggregation",
          meter.aggregation(), "sum for a prorated charge (Lago prorates recurring sum metrics only)");
    }
    return new Accumulators.ProratedSum(meter.code(), meter.valueProperty().orElseThrow(), window, fullPeriod, basis);
  }

  /**
   * Adds one event (which the caller has matched to the meter and the period).
   *
   * @param event the event, not null
   * @throws BillingException with {@link ErrorCode#INVALID_EVENT} naming the event, meter and
   *     property if the value property is missing or (for numeric aggregations) not a bounded
   *     plain decimal, or, for weighted_sum, if the event lies outside the period
   */
  void add(UsageEvent event);

  /**
   * Adds everything another accumulator of the same meter and period has seen. The other
   * accumulator is not changed.
   *
   * @param other an accumulator made by {@link #create} for an equal meter and period (and the
   *     same carry-in), not null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the other accumulator is
   *     for another aggregation, value property, period or carry-in
   */
  void merge(Accumulator other);

  /**
   * Returns the aggregate: exact (avg: exact sum divided once in DECIMAL128), trailing zeros
   * removed, zero when no event was added (weighted_sum: carry-in × period seconds). Units are
   * the value property's (count and unique_count: a number of events or values; weighted_sum:
   * value-seconds).
   *
   * @return the quantity, never null
   */
  BigDecimal result();

  /**
   * Returns the number of events added (across merges).
   *
   * @return the count, at least 0
   */
  long eventCount();

  /**
   * Returns an independent copy with the same state.
   *
   * @return the copy, never null
   */
  Accumulator copy();

  /**
   * Returns the aggregate of each time bucket, for a meter with a {@code bucket} (plan format
   * 1.1): the buckets that saw events, by start; their sum is {@link #result()}.
   *
   * @return the bucket values, empty when the meter has no bucket
   */
  default java.util.Optional<dev.billwright.pricing.UsageBuckets> buckets() {
    return java.util.Optional.empty();
  }
}
