package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * Money returned on a succeeded {@link Payment}, usually settling a credit note.
 *
 * @param id the host's refund id, not blank
 * @param paymentId the refunded payment's id, not blank
 * @param amount the amount returned, positive
 * @param creditNoteId the credit note the refund settles, if any
 * @param at when it was made, not null
 */
public record Refund(String id, String paymentId, Money amount, Optional<String> creditNoteId, Instant at) {
  /**
   * Validates.
   *
   * @param id see the record component
   * @param paymentId see the record component
   * @param amount see the record component
   * @param creditNoteId see the record component
   * @param at see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} or
   *     {@link ErrorCode#INVALID_VALUE} naming the field
   */
  public Refund {
    if (id == null || id.isBlank() || paymentId == null || paymentId.isBlank() || amount == null
        || creditNoteId == null || at == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a refund needs id, payment_id, amount,"
          + " credit_note_id (may be empty) and at; got id=" + id + ", payment_id=" + paymentId);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "refund " + id + ".amount", amount, "a positive amount");
    }
  }
}
