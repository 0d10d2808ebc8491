package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.Map;
import java.util.Optional;

/**
 * A request to refund (part of) a collected payment, usually because a credit note was issued
 * against the paid invoice.
 *
 * @param idempotencyKey the key the gateway deduplicates on (Stripe's {@code Idempotency-Key},
 *     Razorpay's refund {@code receipt}): the same key never refunds twice; not blank
 * @param gatewayReference the provider's id of the payment to refund (a PaymentIntent id, a
 *     Razorpay payment id), not blank
 * @param amount the amount to refund, positive, at most what remains refundable
 * @param creditNoteId the credit note the refund settles, when there is one
 * @param metadata free-form data passed to the gateway, not null
 */
public record RefundRequest(String idempotencyKey, String gatewayReference, Money amount,
    Optional<String> creditNoteId, Map<String, String> metadata) {
  /**
   * Validates and copies.
   *
   * @param idempotencyKey the key
   * @param gatewayReference the payment's provider id
   * @param amount the amount
   * @param creditNoteId the credit note id, or empty
   * @param metadata the metadata
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} or
   *     {@link ErrorCode#INVALID_VALUE} naming the field
   */
  public RefundRequest {
    if (idempotencyKey == null || idempotencyKey.isBlank() || gatewayReference == null
        || gatewayReference.isBlank() || amount == null || creditNoteId == null || metadata == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a refund request needs idempotency_key,"
          + " gateway_reference, amount, credit_note_id (may be empty) and metadata; got " + idempotencyKey
          + ", " + gatewayReference + ", " + amount);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "a positive amount to refund");
    }
    metadata = Map.copyOf(metadata);
  }
}
