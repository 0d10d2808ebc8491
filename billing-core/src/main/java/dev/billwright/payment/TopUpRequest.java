package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.Map;

/**
 * A request to collect a prepaid wallet top-up through a {@link PaymentGateway}: money that
 * becomes wallet credit once the provider confirms it (a Stripe PaymentIntent, a Razorpay order).
 *
 * @param idempotencyKey the key the gateway deduplicates on: the same key never charges twice;
 *     not blank
 * @param walletId the wallet being topped up, not blank
 * @param customerId the customer, not blank
 * @param amount the amount to collect, positive
 * @param metadata free-form data passed to the gateway, not null
 */
public record TopUpRequest(String idempotencyKey, String walletId, String customerId, Money amount,
    Map<String, String> metadata) {
  /**
   * Validates and copies.
   *
   * @param idempotencyKey the key
   * @param walletId the wallet id
   * @param customerId the customer id
   * @param amount the amount
   * @param metadata the metadata
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} or
   *     {@link ErrorCode#INVALID_VALUE} naming the field
   */
  public TopUpRequest {
    if (idempotencyKey == null || idempotencyKey.isBlank() || walletId == null || walletId.isBlank()
        || customerId == null || customerId.isBlank() || amount == null || metadata == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a top-up request needs idempotency_key,"
          + " wallet_id, customer_id, amount and metadata; got " + idempotencyKey + ", " + walletId + ", "
          + customerId + ", " + amount);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "amount", amount, "a positive amount to top up");
    }
    metadata = Map.copyOf(metadata);
  }
}
