package dev.billwright.billing;

import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.money.Money;
import java.util.List;
import java.util.Optional;

/**
 * The correction of an invoiced period after late usage: what the period's usage lines were
 * billed, what they are worth re-rated, and the documents that settle the difference — an
 * adjustment invoice for increases, a credit note against the original invoice for decreases.
 * Both are empty when nothing changed.
 *
 * @param deltas one entry per usage line whose amount changed, in line order
 * @param adjustmentInvoice the draft adjustment invoice for the increases, if any
 * @param creditNote the credit note for the decreases, if any
 */
public record Correction(List<LineDelta> deltas, Optional<Invoice> adjustmentInvoice, Optional<CreditNote> creditNote) {
  /**
   * Copies the list.
   *
   * @param deltas the deltas
   * @param adjustmentInvoice the adjustment invoice
   * @param creditNote the credit note
   */
  public Correction {
    deltas = List.copyOf(deltas);
  }

  /**
   * Returns whether the re-rated period equals what was billed: no document to issue.
   *
   * @return true if nothing changed
   */
  public boolean isEmpty() {
    return deltas.isEmpty();
  }

  /**
   * The change of one line.
   *
   * @param lineId the id of the original invoice's line (or of the new line, when late usage
   *     creates a group that was not billed)
   * @param billed what was billed so far for it (taxable: original plus adjustments minus credits)
   * @param rerated what it is worth re-rated with every event known now (taxable)
   */
  public record LineDelta(String lineId, Money billed, Money rerated) {
    /**
     * Returns the difference, re-rated minus billed: positive to charge, negative to credit.
     *
     * @return the difference
     */
    public Money difference() {
      return rerated.minus(billed);
    }
  }
}
