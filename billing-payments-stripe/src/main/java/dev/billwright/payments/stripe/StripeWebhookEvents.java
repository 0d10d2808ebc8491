package dev.billwright.payments.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.payment.MinorUnits;
import dev.billwright.payment.webhook.PaymentEvent;
import dev.billwright.payment.webhook.PaymentEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a verified Stripe webhook (an Event object: {@code id}, {@code type}, {@code created},
 * {@code data.object}) into a {@link PaymentEvent}. Verify first with
 * {@link dev.billwright.payment.webhook.StripeWebhookSignature}.
 *
 * <p>Mapping (Stripe API reference, "Types of events"): {@code payment_intent.succeeded} →
 * PAYMENT_SUCCEEDED (amount {@code amount_received}); {@code payment_intent.payment_failed} and
 * {@code payment_intent.canceled} → PAYMENT_FAILED (reason {@code last_payment_error.code} or
 * {@code cancellation_reason}); {@code payment_intent.processing} and
 * {@code payment_intent.requires_action} → PAYMENT_PENDING; {@code refund.created} and
 * {@code refund.updated} → REFUND_SUCCEEDED when the refund's status is {@code succeeded}, else
 * REFUND_FAILED when {@code failed}/{@code canceled}, else UNHANDLED; {@code refund.failed} →
 * REFUND_FAILED. A refund event's metadata gains {@code payment_reference}, the refunded
 * PaymentIntent. Every other type is UNHANDLED.
 */
public final class StripeWebhookEvents {
  private StripeWebhookEvents() {}

  /**
   * Parses a Stripe Event.
   *
   * @param payload the raw body, not null
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_WEBHOOK} if the payload is not a
   *     Stripe Event (no {@code id}, {@code type} or {@code created}), naming the field
   */
  public static PaymentEvent parse(byte[] payload) {
    JsonNode root;
    try {
      root = Json.parse(new String(payload, StandardCharsets.UTF_8), "Stripe webhook");
    } catch (BillingException e) {
      throw new BillingException(ErrorCode.INVALID_WEBHOOK, "the Stripe webhook is not JSON: " + e.getMessage(), e);
    }
    String id = text(root, "id");
    String type = text(root, "type");
    if (id == null || type == null || !root.path("created").canConvertToLong()) {
      throw BillingException.invalid(ErrorCode.INVALID_WEBHOOK, "id/type/created", id + "/" + type + "/"
          + root.path("created"), "a Stripe Event with an id, a type and a created time");
    }
    Instant created = Instant.ofEpochSecond(root.path("created").asLong());
    JsonNode object = root.path("data").path("object");
    Map<String, String> metadata = new LinkedHashMap<>();
    object.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
    String reference = Optional.ofNullable(text(object, "id")).orElse("");
    PaymentEventType kind;
    Optional<String> reason = Optional.empty();
    Optional<Money> amount = Optional.empty();
    switch (type) {
      case "payment_intent.succeeded":
        kind = PaymentEventType.PAYMENT_SUCCEEDED;
        amount = money(object, object.has("amount_received") ? "amount_received" : "amount");
        break;
      case "payment_intent.payment_failed":
      case "payment_intent.canceled":
        kind = PaymentEventType.PAYMENT_FAILED;
        amount = money(object, "amount");
        reason = Optional.ofNullable(Optional.ofNullable(text(object.path("last_payment_error"), "code"))
            .orElse(Optional.ofNullable(text(object, "cancellation_reason")).orElse(type)));
        break;
      case "payment_intent.processing":
      case "payment_intent.requires_action":
        kind = PaymentEventType.PAYMENT_PENDING;
        amount = money(object, "amount");
        break;
      case "refund.created":
      case "refund.updated":
      case "refund.failed":
        String status = Optional.ofNullable(text(object, "status")).orElse("");
        kind = type.equals("refund.failed") || status.equals("failed") || status.equals("canceled")
            ? PaymentEventType.REFUND_FAILED
            : status.equals("succeeded") ? PaymentEventType.REFUND_SUCCEEDED : PaymentEventType.UNHANDLED;
        amount = money(object, "amount");
        if (kind == PaymentEventType.REFUND_FAILED) {
          reason = Optional.of(Optional.ofNullable(text(object, "failure_reason")).orElse(status));
        }
        Optional.ofNullable(text(object, "payment_intent")).ifPresent(pi -> metadata.put("payment_reference", pi));
        break;
      default:
        kind = PaymentEventType.UNHANDLED;
    }
    return new PaymentEvent(id, "stripe", type, kind, reference, amount, created, reason, metadata);
  }

  private static Optional<Money> money(JsonNode object, String field) {
    String currency = text(object, "currency");
    if (currency == null || !object.path(field).canConvertToLong()) {
      return Optional.empty();
    }
    return Optional.of(MinorUnits.fromMinor(object.path(field).asLong(), currency));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : null;
  }
}
