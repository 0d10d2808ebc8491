package dev.billwright.payment.webhook;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's webhook, parsed into what the payment flow needs.
 *
 * @param eventId the provider's event id ({@code evt_...}, Razorpay's {@code X-Razorpay-Event-Id}),
 *     the key of exactly-once processing; not blank
 * @param provider the provider, such as {@code stripe} or {@code razorpay}; not blank
 * @param providerType the provider's own event name, such as {@code payment_intent.succeeded}; not blank
 * @param type the typed meaning, not null
 * @param gatewayReference the provider's payment id (or refund id for refund events), may be
 *     empty for {@link PaymentEventType#UNHANDLED}; not null
 * @param amount the amount of the payment or refund, or empty when the event carries none
 * @param occurredAt when the provider created the event, not null
 * @param failureReason the provider's failure code or message, for failures
 * @param metadata the metadata/notes the request carried ({@code invoice_id}, {@code wallet_id},
 *     {@code idempotency_key}, {@code payment_reference} for refunds), not null
 */
public record PaymentEvent(String eventId, String provider, String providerType, PaymentEventType type,
    String gatewayReference, Optional<Money> amount, Instant occurredAt, Optional<String> failureReason,
    Map<String, String> metadata) {
  /**
   * Validates and copies.
   *
   * @param eventId see the record component
   * @param provider see the record component
   * @param providerType see the record component
   * @param type see the record component
   * @param gatewayReference see the record component
   * @param amount see the record component
   * @param occurredAt see the record component
   * @param failureReason see the record component
   * @param metadata see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} naming what is missing
   */
  public PaymentEvent {
    if (eventId == null || eventId.isBlank() || provider == null || provider.isBlank() || providerType == null
        || type == null || gatewayReference == null || amount == null || occurredAt == null
        || failureReason == null || metadata == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a payment event needs event_id, provider,"
          + " provider_type, type, gateway_reference, amount (may be empty), occurred_at, failure_reason (may be"
          + " empty) and metadata; got event_id=" + eventId + ", provider=" + provider + ", type=" + type);
    }
    metadata = Map.copyOf(metadata);
  }

  /**
   * Returns the invoice the event is about, from the {@code invoice_id} metadata.
   *
   * @return the invoice id, or empty
   */
  public Optional<String> invoiceId() {
    return Optional.ofNullable(metadata.get("invoice_id"));
  }

  /**
   * Returns the wallet the event is about (a top-up), from the {@code wallet_id} metadata.
   *
   * @return the wallet id, or empty
   */
  public Optional<String> walletId() {
    return Optional.ofNullable(metadata.get("wallet_id"));
  }
}
