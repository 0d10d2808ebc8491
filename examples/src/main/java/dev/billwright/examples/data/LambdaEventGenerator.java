package dev.billwright.examples.data;

import dev.billwright.metering.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The usage of AWS Lambda's pricing example 1 as events: a function with 512 MB of memory
 * invoked a given number of times (3 million by default) for 1 second each, over one month.
 *
 * <p>One {@code lambda.invocations} event per minute of the month (as a usage report per minute
 * would be), carrying {@code requests} (the invocations in that minute, the total split evenly by
 * largest remainder) and {@code gb_seconds} (= requests × 1 s × 512/1024 GB, exact). The sums are
 * exactly the requests asked for and half as many GB-seconds: 3,000,000 requests and
 * 1,500,000 GB-s, the figures of the example (source: AWS Lambda pricing page, "Example 1").
 */
public final class LambdaEventGenerator implements Iterator<UsageEvent> {
  private static final BigDecimal GB_PER_REQUEST_SECOND = new BigDecimal("0.5");

  private final String customer;
  private final Instant start;
  private final long[] perMinute;
  private int minute;

  /**
   * Creates the generator for the first customer of a data set.
   *
   * @param dataset the data set (month, zone, customers), not null
   * @param requests the total number of requests, at least 0
   * @throws IllegalArgumentException if requests is negative
   */
  public LambdaEventGenerator(Dataset dataset, long requests) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests must be at least 0: " + requests);
    }
    this.customer = dataset.customers().get(0).id();
    this.start = dataset.period().start();
    int minutes = Math.toIntExact(java.time.Duration.between(start, dataset.period().end()).toMinutes());
    List<Long> weights = new ArrayList<>(Collections.nCopies(minutes, 1L));
    this.perMinute = OtpEventGenerator.allocate(requests, weights);
  }

  /**
   * Returns the number of events this generator produces (one per minute of the month).
   *
   * @return the count
   */
  public long total() {
    return perMinute.length;
  }

  @Override
  public boolean hasNext() {
    return minute < perMinute.length;
  }

  @Override
  public UsageEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the month has " + perMinute.length + " minutes");
    }
    int m = minute++;
    BigDecimal requests = BigDecimal.valueOf(perMinute[m]);
    return UsageEvent.of("lambda_" + m, customer, null, "lambda.invocations", start.plusSeconds(60L * m),
        Map.of("function", "example-fn", "memory_mb", "512", "duration_ms", "1000",
            "requests", requests.toPlainString(), "gb_seconds", requests.multiply(GB_PER_REQUEST_SECOND).toPlainString()));
  }
}
