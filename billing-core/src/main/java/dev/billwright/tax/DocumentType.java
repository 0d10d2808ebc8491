package dev.billwright.tax;

/**
 * The kind of document tax is calculated for.
 *
 * <p>A credit note reduces, and a debit note increases, the value or tax of an earlier invoice
 * (for Indian GST: CGST Act s.34). Both carry the original invoice's {@link TaxResult} in
 * {@link TaxRequest#original()} so rates are reused, never looked up again.
 */
public enum DocumentType {
  /** A tax invoice. */
  INVOICE,
  /** A credit note against an earlier invoice; amounts are positive and reduce the invoice. */
  CREDIT_NOTE,
  /** A debit note against an earlier invoice; amounts are positive and add to the invoice. */
  DEBIT_NOTE
}
