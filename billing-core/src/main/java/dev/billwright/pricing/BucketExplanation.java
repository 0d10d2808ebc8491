package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The explanation of a charge priced per bucket ({@code price_per: bucket}, Flexprice bucketed
 * pricing): one priced explanation per bucket with usage.
 *
 * @param model the price's model name
 * @param quantity the quantity priced, the sum of the buckets' priced quantities
 * @param amount the exact amount, the sum of the buckets' amounts
 * @param buckets the buckets priced, in time order
 */
public record BucketExplanation(String model, BigDecimal quantity, Money amount, List<Bucket> buckets)
    implements Explanation {
  /**
   * Copies the buckets.
   *
   * @param model the model name
   * @param quantity the quantity
   * @param amount the amount
   * @param buckets the buckets
   */
  public BucketExplanation {
    buckets = List.copyOf(buckets);
  }

  /**
   * One bucket priced on its own.
   *
   * @param start the bucket's start
   * @param quantity the bucket's quantity before free units and the transform
   * @param priced the price's explanation of the bucket's priced quantity
   */
  public record Bucket(Instant start, BigDecimal quantity, Explanation priced) {}
}
