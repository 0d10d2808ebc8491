package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.util.List;
import java.util.Optional;

/**
 * SPI: where the host keeps invoices, with an idempotent insert keyed by {@link InvoiceKey}.
 *
 * <p>An invoice is <em>live</em> unless its status is {@link InvoiceStatus#VOID}. A key has at
 * most one live invoice; voiding it frees the key, so the period can be billed again by a new
 * invoice (a new id and a new number), while the void invoice stays in the store for the record
 * (its number is never reused). Contract (checked by
 * {@code dev.billwright.testkit.invoice.InvoiceStoreContract}):
 * <ul>
 *   <li>{@link #insertIfAbsent} stores the invoice only if no <em>live</em> invoice has its key
 *       and returns the stored one; N concurrent calls with the same key store exactly one
 *       invoice and every caller gets that same invoice (in SQL: a unique index on the key over
 *       the rows not void, a partial index, then a re-read).
 *   <li>{@link #find} returns the live invoice of a key; {@link #findAllByKey} every invoice of
 *       the key, void ones included; {@link #findById} and {@link #listByCustomer} see void
 *       invoices too.
 *   <li>{@link #compareAndSet} replaces an invoice only if the stored value still equals the
 *       expected one (optimistic concurrency), so two racing status changes cannot both win; a
 *       replacement that is void frees the key.
 *   <li>Ids are unique over all stored invoices, void ones included.
 * </ul>
 * billing-memory has an in-memory implementation.
 */
public interface InvoiceStore {

  /**
   * Stores an invoice unless a live (not void) invoice with the same key is already stored.
   *
   * @param invoice the invoice, not null
   * @return the stored invoice: this one if it was inserted, else the live one stored earlier
   *     with the same key, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if no live invoice has the
   *     key and a stored invoice (of another key, or a void one of this key) already has this id
   */
  Invoice insertIfAbsent(Invoice invoice);

  /**
   * Finds the live (not void) invoice of an idempotency key.
   *
   * @param key the key, not null
   * @return the live invoice, or empty if the key has none (never billed, or its invoices void)
   */
  Optional<Invoice> find(InvoiceKey key);

  /**
   * Lists every invoice stored under an idempotency key, void ones included: the history of a
   * period billed, voided and billed again.
   *
   * @param key the key, not null
   * @return the invoices in the order they were inserted (the live one, if any, last), never
   *     null, empty if the key was never billed
   */
  List<Invoice> findAllByKey(InvoiceKey key);

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
