package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.util.List;
import java.util.Optional;

/**
 * SPI: where the host keeps invoices, with an idempotent insert keyed by {@link InvoiceKey}.
 *
 * <p>Contract (checked by {@code dev.billwright.testkit.invoice.InvoiceStoreContract}):
 * <ul>
 *   <li>{@link #insertIfAbsent} stores the invoice only if no invoice has its key and returns the
 *       stored one; N concurrent calls with the same key store exactly one invoice and every
 *       caller gets that same invoice (a unique index on the key in SQL, then a re-read).
 *   <li>{@link #compareAndSet} replaces an invoice only if the stored value still equals the
 *       expected one (optimistic concurrency), so two racing status changes cannot both win.
 * </ul>
 * billing-testkit has an in-memory implementation.
 */
public interface InvoiceStore {

  /**
   * Stores an invoice unless one with the same key is already stored.
   *
   * @param invoice the invoice, not null
   * @return the stored invoice: this one if it was inserted, else the one stored earlier with
   *     the same key, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if another invoice with a
   *     different key already has this id
   */
  Invoice insertIfAbsent(Invoice invoice);

  /**
   * Finds an invoice by its idempotency key.
   *
   * @param key the key, not null
   * @return the invoice, or empty
   */
  Optional<Invoice> find(InvoiceKey key);

  /**
   * Finds an invoice by id.
   *
   * @param id the id, not null
   * @return the invoice, or empty
   */
  Optional<Invoice> findById(String id);

  /**
   * Replaces a stored invoice if it still equals the expected value.
   *
   * @param expected the invoice as last read, not null
   * @param replacement the new value, with the same id and key, not null
   * @return the replacement, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if no invoice has that id,
   *     the stored invoice differs from the expected one, or the replacement changes id or key
   */
  Invoice compareAndSet(Invoice expected, Invoice replacement);

  /**
   * Lists the invoices of a customer whose period overlaps a period, ordered by period start,
   * then id.
   *
   * @param customerId the customer id, not null
   * @param period the period, not null
   * @return the invoices, never null
   */
  List<Invoice> listByCustomer(String customerId, BillingPeriod period);
}
