package dev.billwright.testkit.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.money.Money;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.RefundRequest;
import dev.billwright.payment.TopUpRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PaymentGateway} implementation must meet (run it against a
 * gateway's sandbox, or the provider's SDK against a local stub, in the host's integration tests).
 * Extend it and implement {@link #gateway()} and {@link #collectionsFor}.
 *
 * <p>Checked: a key is collected once even under concurrent repeats, and every repeat returns the
 * first answer; different keys are different payments; a wallet top-up is idempotent the same
 * way; a refund of a captured payment is idempotent by its key.
 */
public abstract class PaymentGatewayContractTest {
  /** Creates the test. */
  protected PaymentGatewayContractTest() {}

  /**
   * Returns a gateway that accepts payments from customer {@code cus_ok}.
   *
   * @return the gateway under test
   */
  protected abstract PaymentGateway gateway();

  /**
   * Returns how many times the gateway actually collected, topped up or refunded for a key (from
   * its own records, or the provider stub's).
   *
   * @param gateway the gateway
   * @param idempotencyKey the key
   * @return the number of operations the provider performed for that key
   */
  protected abstract long collectionsFor(PaymentGateway gateway, String idempotencyKey);

  /**
   * Returns the statuses a collection from {@code cus_ok} may have: {@code SUCCEEDED} for a
   * gateway that charges at once (the default); an asynchronous gateway (a Razorpay order the
   * customer still has to pay) answers {@code PENDING}.
   *
   * @return the accepted statuses, never FAILED
   */
  protected Set<PaymentResult.Status> acceptedCollectStatuses() {
    return EnumSet.of(PaymentResult.Status.SUCCEEDED);
  }

  /**
   * Returns the gateway reference of a captured payment that can be refunded (at least INR
   * 100.00). The default collects one from {@code cus_ok} with a saved payment method
   * ({@code payment_method} metadata) and expects it to succeed.
   *
   * @param gateway the gateway
   * @return the payment's reference, not blank
   */
  protected String capturedPayment(PaymentGateway gateway) {
    PaymentResult paid = gateway.collect(new PaymentRequest("pay_inv_refundable", "inv_refundable", "cus_ok",
        Money.of("INR", "500.00"), Map.of("payment_method", "pm_card_visa")));
    assertThat(paid.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
    return paid.gatewayReference();
  }

  /**
   * Repeating a request returns the first answer and never collects twice, even concurrently.
   *
   * @throws Exception if a thread fails
   */
  @Test
  public void aKeyIsCollectedOnce() throws Exception {
    PaymentGateway gateway = gateway();
    PaymentRequest request = new PaymentRequest("pay_inv_1", "inv_1", "cus_ok", Money.of("INR", "1180.00"), Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PaymentResult>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> gateway.collect(request)));
      }
      PaymentResult first = results.get(0).get();
      for (Future<PaymentResult> f : results) {
        assertThat(f.get()).isEqualTo(first);
      }
      assertThat(first.status()).isIn(acceptedCollectStatuses());
      assertThat(first.gatewayReference()).isNotBlank();
      assertThat(collectionsFor(gateway, "pay_inv_1")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Two keys are two payments, each made once. */
  @Test
  public void differentKeysAreDifferentPayments() {
    PaymentGateway gateway = gateway();
    PaymentResult a = gateway.collect(new PaymentRequest("pay_inv_a", "inv_a", "cus_ok", Money.of("INR", "10.00"),
        Map.of()));
    PaymentResult b = gateway.collect(new PaymentRequest("pay_inv_b", "inv_b", "cus_ok", Money.of("INR", "10.00"),
        Map.of()));
    assertThat(a.gatewayReference()).isNotEqualTo(b.gatewayReference());
    assertThat(collectionsFor(gateway, "pay_inv_a")).isEqualTo(1);
    assertThat(collectionsFor(gateway, "pay_inv_b")).isEqualTo(1);
  }

  /** A wallet top-up is collected once per key and repeats return the first answer. */
  @Test
  public void aTopUpKeyIsCollectedOnce() {
    PaymentGateway gateway = gateway();
    TopUpRequest request = new TopUpRequest("topup_w1_1", "w1", "cus_ok", Money.of("INR", "2000.00"), Map.of());
    PaymentResult first = gateway.topUp(request);
    assertThat(gateway.topUp(request)).isEqualTo(first);
    assertThat(first.status()).isIn(acceptedCollectStatuses());
    assertThat(collectionsFor(gateway, "topup_w1_1")).isEqualTo(1);
  }

  /** A refund of a captured payment is made once per key and repeats return the first answer. */
  @Test
  public void aRefundKeyIsRefundedOnce() {
    PaymentGateway gateway = gateway();
    String payment = capturedPayment(gateway);
    RefundRequest request = new RefundRequest("refund_cn_1", payment, Money.of("INR", "100.00"), Optional.of("cn_1"),
        Map.of());
    PaymentResult first = gateway.refund(request);
    assertThat(gateway.refund(request)).isEqualTo(first);
    assertThat(first.status()).isNotEqualTo(PaymentResult.Status.FAILED);
    assertThat(first.gatewayReference()).isNotBlank().isNotEqualTo(payment);
    assertThat(collectionsFor(gateway, "refund_cn_1")).isEqualTo(1);
  }
}
