package dev.billwright.memory;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.InvoiceNumberSequence;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * A thread-safe, in-memory {@link InvoiceNumberSequence}: one counter per series, updated
 * atomically per series. Values
 * are lost when the object is dropped; for tests and examples.
 */
public final class InMemoryInvoiceNumberSequence implements InvoiceNumberSequence {
  /** The counters per series name. */
  private final ConcurrentHashMap<String, Long> counters = new ConcurrentHashMap<>();

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
    check(series);
    return counters.merge(series, 1L, Long::sum);
  }

  /**
   * Takes the next value of a series only if {@code use} returns: {@code use} runs with the
   * series held (no other caller takes a value of it meanwhile), and if it throws the series
   * keeps its value, so the number is not taken ({@link InMemoryInvoiceStore#finalizeWithNumber}).
   *
   * @param series the series name, not blank
   * @param use what to do with the value (store the invoice that carries it), not null; must not
   *     call this sequence
   * @param <T> what {@code use} returns
   * @return what {@code use} returned
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the name is blank;
   *     whatever {@code use} throws (then no value was taken)
   */
  <T> T nextWith(String series, LongFunction<T> use) {
    check(series);
    Object[] out = new Object[1];
    counters.compute(series, (s, last) -> {
      long value = (last == null ? 0L : last) + 1;
      out[0] = use.apply(value);
      return value;
    });
    @SuppressWarnings("unchecked")
    T result = (T) out[0];
    return result;
  }

  private static void check(String series) {
    if (series == null || series.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "series", series, "a non-blank series name");
    }
  }
}
