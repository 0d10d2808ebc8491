package dev.billwright.payments.razorpay;

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
import org.jspecify.annotations.Nullable;

/**
 * Parses a verified Razorpay webhook ({@code entity: "event"}, {@code event},
 * {@code payload.payment.entity}, {@code payload.order.entity}, {@code payload.refund.entity},
 * {@code created_at}) into a {@link PaymentEvent}. Verify first with
 * {@link dev.billwright.payment.webhook.RazorpayWebhookSignature}.
 *
 * <p>The event id is the {@code X-Razorpay-Event-Id} header, which Razorpay documents as the key
 * to deduplicate redeliveries; without it the id is {@code event:entity id}. Mapping (Razorpay
 * "Webhook events"): {@code payment.captured} and {@code order.paid} → PAYMENT_SUCCEEDED;
 * {@code payment.failed} → PAYMENT_FAILED (reason {@code error_code}); {@code payment.authorized}
 * → PAYMENT_PENDING; {@code refund.processed} → REFUND_SUCCEEDED; {@code refund.failed} →
 * REFUND_FAILED; everything else UNHANDLED. Metadata is the payment's (or refund's)
 * {@code notes} with the order's notes under them, plus {@code order_id} and, for refunds,
 * {@code payment_reference}.
 */
public final class RazorpayWebhookEvents {
  private RazorpayWebhookEvents() {}

  /**
   * Parses a Razorpay webhook.
   *
   * @param payload the raw body, not null
   * @param eventIdHeader the {@code X-Razorpay-Event-Id} header, or null
   * @return the event, never null
   * @throws BillingException with {@link ErrorCode#INVALID_WEBHOOK} if the payload is not a
   *     Razorpay event, naming the field
   */
  public static PaymentEvent parse(byte[] payload, @Nullable String eventIdHeader) {
    JsonNode root;
    try {
      root = Json.parse(new String(payload, StandardCharsets.UTF_8), "Razorpay webhook");
    } catch (BillingException e) {
      throw new BillingException(ErrorCode.INVALID_WEBHOOK, "the Razorpay webhook is not JSON: " + e.getMessage(), e);
    }
    String event = root.path("event").isTextual() ? root.path("event").asText() : null;
    if (!"event".equals(root.path("entity").asText()) || event == null || !root.path("created_at").canConvertToLong()) {
      throw BillingException.invalid(ErrorCode.INVALID_WEBHOOK, "entity/event/created_at", root.path("entity") + "/"
          + event + "/" + root.path("created_at"), "a Razorpay event with an event name and a created_at time");
    }
    JsonNode p = root.path("payload");
    JsonNode payment = p.path("payment").path("entity");
    JsonNode order = p.path("order").path("entity");
    JsonNode refund = p.path("refund").path("entity");
    JsonNode subject = event.startsWith("refund.") ? refund : payment.isMissingNode() ? order : payment;
    Map<String, String> metadata = new LinkedHashMap<>();
    notes(order, metadata);
    notes(payment, metadata);
    notes(refund, metadata);
    String orderId = text(payment, "order_id") != null ? text(payment, "order_id") : text(order, "id");
    if (orderId != null) {
      metadata.put("order_id", orderId);
    }
    if (event.startsWith("refund.") && text(refund, "payment_id") != null) {
      metadata.put("payment_reference", text(refund, "payment_id"));
    }
    String reference = Optional.ofNullable(text(subject, "id")).orElse("");
    PaymentEventType type;
    Optional<String> reason = Optional.empty();
    switch (event) {
      case "payment.captured":
      case "order.paid":
        type = PaymentEventType.PAYMENT_SUCCEEDED;
        break;
      case "payment.failed":
        type = PaymentEventType.PAYMENT_FAILED;
        reason = Optional.of(Optional.ofNullable(text(payment, "error_code")).orElse("payment_failed"));
        break;
      case "payment.authorized":
        type = PaymentEventType.PAYMENT_PENDING;
        break;
      case "refund.processed":
        type = PaymentEventType.REFUND_SUCCEEDED;
        break;
      case "refund.failed":
        type = PaymentEventType.REFUND_FAILED;
        reason = Optional.of("refund_failed");
        break;
      default:
        type = PaymentEventType.UNHANDLED;
    }
    Optional<Money> amount = Optional.empty();
    if (subject.path("amount").canConvertToLong() && text(subject, "currency") != null) {
      amount = Optional.of(MinorUnits.fromMinor(subject.path("amount").asLong(), text(subject, "currency")));
    }
    String id = eventIdHeader != null && !eventIdHeader.isBlank() ? eventIdHeader : event + ":" + reference;
    return new PaymentEvent(id, "razorpay", event, type, reference, amount,
        Instant.ofEpochSecond(root.path("created_at").asLong()), reason, metadata);
  }

  private static void notes(JsonNode entity, Map<String, String> into) {
    JsonNode notes = entity.path("notes");
    if (notes.isObject()) {
      notes.properties().forEach(e -> into.put(e.getKey(), e.getValue().asText()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : null;
  }
}
