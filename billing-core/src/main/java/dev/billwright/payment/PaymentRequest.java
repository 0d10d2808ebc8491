package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.Map;

/**
 * A request to collect an invoice's amount due through a {@link PaymentGateway}.
 *
 * @param idempotencyKey the key the gateway deduplicates on (Stripe's {@code Idempotency-Key},
 *     Razorpay's receipt): the same key never charges twice; not blank
 * @param invoiceId the invoice being paid, not blank
 * @param customerId the customer, not blank
 * @param amount the amount to collect, positive
 * @param metadata free-form data passed to the gateway, not null
 */
public record PaymentRequest(String idempotencyKey, String invoiceId, String customerId, Money amount,
    Map<String, String> metadata) {
  /**
   * Validates and copies.
   *
   * @param idempotencyKey the key
   * @param invoiceId the invoice id
   * @param customerId the customer id
   * @param amount the amount
   * @param metadata the metadata
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} or
   *     {@link ErrorCode#INVALID_VALUE} naming the field
   */
  public PaymentRequest {
    if (idempotencyKey == null || idempotencyKey.isBlank() || invoiceId == null || invoiceId.isBlank()
        || customerId == null || customerId.isBlank() || amount == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a payment request needs idempotency_key,"
          + " invoice_id, customer_id and amount; got " + idempotencyKey + ", " + invoiceId + ", " + customerId
          + ", " + amount);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "a positive amount to collect");
    }
    metadata = Map.copyOf(metadata);
  }
}
