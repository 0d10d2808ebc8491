package dev.billwright.memory;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.time.BillingPeriod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A thread-safe, in-memory {@link InvoiceStore}: two maps (the ids of each key in insertion
 * order, and invoices by id) guarded by one lock, so an insert, a compare-and-set and a read each
 * see one consistent state. A key's live invoice is its one invoice that is not
 * {@link InvoiceStatus#VOID}. For tests and examples.
 */
public final class InMemoryInvoiceStore implements InvoiceStore {
  /** The lock guarding both maps. */
  private final Object lock = new Object();
  /** The ids of every invoice of a key (void ones included), in insertion order, by key value. */
  private final Map<String, List<String>> idsByKey = new HashMap<>();
  /** Invoices by id. */
  private final Map<String, Invoice> byId = new HashMap<>();

  /** Creates an empty store. */
  public InMemoryInvoiceStore() {}

  /**
   * Stores an invoice unless a live invoice with its key exists.
   *
   * @param invoice the invoice, not null
   * @return the stored invoice, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if another stored invoice
   *     (of another key, or a void one of this key) has this id
   */
  @Override
  public Invoice insertIfAbsent(Invoice invoice) {
    Objects.requireNonNull(invoice, "invoice");
    synchronized (lock) {
      Optional<Invoice> live = live(invoice.key());
      if (live.isPresent()) {
        return live.get();
      }
      if (byId.containsKey(invoice.id())) {
        Invoice other = byId.get(invoice.id());
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice id " + invoice.id()
            + " is already used by " + (other.status() == InvoiceStatus.VOID ? "the void invoice of key " : "key ")
            + other.key() + "; a new invoice of key " + invoice.key() + " needs a new id");
      }
      idsByKey.computeIfAbsent(invoice.key().value(), k -> new ArrayList<>()).add(invoice.id());
      byId.put(invoice.id(), invoice);
      return invoice;
    }
  }

  /**
   * Finds the live (not void) invoice of a key.
   *
   * @param key the key, not null
   * @return the invoice, or empty
   */
  @Override
  public Optional<Invoice> find(InvoiceKey key) {
    synchronized (lock) {
      return live(key);
    }
  }

  /**
   * Lists every invoice of a key, void ones included.
   *
   * @param key the key, not null
   * @return the invoices in insertion order, never null
   */
  @Override
  public List<Invoice> findAllByKey(InvoiceKey key) {
    synchronized (lock) {
      List<Invoice> out = new ArrayList<>();
      for (String id : idsByKey.getOrDefault(key.value(), List.of())) {
        out.add(byId.get(id));
      }
      return out;
    }
  }

  /** The live invoice of a key; the caller holds the lock. */
  private Optional<Invoice> live(InvoiceKey key) {
    for (String id : idsByKey.getOrDefault(key.value(), List.of())) {
      Invoice invoice = byId.get(id);
      if (invoice.status() != InvoiceStatus.VOID) {
        return Optional.of(invoice);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds an invoice by id.
   *
   * @param id the id, not null
   * @return the invoice, or empty
   */
  @Override
  public Optional<Invoice> findById(String id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  /**
   * Replaces an invoice if it still equals the expected value.
   *
   * @param expected the invoice as last read, not null
   * @param replacement the new value, same id and key, not null
   * @return the replacement, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if missing, changed since
   *     read, if the replacement changes id or key, or if it would make a void invoice live
   *     again while its key has another live invoice
   */
  @Override
  public Invoice compareAndSet(Invoice expected, Invoice replacement) {
    if (!expected.id().equals(replacement.id()) || !expected.key().equals(replacement.key())) {
      throw new BillingException(ErrorCode.INVOICE_CONFLICT, "a replacement keeps the id and key of invoice "
          + expected.id() + "; got id " + replacement.id() + ", key " + replacement.key());
    }
    synchronized (lock) {
      Invoice current = byId.get(expected.id());
      if (current == null || !current.equals(expected)) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + expected.id()
            + (current == null ? " is not in the store" : " changed since it was read (now " + current.status() + ")"));
      }
      if (current.status() == InvoiceStatus.VOID && replacement.status() != InvoiceStatus.VOID
          && live(current.key()).isPresent()) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + expected.id() + " is void and key "
            + current.key() + " has another live invoice, " + live(current.key()).get().id());
      }
      byId.put(replacement.id(), replacement);
      return replacement;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @return true for an {@link InMemoryInvoiceNumberSequence}
   */
  @Override
  public boolean sharesTransactionWith(InvoiceNumberSequence numbers) {
    return numbers instanceof InMemoryInvoiceNumberSequence;
  }

  /**
   * {@inheritDoc}
   *
   * <p>With an {@link InMemoryInvoiceNumberSequence}: under this store's lock, the stored invoice
   * is compared with {@code expected}, then the number is taken and the replacement stored
   * together; if the comparison, the series' format or {@code finalized} fails, the sequence
   * keeps its value (no number taken). With another sequence: the two-step default.
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} as for
   *     {@link #compareAndSet} (no number taken)
   */
  @Override
  public Invoice finalizeWithNumber(Invoice expected, InvoiceNumberSequence numbers, InvoiceSeries series,
      Function<String, Invoice> finalized) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(finalized, "finalized");
    if (!(numbers instanceof InMemoryInvoiceNumberSequence sequence)) {
      return InvoiceStore.super.finalizeWithNumber(expected, numbers, series, finalized);
    }
    synchronized (lock) {
      checkStillDraft(expected);
      return sequence.nextWith(series.name(), value -> {
        Invoice replacement = finalized.apply(series.format(value));
        if (!expected.id().equals(replacement.id()) || !expected.key().equals(replacement.key())) {
          throw new BillingException(ErrorCode.INVOICE_CONFLICT, "a replacement keeps the id and key of invoice "
              + expected.id() + "; got id " + replacement.id() + ", key " + replacement.key() + "; no number was taken");
        }
        byId.put(replacement.id(), replacement);
        return replacement;
      });
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>With an {@link InMemoryInvoiceNumberSequence}: all or nothing under this store's lock.
   * Every stored invoice is compared with its {@code expected}, then, with the sequence held,
   * every replacement is built from the next numbers of its series (in list order) and all are
   * stored together. If a comparison, a series' format or a {@code finalized} function fails,
   * nothing is stored and no number taken. With another
   * sequence: the one-by-one default.
   *
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if a stored invoice is not its
   *     {@code expected}, or a replacement changes its id or key (nothing finalized, no number
   *     taken); {@link ErrorCode#INVALID_VALUE} if an id occurs twice
   */
  @Override
  public List<Invoice> finalizeAllWithNumbers(List<Finalization> finalizations, InvoiceNumberSequence numbers) {
    Objects.requireNonNull(finalizations, "finalizations");
    Objects.requireNonNull(numbers, "numbers");
    if (!(numbers instanceof InMemoryInvoiceNumberSequence sequence)) {
      return InvoiceStore.super.finalizeAllWithNumbers(finalizations, numbers);
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Finalization f : finalizations) {
      Objects.requireNonNull(f, "finalizations[]");
      if (!ids.add(f.expected().id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "finalizations[].expected.id", f.expected().id(),
            "each invoice at most once");
      }
    }
    synchronized (lock) {
      for (Finalization f : finalizations) {
        checkStillDraft(f.expected());
      }
      List<String> series = finalizations.stream().map(f -> f.series().name()).toList();
      List<Invoice> replacements = sequence.nextAllWith(series, values -> {
        List<Invoice> out = new ArrayList<>(finalizations.size());
        for (int i = 0; i < values.length; i++) {
          Finalization f = finalizations.get(i);
          Invoice replacement = f.finalized().apply(f.series().format(values[i]));
          if (!f.expected().id().equals(replacement.id()) || !f.expected().key().equals(replacement.key())) {
            throw new BillingException(ErrorCode.INVOICE_CONFLICT, "a replacement keeps the id and key of invoice "
                + f.expected().id() + "; got id " + replacement.id() + ", key " + replacement.key()
                + "; no number was taken");
          }
          out.add(replacement);
        }
        out.forEach(r -> byId.put(r.id(), r));
        return List.copyOf(out);
      });
      return replacements;
    }
  }

  /** Throws unless the stored invoice is {@code expected} and not void; the caller holds the lock. */
  private void checkStillDraft(Invoice expected) {
    Invoice current = byId.get(expected.id());
    if (current == null || !current.equals(expected) || current.status() == InvoiceStatus.VOID) {
      throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice " + expected.id()
          + (current == null ? " is not in the store" : current.equals(expected) ? " is void"
              : " changed since it was read (now " + current.status() + ")") + "; no number was taken");
    }
  }

  /**
   * Lists a customer's invoices overlapping a period.
   *
   * @param customerId the customer id, not null
   * @param period the period, not null
   * @return the invoices by period start then id, never null
   */
  @Override
  public List<Invoice> listByCustomer(String customerId, BillingPeriod period) {
    List<Invoice> result = new ArrayList<>();
    synchronized (lock) {
      for (Invoice invoice : byId.values()) {
        if (invoice.customerId().equals(customerId) && invoice.period().overlaps(period)) {
          result.add(invoice);
        }
      }
    }
    result.sort(Comparator.comparing((Invoice i) -> i.period().start()).thenComparing(Invoice::id));
    return result;
  }
}
