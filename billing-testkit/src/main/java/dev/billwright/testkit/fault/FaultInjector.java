package dev.billwright.testkit.fault;

import dev.billwright.rating.UsageSource;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.time.BillingPeriod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Fails chosen calls, once each: every call through one of its wrappers ({@link #store},
 * {@link #numbers}, {@link #usage}, {@link #function}) gets the next ordinal (1, 2, 3… across all
 * wrappers, in call order), and a call whose ordinal was chosen throws an {@link InjectedFailure}
 * instead of (mode {@link Mode#BEFORE}: the call has no effect) or after (mode
 * {@link Mode#AFTER}, for an invoice store's writes only: the write is applied, then reported
 * as failed, as a store that times out after committing) reaching the wrapped object. Each
 * injected failure is recorded ({@link #injected()}), with a message unique to it. Thread-safe;
 * with one thread the ordinals, and so the failures, are deterministic.
 */
public final class FaultInjector {
  /** When an injected failure is thrown. */
  public enum Mode {
    /** Instead of the call: the wrapped object is not called. */
    BEFORE,
    /** After an invoice store's write has been applied (other calls fail {@link #BEFORE}). */
    AFTER
  }

  /**
   * The exception an injected failure throws: an unchecked exception that is not a
   * {@code BillingException}, as a host's store or driver would throw.
   */
  public static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message the message, unique to the failure
     */
    public InjectedFailure(String message) {
      super(message);
    }
  }

  /**
   * A failure that was injected.
   *
   * @param ordinal the call's ordinal, 1 or more
   * @param call the call, such as {@code store.compareAndSet}
   * @param mode whether the call had no effect ({@link Mode#BEFORE}) or was applied
   * @param message the exception's message, unique to this failure
   */
  public record Injected(long ordinal, String call, Mode mode, String message) {}

  private final Map<Long, Mode> faults;
  private final List<Injected> injected = new ArrayList<>();
  private long calls;

  /**
   * Creates an injector failing the calls with the given ordinals.
   *
   * @param faults the ordinals (1 or more) of the calls to fail, with the mode of each, not null
   * @throws IllegalArgumentException if an ordinal is below 1
   */
  public FaultInjector(Map<Long, Mode> faults) {
    for (Map.Entry<Long, Mode> e : faults.entrySet()) {
      if (e.getKey() < 1) {
        throw new IllegalArgumentException("call ordinals start at 1, got " + e.getKey());
      }
      Objects.requireNonNull(e.getValue(), "mode");
    }
    this.faults = new TreeMap<>(faults);
  }

  /**
   * An injector that fails nothing and only counts calls ({@link #calls()}).
   *
   * @return the injector, never null
   */
  public static FaultInjector none() {
    return new FaultInjector(Map.of());
  }

  /**
   * An injector failing the given calls before they take effect.
   *
   * @param ordinals the ordinals (1 or more) of the calls to fail, not null
   * @return the injector, never null
   * @throws IllegalArgumentException if an ordinal is below 1
   */
  public static FaultInjector failing(Set<Long> ordinals) {
    Map<Long, Mode> m = new TreeMap<>();
    ordinals.forEach(o -> m.put(o, Mode.BEFORE));
    return new FaultInjector(m);
  }

  /**
   * Returns the number of calls made through the wrappers so far.
   *
   * @return the count, 0 or more
   */
  public synchronized long calls() {
    return calls;
  }

  /**
   * Returns the failures injected so far, in order.
   *
   * @return a copy, never null
   */
  public synchronized List<Injected> injected() {
    return List.copyOf(injected);
  }

  /**
   * Counts a call and returns the failure to throw after it, or null.
   *
   * @param call the call's name
   * @param write whether the call is an invoice store write (may fail {@link Mode#AFTER})
   * @return the failure to throw once the call is applied, or null
   * @throws InjectedFailure if the call fails before taking effect
   */
  private @Nullable Injected count(String call, boolean write) {
    Injected failure;
    synchronized (this) {
      long ordinal = ++calls;
      Mode mode = faults.get(ordinal);
      if (mode == null) {
        return null;
      }
      Mode effective = write ? mode : Mode.BEFORE;
      failure = new Injected(ordinal, call, effective, "injected failure #" + ordinal + " in " + call
          + (effective == Mode.AFTER ? " (after the write was applied)" : ""));
      injected.add(failure);
    }
    if (failure.mode() == Mode.BEFORE) {
      throw new InjectedFailure(failure.message());
    }
    return failure;
  }

  /** Runs a write, failing it before or after as chosen. */
  private <T> T write(String call, java.util.function.Supplier<T> action) {
    Injected after = count(call, true);
    T result = action.get();
    if (after != null) {
      throw new InjectedFailure(after.message());
    }
    return result;
  }

  /**
   * Wraps an invoice store: each of its six calls counts and may fail.
   *
   * @param delegate the store, not null
   * @return the failing store, never null
   */
  public InvoiceStore store(InvoiceStore delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return new InvoiceStore() {
      @Override
      public Invoice insertIfAbsent(Invoice invoice) {
        return write("store.insertIfAbsent", () -> delegate.insertIfAbsent(invoice));
      }

      @Override
      public Optional<Invoice> find(InvoiceKey key) {
        count("store.find", false);
        return delegate.find(key);
      }

      @Override
      public Optional<Invoice> findById(String id) {
        count("store.findById", false);
        return delegate.findById(id);
      }

      @Override
      public List<Invoice> findAllByKey(InvoiceKey key) {
        count("store.findAllByKey", false);
        return delegate.findAllByKey(key);
      }

      @Override
      public Invoice compareAndSet(Invoice expected, Invoice replacement) {
        return write("store.compareAndSet", () -> delegate.compareAndSet(expected, replacement));
      }

      @Override
      public List<Invoice> listByCustomer(String customerId, BillingPeriod period) {
        count("store.listByCustomer", false);
        return delegate.listByCustomer(customerId, period);
      }
    };
  }

  /**
   * Wraps an invoice number sequence: each {@code next} counts and may fail, always before a
   * value is taken (the sequence's contract: a failed call takes no value).
   *
   * @param delegate the sequence, not null
   * @return the failing sequence, never null
   */
  public InvoiceNumberSequence numbers(InvoiceNumberSequence delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return series -> {
      count("numbers.next", false);
      return delegate.next(series);
    };
  }

  /**
   * Wraps a usage source: each call for a window's usage counts and may fail; its unclaimed
   * report is the delegate's.
   *
   * @param delegate the source, not null
   * @return the failing source, never null
   */
  public UsageSource usage(UsageSource delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return new UsageSource() {
      @Override
      public dev.billwright.rating.PeriodUsage usage(dev.billwright.subscription.Subscription subscription,
          dev.billwright.rating.UsageWindow window) {
        count("usage", false);
        return delegate.usage(subscription, window);
      }

      @Override
      public dev.billwright.rating.UnclaimedUsage unclaimed() {
        return delegate.unclaimed();
      }
    };
  }

  /**
   * Wraps a function, such as a bill run request's tax, coupons, series or credits hook: each
   * call counts and may fail (before the function is called).
   *
   * @param <A> the argument type
   * @param <R> the result type
   * @param name the name in failure messages, such as {@code credits}, not null
   * @param delegate the function, not null
   * @return the failing function, never null
   */
  public <A, R> Function<A, R> function(String name, Function<A, R> delegate) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(delegate, "delegate");
    return a -> {
      count(name, false);
      return delegate.apply(a);
    };
  }
}
