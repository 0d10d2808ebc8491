package dev.billwright.invoice;

/**
 * Why a credit note was issued; the same reasons as Lago's credit notes
 * ({@code app/models/credit_note.rb}).
 */
public enum CreditNoteReason {
  /** The charge was billed twice. */
  DUPLICATED_CHARGE,
  /** The customer was not satisfied with the product. */
  PRODUCT_UNSATISFACTORY,
  /** The order changed (for example a downgrade). */
  ORDER_CHANGE,
  /** The order was cancelled (for example unused time after a cancellation). */
  ORDER_CANCELLATION,
  /** The charge was fraudulent. */
  FRAUDULENT_CHARGE,
  /** Any other reason; explain it in the text. */
  OTHER
}
