package dev.billwright.memory;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.InvoiceNumberSequence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A thread-safe, in-memory {@link InvoiceNumberSequence}: one counter per series, all guarded by
 * one lock (so values of several series can be taken together). Values
 * are lost when the object is dropped; for tests and examples.
 */
public final class InMemoryInvoiceNumberSequence implements InvoiceNumberSequence {
  /** The counters per series name. */
  private final Map<String, Long> counters = new HashMap<>();

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
  public synchronized long next(String series) {
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
  synchronized <T> T nextWith(String series, LongFunction<T> use) {
    check(series);
    long value = counters.getOrDefault(series, 0L) + 1;
    T result = use.apply(value);
    counters.put(series, value);
    return result;
  }

  /**
   * Takes the next value of each listed series (a series listed n times takes its next n values,
   * in list order) only if {@code use} returns: {@code use} runs with the sequence held, and if it
   * throws no value is taken ({@link InMemoryInvoiceStore#finalizeAllWithNumbers}).
   *
   * @param series the series names, one per value wanted, not null, none blank
   * @param use what to do with the values (element i for {@code series.get(i)}), not null; must
   *     not call this sequence
   * @param <T> what {@code use} returns
   * @return what {@code use} returned
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a name is blank;
   *     whatever {@code use} throws (then no value was taken)
   */
  synchronized <T> T nextAllWith(List<String> series, Function<long[], T> use) {
    series.forEach(InMemoryInvoiceNumberSequence::check);
    Map<String, Long> last = new HashMap<>();
    long[] values = new long[series.size()];
    for (int i = 0; i < values.length; i++) {
      String name = series.get(i);
      long value = last.computeIfAbsent(name, n -> counters.getOrDefault(n, 0L)) + 1;
      last.put(name, value);
      values[i] = value;
    }
    T result = use.apply(values.clone());
    counters.putAll(last);
    return result;
  }

  private static void check(String series) {
    if (series == null || series.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "series", series, "a non-blank series name");
    }
  }
}
