package dev.billwright.testkit.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.time.BillingPeriod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread-safe, in-memory {@link InvoiceStore}: two maps (by key and by id) guarded by one lock,
 * so an insert, a compare-and-set and a read each see one consistent state. For tests and
 * examples.
 */
public final class InMemoryInvoiceStore implements InvoiceStore {
  /** The lock guarding both maps. */
  private final Object lock = new Object();
  /** Invoice ids by key value. */
  private final Map<String, String> idsByKey = new HashMap<>();
  /** Invoices by id. */
  private final Map<String, Invoice> byId = new HashMap<>();

  /** Creates an empty store. */
  public InMemoryInvoiceStore() {}

  /**
   * Stores an invoice unless one with its key exists.
   *
   * @param invoice the invoice, not null
   * @return the stored invoice, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if another key has this id
   */
  @Override
  public Invoice insertIfAbsent(Invoice invoice) {
    Objects.requireNonNull(invoice, "invoice");
    synchronized (lock) {
      String existing = idsByKey.get(invoice.key().value());
      if (existing != null) {
        return byId.get(existing);
      }
      if (byId.containsKey(invoice.id())) {
        throw new BillingException(ErrorCode.INVOICE_CONFLICT, "invoice id " + invoice.id()
            + " is already used by key " + byId.get(invoice.id()).key() + ", not " + invoice.key());
      }
      idsByKey.put(invoice.key().value(), invoice.id());
      byId.put(invoice.id(), invoice);
      return invoice;
    }
  }

  /**
   * Finds an invoice by key.
   *
   * @param key the key, not null
   * @return the invoice, or empty
   */
  @Override
  public Optional<Invoice> find(InvoiceKey key) {
    synchronized (lock) {
      String id = idsByKey.get(key.value());
      return id == null ? Optional.empty() : Optional.of(byId.get(id));
    }
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
   *     read, or if the replacement changes id or key
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
      byId.put(replacement.id(), replacement);
      return replacement;
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
