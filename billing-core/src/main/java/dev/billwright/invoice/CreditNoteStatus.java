package dev.billwright.invoice;

/**
 * The status of a credit note: issued, or voided (a voided credit note no longer counts against
 * what remains creditable).
 */
public enum CreditNoteStatus {
  /** Issued; counts against the invoice. */
  ISSUED,
  /** Voided; kept for the record, counts for nothing. */
  VOID
}
