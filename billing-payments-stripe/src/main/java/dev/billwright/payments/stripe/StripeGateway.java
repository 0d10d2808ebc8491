package dev.billwright.payments.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.payment.MinorUnits;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.RefundRequest;
import dev.billwright.payment.TopUpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link PaymentGateway} on Stripe: an invoice or a wallet top-up is collected with a
 * PaymentIntent ({@code POST /v1/payment_intents}), a refund is a Refund of that PaymentIntent
 * ({@code POST /v1/refunds}).
 *
 * <ul>
 *   <li>Idempotency: the request's idempotency key is sent as Stripe's {@code Idempotency-Key}
 *       header, so Stripe itself returns the first answer to a repeated request (Stripe API
 *       reference, "Idempotent requests"; keys are kept at least 24 hours).
 *   <li>Amounts: {@code amount} in the currency's minor units ({@link MinorUnits}), {@code currency}
 *       as the lower-case ISO code.
 *   <li>Metadata: {@code invoice_id} (or {@code wallet_id}), {@code idempotency_key} and the
 *       request's own metadata go to the PaymentIntent's {@code metadata}, so webhooks and
 *       reconciliation can find the invoice again.
 *   <li>Confirmation: when the request's metadata names a {@code payment_method}, or the
 *       gateway's saved-payment-method lookup knows one for the customer (a saved card or mandate),
 *       the PaymentIntent is created with {@code confirm=true} and
 *       {@code off_session=true} and Stripe charges at once; otherwise it is left for the customer
 *       to confirm (status {@code requires_payment_method}) and the result is
 *       {@link PaymentResult.Status#PENDING}.
 *   <li>Status: {@code succeeded} is SUCCEEDED; {@code canceled}, or a card error (HTTP 402,
 *       {@code card_declined}), is FAILED with the decline code; every other status
 *       ({@code processing}, {@code requires_action}, {@code requires_capture}, …) is PENDING and the
 *       webhook tells the end. Any other Stripe error is a {@link BillingException} with
 *       {@link ErrorCode#PAYMENT_GATEWAY_FAILURE}.
 * </ul>
 *
 * <p>The {@link PaymentResult#at()} of a created PaymentIntent is its Stripe {@code created}
 * time, so a replayed answer equals the first.
 */
public final class StripeGateway implements PaymentGateway {
  private final StripeClient client;
  private final Function<String, String> stripeCustomer;
  private final Function<String, Optional<String>> savedPaymentMethod;
  private final Clock clock;

  /**
   * Creates a gateway whose Billwright customer ids are Stripe customer ids.
   *
   * @param client the Stripe client (its API key, and its API base for tests), not null
   */
  public StripeGateway(StripeClient client) {
    this(client, Function.identity(), customer -> Optional.empty(), Clock.systemUTC());
  }

  /**
   * Creates a gateway.
   *
   * @param client the Stripe client, not null
   * @param stripeCustomer maps a Billwright customer id to the Stripe customer id ({@code cus_...}), not null
   * @param savedPaymentMethod the customer's saved payment method ({@code pm_...}) to charge off
   *     session, by Billwright customer id, or empty to leave the PaymentIntent for the customer to
   *     confirm; not null
   * @param clock the time given to answers that carry no Stripe time (a declined card without a
   *     PaymentIntent), not null
   * @throws NullPointerException if an argument is null
   */
  public StripeGateway(StripeClient client, Function<String, String> stripeCustomer,
      Function<String, Optional<String>> savedPaymentMethod, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.stripeCustomer = Objects.requireNonNull(stripeCustomer, "stripeCustomer");
    this.savedPaymentMethod = Objects.requireNonNull(savedPaymentMethod, "savedPaymentMethod");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public PaymentResult collect(PaymentRequest request) {
    Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
    metadata.put("invoice_id", request.invoiceId());
    return createIntent(request.idempotencyKey(), request.customerId(), request.amount(), metadata,
        "invoice " + request.invoiceId());
  }

  @Override
  public PaymentResult topUp(TopUpRequest request) {
    Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
    metadata.put("wallet_id", request.walletId());
    return createIntent(request.idempotencyKey(), request.customerId(), request.amount(), metadata,
        "wallet top-up " + request.walletId());
  }

  @Override
  public PaymentResult refund(RefundRequest request) {
    RefundCreateParams.Builder params = RefundCreateParams.builder()
        .setPaymentIntent(request.gatewayReference())
        .setAmount(MinorUnits.toMinor(request.amount()))
        .putMetadata("idempotency_key", request.idempotencyKey());
    request.creditNoteId().ifPresent(id -> params.putMetadata("credit_note_id", id));
    request.metadata().forEach(params::putMetadata);
    try {
      Refund refund = client.v1().refunds().create(params.build(), options(request.idempotencyKey()));
      return refundResult(refund);
    } catch (StripeException e) {
      throw failure("refund of " + request.gatewayReference(), e);
    }
  }

  private PaymentResult createIntent(String key, String customerId, Money amount, Map<String, String> metadata,
      String description) {
    metadata.put("idempotency_key", key);
    PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
        .setAmount(MinorUnits.toMinor(amount))
        .setCurrency(amount.currency().getCurrencyCode().toLowerCase(Locale.ROOT))
        .setCustomer(stripeCustomer.apply(customerId))
        .setDescription(description);
    String paymentMethod = metadata.remove("payment_method");
    if (paymentMethod == null) {
      paymentMethod = savedPaymentMethod.apply(customerId).orElse(null);
    }
    if (paymentMethod != null) {
      params.setPaymentMethod(paymentMethod).setConfirm(true).setOffSession(true);
    }
    metadata.forEach(params::putMetadata);
    try {
      return intentResult(client.v1().paymentIntents().create(params.build(), options(key)));
    } catch (CardException e) {
      String reason = Optional.ofNullable(e.getDeclineCode()).orElse(Optional.ofNullable(e.getCode())
          .orElse("card_error"));
      String reference = "";
      Instant at = clock.instant();
      if (e.getStripeError() != null && e.getStripeError().getPaymentIntent() != null) {
        PaymentIntent pi = e.getStripeError().getPaymentIntent();
        reference = Objects.requireNonNullElse(pi.getId(), "");
        if (pi.getCreated() != null) {
          at = Instant.ofEpochSecond(pi.getCreated());
        }
      }
      return new PaymentResult(PaymentResult.Status.FAILED, reference, Optional.of(reason), at);
    } catch (StripeException e) {
      throw failure(description, e);
    }
  }

  private static RequestOptions options(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  static PaymentResult intentResult(PaymentIntent pi) {
    Instant at = Instant.ofEpochSecond(pi.getCreated());
    String status = pi.getStatus();
    if ("succeeded".equals(status)) {
      return new PaymentResult(PaymentResult.Status.SUCCEEDED, pi.getId(), Optional.empty(), at);
    }
    if ("canceled".equals(status)) {
      return new PaymentResult(PaymentResult.Status.FAILED, pi.getId(), Optional.of("canceled"), at);
    }
    if ("requires_payment_method".equals(status) && pi.getLastPaymentError() != null) {
      return new PaymentResult(PaymentResult.Status.FAILED, pi.getId(),
          Optional.of(Objects.requireNonNullElse(pi.getLastPaymentError().getCode(), "payment_failed")), at);
    }
    return new PaymentResult(PaymentResult.Status.PENDING, pi.getId(), Optional.empty(), at);
  }

  private static PaymentResult refundResult(Refund refund) {
    Instant at = Instant.ofEpochSecond(refund.getCreated());
    switch (Objects.requireNonNullElse(refund.getStatus(), "pending")) {
      case "succeeded":
        return new PaymentResult(PaymentResult.Status.SUCCEEDED, refund.getId(), Optional.empty(), at);
      case "failed":
      case "canceled":
        return new PaymentResult(PaymentResult.Status.FAILED, refund.getId(),
            Optional.of(Objects.requireNonNullElse(refund.getFailureReason(), refund.getStatus())), at);
      default:
        return new PaymentResult(PaymentResult.Status.PENDING, refund.getId(), Optional.empty(), at);
    }
  }

  private static BillingException failure(String what, StripeException e) {
    return new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "Stripe refused or failed the " + what
        + ": HTTP " + e.getStatusCode() + ", code " + e.getCode() + ", " + e.getMessage(), e);
  }
}
