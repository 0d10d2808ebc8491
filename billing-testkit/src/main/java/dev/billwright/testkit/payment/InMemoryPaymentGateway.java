package dev.billwright.testkit.payment;

import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link PaymentGateway} for tests and examples: succeeds for every customer except
 * those told to decline, records every collected request, and is idempotent by key.
 */
public final class InMemoryPaymentGateway implements PaymentGateway {
  private final Map<String, PaymentResult> byKey = new ConcurrentHashMap<>();
  private final List<PaymentRequest> collected = new CopyOnWriteArrayList<>();
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
      return new PaymentResult(PaymentResult.Status.SUCCEEDED, "pi_" + (collected.size()), Optional.empty(), at);
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
}
