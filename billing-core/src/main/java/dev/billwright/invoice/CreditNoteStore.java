package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * Where credit notes live once issued: idempotent by credit note id, and numbered from the
 * store's own gap-free series when first stored. Under GST a credit note is a document of its
 * own, numbered in a consecutive series unique for the financial year (CGST Rule 53(1A) with
 * Rule 46(b)); the store takes the number in the same step that stores the note, so a note is
 * either stored with a number or not stored and no number is used up.
 *
 * <p>Implementations: {@code dev.billwright.memory.InMemoryCreditNoteStore} (tests and
 * examples) and {@code dev.billwright.store.jdbc.JdbcCreditNoteStore} (PostgreSQL, H2).
 * Every method is safe to call from several threads (and, for a database, several processes).
 */
public interface CreditNoteStore {
  /**
   * Stores the credit note under its id if no note has that id, numbered with the next number of
   * {@code series} (kept when the note already carries one), and returns what is stored; if a
   * note with the id is already stored, returns it unchanged and takes no number.
   *
   * @param note the credit note, not null; its number, if present, is kept
   * @param series the numbering series of the note, not null
   * @return the stored credit note (numbered), never null
   * @throws BillingException with {@link ErrorCode#INVOICE_CONFLICT} if a stored note has the
   *     id but is for another invoice
   */
  CreditNote insertIfAbsent(CreditNote note, InvoiceSeries series);

  /**
   * Finds a credit note by id.
   *
   * @param id the credit note id, not null
   * @return the stored note, or empty
   */
  Optional<CreditNote> findById(String id);

  /**
   * Lists the credit notes issued against an invoice, in the order they were stored.
   *
   * @param invoiceId the invoice id, not null
   * @return the notes, never null, empty if none
   */
  List<CreditNote> listByInvoice(String invoiceId);
}
