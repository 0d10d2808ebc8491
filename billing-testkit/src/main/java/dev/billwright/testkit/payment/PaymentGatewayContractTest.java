package dev.billwright.testkit.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.money.Money;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PaymentGateway} implementation must meet (run it against a
 * gateway's sandbox in the host's integration tests). Extend it and implement {@link #gateway()}.
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
   * Returns how many times the gateway actually collected for a key (from its own records).
   *
   * @param gateway the gateway
   * @param idempotencyKey the key
   * @return the number of collections
   */
  protected abstract long collectionsFor(PaymentGateway gateway, String idempotencyKey);

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
      assertThat(first.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
      assertThat(collectionsFor(gateway, "pay_inv_1")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
