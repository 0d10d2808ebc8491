package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
 *   <li>If {@link #sharesTransactionWith} a number sequence, {@link #finalizeWithNumber} takes
 *       the number and stores the finalized invoice in one transaction: both happen or neither
 *       (a process killed between the steps, or a failing step, takes no number).
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
   * Stores several invoices, each unless a live invoice with its key is stored (or comes earlier
   * in the list): the result of calling {@link #insertIfAbsent} for each in order. A store over
   * a database does it in one transaction, whole or not at all (the default calls
   * {@code insertIfAbsent} once per invoice: a conflict leaves the earlier ones stored).
   *
   * @param invoices the invoices, not null, no null elements
   * @return the stored invoice for each, in the same order, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} as for {@link #insertIfAbsent}
   */
  default List<Invoice> insertAllIfAbsent(List<Invoice> invoices) {
    List<Invoice> out = new java.util.ArrayList<>(invoices.size());
    for (Invoice invoice : invoices) {
      out.add(insertIfAbsent(invoice));
    }
    return out;
  }

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
   * Lists every invoice stored under each of several keys, void ones included: {@link
   * #findAllByKey} for each key, in one read where the store can (a database: one query). A bill
   * run reads the keys of a chunk of subscriptions with it before billing them.
   *
   * @param keys the keys, not null, no null elements
   * @return for each key that has invoices, the invoices in the order they were inserted; keys
   *     never billed are absent; never null
   */
  default java.util.Map<InvoiceKey, List<Invoice>> findAllByKeys(java.util.Collection<InvoiceKey> keys) {
    java.util.Map<InvoiceKey, List<Invoice>> out = new java.util.HashMap<>();
    for (InvoiceKey key : keys) {
      List<Invoice> all = findAllByKey(key);
      if (!all.isEmpty()) {
        out.put(key, all);
      }
    }
    return out;
  }

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

  /**
   * Whether {@link #finalizeWithNumber} takes numbers from this sequence in the transaction that
   * stores the finalized invoice (the sequence and this store are one database, or one in-memory
   * unit). The default is false: the store knows no sequence.
   *
   * @param numbers the number sequence, not null
   * @return true if {@code finalizeWithNumber(expected, numbers, ...)} is all-or-nothing
   */
  default boolean sharesTransactionWith(InvoiceNumberSequence numbers) {
    return false;
  }

  /**
   * Takes the next number of a series and replaces a stored invoice by the invoice finalized
   * with it, if the stored one still equals the expected one (as {@link #compareAndSet}).
   * When {@link #sharesTransactionWith sharesTransactionWith(numbers)} is true this is one
   * transaction: if it throws, or the process dies before it returns, no number was taken (the
   * series stays gap-free, CGST Rule 46(b)). The default takes the number, then compares and
   * sets: two steps, a failure between them loses the number.
   *
   * @param expected the invoice as last read (a draft), not null
   * @param numbers where the number comes from, not null
   * @param series the series, not null
   * @param finalized builds the replacement from the formatted number (for example
   *     {@code INV/26-27/000001}); pure, with the same id and key as {@code expected}, not null
   * @return the stored replacement, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} as for {@link #compareAndSet}
   *     (then no number was taken if the store shares a transaction with {@code numbers}); as for
   *     {@link InvoiceNumberSequence#nextNumber} and whatever {@code finalized} throws
   */
  default Invoice finalizeWithNumber(Invoice expected, InvoiceNumberSequence numbers, InvoiceSeries series,
      Function<String, Invoice> finalized) {
    return compareAndSet(expected, finalized.apply(numbers.nextNumber(series)));
  }

  /**
   * One draft to finalize in {@link #finalizeAllWithNumbers}.
   *
   * @param expected the invoice as last read (a draft), not null
   * @param series the series its number comes from, not null
   * @param finalized builds the replacement from the formatted number; pure, with the same id
   *     and key as {@code expected}, not null
   */
  record Finalization(Invoice expected, InvoiceSeries series, Function<String, Invoice> finalized) {
    /**
     * Checks the parts.
     *
     * @param expected the invoice as last read (a draft), not null
     * @param series the series its number comes from, not null
     * @param finalized builds the replacement from the formatted number, not null
     * @throws NullPointerException if a part is null
     */
    public Finalization {
      java.util.Objects.requireNonNull(expected, "expected");
      java.util.Objects.requireNonNull(series, "series");
      java.util.Objects.requireNonNull(finalized, "finalized");
    }
  }

  /**
   * {@link #finalizeWithNumber} for several drafts: each takes the next number of its series, in
   * list order (so numbers follow the list within each series), and is replaced by its
   * finalized invoice. When {@link #sharesTransactionWith sharesTransactionWith(numbers)} is
   * true a store over a database does it in one transaction: all finalized, or (it throws, or
   * the process dies) none and no number taken. The default calls {@code finalizeWithNumber}
   * once per draft: a failure leaves the earlier ones finalized.
   *
   * @param finalizations the drafts, not null, no null elements, each id at most once
   * @param numbers where the numbers come from, not null
   * @return the stored replacements, in the same order, never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if a stored invoice is not
   *     its {@code expected} (then none is finalized and no number taken, on a store that shares
   *     a transaction with {@code numbers} and overrides this method); as for
   *     {@link #finalizeWithNumber}
   */
  default List<Invoice> finalizeAllWithNumbers(List<Finalization> finalizations, InvoiceNumberSequence numbers) {
    List<Invoice> out = new java.util.ArrayList<>(finalizations.size());
    for (Finalization f : finalizations) {
      out.add(finalizeWithNumber(f.expected(), numbers, f.series(), f.finalized()));
    }
    return out;
  }
}
