package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.payment.webhook.PaymentEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A payment toward an invoice, as Billwright records it from a gateway answer and the webhooks
 * that follow.
 *
 * @param id the host's payment id, not blank
 * @param invoiceId the invoice paid, not blank
 * @param amount the amount, positive; a partial payment is simply less than the amount due
 * @param status the state, not null
 * @param gatewayReference the provider's id (a PaymentIntent, a Razorpay payment or order), not null
 * @param at when the state last changed, not null
 * @param failureReason why it failed, for FAILED
 */
public record Payment(String id, String invoiceId, Money amount, PaymentStatus status, String gatewayReference,
    Instant at, Optional<String> failureReason) {
  /**
   * Validates.
   *
   * @param id see the record component
   * @param invoiceId see the record component
   * @param amount see the record component
   * @param status see the record component
   * @param gatewayReference see the record component
   * @param at see the record component
   * @param failureReason see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} or
   *     {@link ErrorCode#INVALID_VALUE} naming the field
   */
  public Payment {
    if (id == null || id.isBlank() || invoiceId == null || invoiceId.isBlank() || amount == null || status == null
        || gatewayReference == null || at == null || failureReason == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a payment needs id, invoice_id, amount, status,"
          + " gateway_reference, at and failure_reason (may be empty); got id=" + id + ", invoice_id=" + invoiceId);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "payment " + id + ".amount", amount, "a positive amount");
    }
  }

  /**
   * Records a gateway's answer to a collection as a payment.
   *
   * @param id the host's payment id, not blank
   * @param request the request collected, not null
   * @param result the gateway's answer, not null
   * @return the payment, never null
   */
  public static Payment of(String id, PaymentRequest request, PaymentResult result) {
    PaymentStatus status = switch (result.status()) {
      case SUCCEEDED -> PaymentStatus.SUCCEEDED;
      case FAILED -> PaymentStatus.FAILED;
      case PENDING -> PaymentStatus.PENDING;
    };
    return new Payment(id, request.invoiceId(), request.amount(), status, result.gatewayReference(), result.at(),
        result.failureReason());
  }

  /**
   * Returns the payment moved to a new status.
   *
   * @param target the new status, not null
   * @param when when it changed, not null
   * @param reason the failure reason, for FAILED
   * @return the payment (this one if the status is unchanged: a repeated webhook is a no-op)
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} for SUCCEEDED → PENDING
   *     or FAILED, or FAILED → PENDING
   */
  public Payment moveTo(PaymentStatus target, Instant when, Optional<String> reason) {
    if (target == status) {
      return this;
    }
    if (!status.canMoveTo(target)) {
      throw new BillingException(ErrorCode.ILLEGAL_TRANSITION, "payment " + id + " of invoice " + invoiceId
          + " cannot move from " + status + " to " + target + " (money that went back is a refund)");
    }
    return new Payment(id, invoiceId, amount, target, gatewayReference, when,
        target == PaymentStatus.FAILED ? reason : Optional.empty());
  }

  /**
   * Applies a webhook about this payment.
   *
   * @param event the event, whose gateway reference is this payment's; not null
   * @return the payment after the event; unchanged for events that do not change a payment's
   *     state (refunds, unhandled types)
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the event is about another
   *     payment, {@link ErrorCode#ILLEGAL_TRANSITION} as for {@link #moveTo}
   */
  public Payment apply(PaymentEvent event) {
    if (!event.gatewayReference().equals(gatewayReference)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "event " + event.eventId() + ".gateway_reference",
          event.gatewayReference(), "the reference of payment " + id + " (" + gatewayReference + ")");
    }
    return switch (event.type()) {
      case PAYMENT_SUCCEEDED -> moveTo(PaymentStatus.SUCCEEDED, event.occurredAt(), Optional.empty());
      case PAYMENT_FAILED -> moveTo(PaymentStatus.FAILED, event.occurredAt(), event.failureReason());
      default -> this;
    };
  }
}
