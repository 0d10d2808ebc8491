package dev.billwright.billing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.InvoiceStore;
import java.util.Optional;

/**
 * Keeps a cycle's draft open during its grace period ({@link InvoiceWorkflow}): stores it as an
 * unclaimed draft, or replaces the stored draft when the draft assembled now (with the usage known
 * now) differs. One store write at most, by insert-if-absent or compare-and-set, so a rerun with
 * the same usage writes nothing and two racing runs leave one draft; no number is taken.
 */
final class GraceDrafts {
  private GraceDrafts() {}

  /** The draft kept, and whether this run wrote it. */
  record Kept(Invoice invoice, boolean written) {}

  /**
   * Stores or updates the held draft.
   *
   * @param store the invoice store
   * @param draft the draft assembled now, without claim metadata
   * @param stored the stored draft nobody holds, if any
   * @return the draft as stored
   */
  static Kept keep(InvoiceStore store, Invoice draft, Optional<Invoice> stored) {
    if (stored.isEmpty()) {
      Invoice inserted = store.insertIfAbsent(draft);
      return new Kept(inserted, inserted.equals(draft));
    }
    if (stored.get().equals(draft)) {
      return new Kept(stored.get(), false);
    }
    try {
      return new Kept(store.compareAndSet(stored.get(), draft), true);
    } catch (BillingException e) {
      if (e.code() != ErrorCode.INVOICE_CONFLICT) {
        throw e;
      }
      // another run updated, claimed or finalized it first: its invoice stands
      Invoice now = store.find(draft.key()).orElseThrow(() -> e);
      return new Kept(now, now.status() == InvoiceStatus.DRAFT && now.equals(draft));
    }
  }
}
