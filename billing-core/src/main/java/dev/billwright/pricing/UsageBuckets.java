package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A period's usage split into the time buckets of its meter's {@code bucket} (plan format 1.1):
 * each bucket's start and the aggregate of the events in it. Needed to price per bucket
 * ({@code price_per: bucket}) and to count free units per reset window ({@code included.reset}).
 *
 * @param period the billing period the buckets split, not null
 * @param bucket the bucket size, not null
 * @param quantities the aggregate of each bucket that saw events, by bucket start (aligned by
 *     {@link TimeBucket#bucketStart}), zero or more; buckets without events are absent (zero);
 *     copied, sorted by start
 */
public record UsageBuckets(BillingPeriod period, TimeBucket bucket, Map<Instant, BigDecimal> quantities) {
  /**
   * Validates and copies.
   *
   * @param period the period
   * @param bucket the bucket size
   * @param quantities the bucket quantities
   * @throws BillingException if a field is null, a start is not a bucket start inside the
   *     period, or a quantity is negative or out of bounds
   */
  public UsageBuckets {
    PriceChecks.required(period, "period");
    PriceChecks.required(bucket, "bucket");
    PriceChecks.required(quantities, "quantities");
    TreeMap<Instant, BigDecimal> copy = new TreeMap<>();
    for (Map.Entry<Instant, BigDecimal> e : quantities.entrySet()) {
      Instant start = PriceChecks.required(e.getKey(), "quantities.key");
      if (!period.contains(start) || !bucket.bucketStart(period, start).equals(start)) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "buckets[" + start + "]", start.toString(),
            "the start of a " + bucket + " bucket of period " + period);
      }
      copy.put(start, PriceChecks.nonNegative(e.getValue(), "buckets[" + start + "].quantity"));
    }
    quantities = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the sum of the bucket quantities: the period's quantity.
   *
   * @return the total, zero or more
   */
  public BigDecimal total() {
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal q : quantities.values()) {
      sum = sum.add(q);
    }
    return sum;
  }
}
