package dev.billwright.payments.stripe;

import com.stripe.StripeClient;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.testkit.payment.PaymentGatewayContractTest;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The gateway contract, met by the real stripe-java client against the local Stripe stub. */
class StripeGatewayContractTest extends PaymentGatewayContractTest {
  private StripeStub stub;

  @BeforeEach
  void start() throws IOException {
    stub = new StripeStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Override
  protected PaymentGateway gateway() {
    // cus_ok has a saved card, charged off session (Stripe test card pm_card_visa)
    return new StripeGateway(StripeClient.builder().setApiKey("sk_test_stub").setApiBase(stub.baseUrl()).build(),
        Function.identity(), customer -> Optional.of("pm_card_visa"), Clock.systemUTC());
  }

  @Override
  protected long collectionsFor(PaymentGateway gateway, String idempotencyKey) {
    return stub.performedFor(idempotencyKey);
  }
}
