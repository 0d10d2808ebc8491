package dev.billwright.memory;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.RefundRequest;
import dev.billwright.payment.TopUpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link PaymentGateway} for tests and examples: succeeds for every customer except
 * those told to decline, records every collected request, top-up and refund, and is idempotent by
 * key. A refund may not exceed what remains of its payment.
 */
public final class InMemoryPaymentGateway implements PaymentGateway {
  private final Map<String, PaymentResult> byKey = new ConcurrentHashMap<>();
  private final List<PaymentRequest> collected = new CopyOnWriteArrayList<>();
  private final List<TopUpRequest> toppedUp = new CopyOnWriteArrayList<>();
  private final List<RefundRequest> refunded = new CopyOnWriteArrayList<>();
  private final Map<String, Money> refundable = new ConcurrentHashMap<>();
  private final Set<String> declining;
  private final Instant at;

  /**
   * Creates a gateway.
   *
   * @param decliningCustomers customers whose payments fail, not null
   * @param at the instant every answer carries (a fixed clock keeps tests deterministic), not null
   */
  public InMemoryPaymentGateway(Set<String> decliningCustomers, Instant at) {
    this.declining = Set.copyOf(decliningCustomers);
    this.at = at;
  }

  @Override
  public PaymentResult collect(PaymentRequest request) {
    return byKey.computeIfAbsent(request.idempotencyKey(), k -> {
      if (declining.contains(request.customerId())) {
        return new PaymentResult(PaymentResult.Status.FAILED, "", Optional.of("card_declined"), at);
      }
      collected.add(request);
      String ref = "pi_" + (collected.size() + toppedUp.size());
      refundable.put(ref, request.amount());
      return new PaymentResult(PaymentResult.Status.SUCCEEDED, ref, Optional.empty(), at);
    });
  }

  @Override
  public PaymentResult topUp(TopUpRequest request) {
    return byKey.computeIfAbsent(request.idempotencyKey(), k -> {
      if (declining.contains(request.customerId())) {
        return new PaymentResult(PaymentResult.Status.FAILED, "", Optional.of("card_declined"), at);
      }
      toppedUp.add(request);
      String ref = "pi_" + (collected.size() + toppedUp.size());
      refundable.put(ref, request.amount());
      return new PaymentResult(PaymentResult.Status.SUCCEEDED, ref, Optional.empty(), at);
    });
  }

  /**
   * Refunds part of a payment this gateway collected.
   *
   * @param request the refund, not null
   * @return the result (the first one for a repeated key)
   * @throws BillingException with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} for an unknown
   *     payment or an amount above what remains refundable
   */
  @Override
  public PaymentResult refund(RefundRequest request) {
    return byKey.computeIfAbsent(request.idempotencyKey(), k -> {
      Money left = refundable.get(request.gatewayReference());
      if (left == null || left.compareTo(request.amount()) < 0) {
        throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "cannot refund " + request.amount()
            + " of payment " + request.gatewayReference() + ": refundable " + left);
      }
      refundable.put(request.gatewayReference(), left.minus(request.amount()));
      refunded.add(request);
      return new PaymentResult(PaymentResult.Status.SUCCEEDED, "re_" + refunded.size(), Optional.empty(), at);
    });
  }

  /**
   * Returns the requests that were collected (each key once), in order.
   *
   * @return the requests, unmodifiable
   */
  public List<PaymentRequest> collected() {
    return List.copyOf(collected);
  }

  /**
   * Returns the top-ups that were collected (each key once), in order.
   *
   * @return the requests, unmodifiable
   */
  public List<TopUpRequest> toppedUp() {
    return List.copyOf(toppedUp);
  }

  /**
   * Returns the refunds that were made (each key once), in order.
   *
   * @return the requests, unmodifiable
   */
  public List<RefundRequest> refunded() {
    return List.copyOf(refunded);
  }

  /**
   * Returns how many collections, top-ups and refunds were made for a key (0 or 1).
   *
   * @param idempotencyKey the key, not null
   * @return the count
   */
  public long operationsFor(String idempotencyKey) {
    return collected.stream().filter(r -> r.idempotencyKey().equals(idempotencyKey)).count()
        + toppedUp.stream().filter(r -> r.idempotencyKey().equals(idempotencyKey)).count()
        + refunded.stream().filter(r -> r.idempotencyKey().equals(idempotencyKey)).count();
  }
}
