package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.Map;

/**
 * A succeeded payment as the provider reports it (a Stripe PaymentIntent or balance
 * transaction, a row of Razorpay's settlement report), for {@link Reconciliation}.
 *
 * @param reference the provider's payment id, not blank
 * @param amount the amount collected, not null
 * @param at when it was collected, not null
 * @param metadata the metadata/notes the request carried ({@code idempotency_key},
 *     {@code invoice_id}, {@code wallet_id}), not null
 */
public record ProviderPayment(String reference, Money amount, Instant at, Map<String, String> metadata) {
  /**
   * Validates and copies.
   *
   * @param reference see the record component
   * @param amount see the record component
   * @param at see the record component
   * @param metadata see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} naming the field
   */
  public ProviderPayment {
    if (reference == null || reference.isBlank() || amount == null || at == null || metadata == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a provider payment needs reference, amount, at"
          + " and metadata; got " + reference + ", " + amount + ", " + at);
    }
    metadata = Map.copyOf(metadata);
  }
}
