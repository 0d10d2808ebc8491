package dev.billwright.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.memory.InMemoryDeadLetterStore;
import dev.billwright.memory.InMemoryWalletLedger;
import dev.billwright.memory.InMemoryWebhookEventStore;
import dev.billwright.money.Money;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.TopUpRequest;
import dev.billwright.payment.webhook.PaymentEventType;
import dev.billwright.payment.webhook.RetryPolicy;
import dev.billwright.payment.webhook.StripeWebhookSignature;
import dev.billwright.payment.webhook.WebhookProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A prepaid customer tops up through Stripe (the real SDK against the local stub); the wallet is
 * credited when Stripe's {@code payment_intent.succeeded} webhook arrives, once however often it
 * is delivered.
 */
class PrepaidTopUpFlowTest {
  @Test
  void aTopUpIsCreditedOnceWhenItsWebhookArrives() throws Exception {
    try (StripeStub stub = new StripeStub()) {
      StripeGateway gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_stub")
          .setApiBase(stub.baseUrl()).build());
      WalletAccount account = WalletAccount.of("cus_prepaid", Money.currency("INR"));
      Wallet wallet = new Wallet(new InMemoryWalletLedger());
      PaymentResult pending = gateway.topUp(new TopUpRequest("topup_cus_prepaid_1", "cus_prepaid", "cus_prepaid",
          Money.of("INR", "2000.00"), Map.of()));
      assertThat(pending.status()).isEqualTo(PaymentResult.Status.PENDING);
      assertThat(wallet.state(account).balance(Instant.parse("2026-11-03T00:00:00Z")).isZero()).isTrue();

      WebhookProcessor processor = new WebhookProcessor(new InMemoryWebhookEventStore(), new InMemoryDeadLetterStore(),
          RetryPolicy.DEFAULT, event -> {
            if (event.type() == PaymentEventType.PAYMENT_SUCCEEDED && event.walletId().isPresent()) {
              wallet.topUp(account, CreditGrant.paid("topup:" + event.gatewayReference(), event.walletId().get(),
                  event.amount().orElseThrow(), event.occurredAt()));
            }
          });
      String body = "{\"id\": \"evt_topup_1\", \"object\": \"event\", \"created\": 1793577700,"
          + " \"type\": \"payment_intent.succeeded\", \"data\": {\"object\": {\"id\": \"" + pending.gatewayReference()
          + "\", \"object\": \"payment_intent\", \"amount\": 200000, \"amount_received\": 200000, \"currency\": \"inr\","
          + " \"status\": \"succeeded\", \"metadata\": {\"wallet_id\": \"cus_prepaid\","
          + " \"idempotency_key\": \"topup_cus_prepaid_1\"}}}}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String header = StripeWebhookSignature.header(bytes, "whsec_test", 1793577700L);
      StripeWebhookSignature verifier = StripeWebhookSignature.of("whsec_test", StripeWebhookSignature.DEFAULT_TOLERANCE);
      Instant now = Instant.ofEpochSecond(1793577705L);
      for (int delivery = 0; delivery < 3; delivery++) {
        processor.receive(verifier, bytes, header, StripeWebhookEvents::parse, now);
      }
      assertThat(wallet.state(account).balance(now)).isEqualTo(Money.of("INR", "2000.00"));
    }
  }
}
