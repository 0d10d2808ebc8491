package dev.billwright.examples.cli;

import com.stripe.StripeClient;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.memory.InMemoryDeadLetterStore;
import dev.billwright.memory.InMemoryWebhookEventStore;
import dev.billwright.money.Money;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.TopUpRequest;
import dev.billwright.payment.webhook.PaymentEventType;
import dev.billwright.payment.webhook.RetryPolicy;
import dev.billwright.payment.webhook.StripeWebhookSignature;
import dev.billwright.payment.webhook.WebhookProcessor;
import dev.billwright.payments.stripe.StripeGateway;
import dev.billwright.payments.stripe.StripeWebhookEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bill --top-up-via stripe-stub}: each prepaid top-up of the month goes through
 * {@link StripeGateway} (the real stripe-java SDK) to a {@link LocalStripeStub} on a loopback port.
 * The PaymentIntent comes back pending; the wallet is credited only when the signed
 * {@code payment_intent.succeeded} webhook arrives, is verified ({@link StripeWebhookSignature},
 * default tolerance) and processed once by a {@link WebhookProcessor}. Every event is delivered
 * twice, as Stripe may redeliver: the second delivery is a duplicate and credits nothing.
 *
 * <p>The credit has the grant id, amount and time a direct top-up would have, so the invoices of
 * the month are the same with or without this option; only the wallet log gains a line per top-up.
 */
final class StripeStubTopUps implements MonthRun.TopUpChannel, AutoCloseable {
  private record Pending(Wallet wallet, WalletAccount account, String grantId) {}

  private final LocalStripeStub stub = new LocalStripeStub();
  private final StripeGateway gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_local_stub")
      .setApiBase(stub.baseUrl()).setMaxNetworkRetries(0).build());
  private final StripeWebhookSignature verifier = StripeWebhookSignature.of(LocalStripeStub.SIGNING_SECRET,
      StripeWebhookSignature.DEFAULT_TOLERANCE);
  private final Map<String, Pending> pending = new HashMap<>();
  private final WebhookProcessor processor = new WebhookProcessor(new InMemoryWebhookEventStore(),
      new InMemoryDeadLetterStore(), RetryPolicy.DEFAULT, event -> {
        if (event.type() == PaymentEventType.PAYMENT_SUCCEEDED && event.walletId().isPresent()) {
          Pending p = pending.remove(event.gatewayReference());
          if (p == null) {
            throw BillingException.invalid(ErrorCode.INVALID_WEBHOOK, "data.object.id", event.gatewayReference(),
                "a PaymentIntent of a top-up this run started");
          }
          p.wallet().topUp(p.account(), CreditGrant.paid(p.grantId(), event.walletId().get(),
              event.amount().orElseThrow(), event.occurredAt()));
        }
      });

  /** Creates the channel and starts its stub. */
  StripeStubTopUps() {}

  @Override
  public Optional<String> topUp(Wallet wallet, WalletAccount account, String grantId, Money amount, Instant at) {
    PaymentResult intent = gateway.topUp(new TopUpRequest(grantId, account.walletId(), account.walletId(), amount,
        Map.of()));
    if (intent.status() != PaymentResult.Status.PENDING) {
      throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "the Stripe stub answered the top-up " + grantId
          + " with " + intent.status() + ", expected a pending PaymentIntent");
    }
    pending.putIfAbsent(intent.gatewayReference(), new Pending(wallet, account, grantId));
    LocalStripeStub.Delivery d = stub.succeeded(intent.gatewayReference(), at.getEpochSecond());
    Instant received = at.plusSeconds(2);
    WebhookProcessor.Outcome first = processor.receive(verifier, d.body(), d.signature(), StripeWebhookEvents::parse,
        received);
    WebhookProcessor.Outcome again = processor.receive(verifier, d.body(), d.signature(), StripeWebhookEvents::parse,
        received.plusSeconds(60));
    if (first.status() != WebhookProcessor.Status.PROCESSED && first.status() != WebhookProcessor.Status.DUPLICATE) {
      throw new BillingException(ErrorCode.PAYMENT_GATEWAY_FAILURE, "the webhook " + d.eventId() + " of top-up "
          + grantId + " was " + first.status() + first.error().map(e -> ": " + e).orElse(""));
    }
    return Optional.of("via Stripe (local stub): PaymentIntent " + intent.gatewayReference() + " "
        + intent.status().name().toLowerCase(java.util.Locale.ROOT) + "; webhook " + d.eventId()
        + " signature verified, " + (first.status() == WebhookProcessor.Status.PROCESSED ? "processed (wallet credited)"
        : "duplicate (credited before)") + "; redelivered: " + again.status().name().toLowerCase(java.util.Locale.ROOT)
        + ", not credited again");
  }

  /** Stops the stub. */
  @Override
  public void close() {
    stub.close();
  }
}
