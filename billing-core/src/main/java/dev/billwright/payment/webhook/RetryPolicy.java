package dev.billwright.payment.webhook;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Duration;

/**
 * How often a failing webhook handler is retried: exponential backoff, the delay before retry
 * {@code n} (1-based) being {@code min(maxDelay, initialDelay × multiplier^(n−1))}, and after
 * {@code maxAttempts} failed attempts the event goes to the dead-letter store.
 *
 * @param maxAttempts attempts in all, including the first, at least 1
 * @param initialDelay the delay before the first retry, positive
 * @param multiplier the growth factor of each further delay, at least 1
 * @param maxDelay the cap on any delay, at least initialDelay
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, int multiplier, Duration maxDelay) {
  /** The default: 5 attempts, first retry after 1 minute, doubling, at most 1 hour apart. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMinutes(1), 2, Duration.ofHours(1));

  /**
   * Validates.
   *
   * @param maxAttempts see the record component
   * @param initialDelay see the record component
   * @param multiplier see the record component
   * @param maxDelay see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the bad field
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "max_attempts", maxAttempts, "at least 1");
    }
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "initial_delay", initialDelay, "a positive duration");
    }
    if (multiplier < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "multiplier", multiplier, "at least 1");
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "max_delay", maxDelay, "at least initial_delay "
          + initialDelay);
    }
  }

  /**
   * Returns the delay before a retry.
   *
   * @param retry the retry number, 1 for the first retry (after the first failed attempt)
   * @return the delay, between initialDelay and maxDelay
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if retry is below 1
   */
  public Duration delayBefore(int retry) {
    if (retry < 1) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "retry", retry, "1 or more");
    }
    Duration d = initialDelay;
    for (int i = 1; i < retry && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(multiplier);
    }
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }
}
