package dev.billwright.memory;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.InvoiceNumberSequence;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe, in-memory {@link InvoiceNumberSequence}: one atomic counter per series. Values
 * are lost when the object is dropped; for tests and examples.
 */
public final class InMemoryInvoiceNumberSequence implements InvoiceNumberSequence {
  /** The counters per series name. */
  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

  /** Creates an empty sequence (every series starts at 1). */
  public InMemoryInvoiceNumberSequence() {}

  /**
   * Takes the next value of a series.
   *
   * @param series the series name, not blank
   * @return the next value, 1 first
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the name is blank
   */
  @Override
  public long next(String series) {
    if (series == null || series.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "series", series, "a non-blank series name");
    }
    return counters.computeIfAbsent(series, s -> new AtomicLong()).incrementAndGet();
  }
}
