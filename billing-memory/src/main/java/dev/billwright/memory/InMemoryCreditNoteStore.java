package dev.billwright.memory;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread-safe, in-memory {@link CreditNoteStore} numbering from its own
 * {@link InMemoryInvoiceNumberSequence} (or one given), for tests and examples.
 */
public final class InMemoryCreditNoteStore implements CreditNoteStore {
  private final Object lock = new Object();
  private final Map<String, CreditNote> byId = new LinkedHashMap<>();
  private final InvoiceNumberSequence numbers;

  /** Creates an empty store with its own number sequence. */
  public InMemoryCreditNoteStore() {
    this(new InMemoryInvoiceNumberSequence());
  }

  /**
   * Creates an empty store numbering from a given sequence.
   *
   * @param numbers the sequence, not null
   */
  public InMemoryCreditNoteStore(InvoiceNumberSequence numbers) {
    this.numbers = Objects.requireNonNull(numbers, "numbers");
  }

  @Override
  public CreditNote insertIfAbsent(CreditNote note, InvoiceSeries series) {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(series, "series");
    synchronized (lock) {
      CreditNote existing = byId.get(note.id());
      if (existing != null) {
        if (!existing.invoiceId().equals(note.invoiceId())) {
          throw new BillingException(ErrorCode.INVOICE_CONFLICT, "credit note id " + note.id()
              + " is already used for invoice " + existing.invoiceId() + ", not " + note.invoiceId());
        }
        return existing;
      }
      CreditNote numbered = note.number().isPresent() ? note : note.withNumber(numbers.nextNumber(series));
      byId.put(note.id(), numbered);
      return numbered;
    }
  }

  @Override
  public Optional<CreditNote> findById(String id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public List<CreditNote> listByInvoice(String invoiceId) {
    List<CreditNote> out = new ArrayList<>();
    synchronized (lock) {
      for (CreditNote n : byId.values()) {
        if (n.invoiceId().equals(invoiceId)) {
          out.add(n);
        }
      }
    }
    return out;
  }
}
