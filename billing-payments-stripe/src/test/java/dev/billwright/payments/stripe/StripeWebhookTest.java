package dev.billwright.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.billwright.error.BillingException;
import dev.billwright.memory.InMemoryDeadLetterStore;
import dev.billwright.memory.InMemoryWebhookEventStore;
import dev.billwright.money.Money;
import dev.billwright.payment.webhook.PaymentEvent;
import dev.billwright.payment.webhook.PaymentEventType;
import dev.billwright.payment.webhook.RetryPolicy;
import dev.billwright.payment.webhook.StripeWebhookSignature;
import dev.billwright.payment.webhook.WebhookProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Billwright's Stripe-Signature check agrees with stripe-java's own
 * {@code Webhook.Signature.verifyHeader} (the oracle), on the SDK's fixtures (stripe-java
 * src/test/java/com/stripe/net/WebhookTest.java: secret {@code whsec_test_secret}, payload
 * {@code evt_test_webhook}).
 */
class StripeWebhookTest {
  static final String SECRET = "whsec_test_secret";
  static final String FIXTURE = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
  static final long T = 1_793_577_600L;

  /** An Event in the shape of Stripe's API reference ("The Event object", payment_intent.succeeded). */
  static final String SUCCEEDED = "{\"id\": \"evt_3MtwBwLkdIwHu7ix0YtwyRqT\", \"object\": \"event\","
      + " \"api_version\": \"2025-09-30.clover\", \"created\": 1793577660, \"livemode\": false,"
      + " \"pending_webhooks\": 1, \"type\": \"payment_intent.succeeded\", \"data\": {\"object\": {"
      + "\"id\": \"pi_3MtwBwLkdIwHu7ix28a3tqPa\", \"object\": \"payment_intent\", \"amount\": 118050,"
      + " \"amount_received\": 118050, \"currency\": \"inr\", \"customer\": \"cus_ok\", \"status\": \"succeeded\","
      + " \"metadata\": {\"invoice_id\": \"inv_7\", \"idempotency_key\": \"pay_inv_7\"}}}}";

  static boolean sdkAccepts(String payload, String header, String secret, long tolerance, Instant now) {
    try {
      return Webhook.Signature.verifyHeader(payload, header, secret, tolerance, Clock.fixed(now, ZoneOffset.UTC));
    } catch (SignatureVerificationException | NumberFormatException e) {
      return false; // stripe-java 31.1.0 lets a non-numeric t= escape as NumberFormatException
    }
  }

  static boolean oursAccepts(String payload, String header, String secret, long tolerance, Instant now) {
    return StripeWebhookSignature.of(secret, Duration.ofSeconds(tolerance))
        .verify(payload.getBytes(StandardCharsets.UTF_8), header, now).valid();
  }

  @Test
  void agreesWithStripeJavaOnValidTamperedExpiredAndWrongSecret() {
    String header = StripeWebhookSignature.header(FIXTURE.getBytes(StandardCharsets.UTF_8), SECRET, T);
    Instant fresh = Instant.ofEpochSecond(T + 10);
    Instant late = Instant.ofEpochSecond(T + 301);
    String tampered = FIXTURE.replace("evt_test_webhook", "evt_test_webhooK");
    String rotated = header + ",v1=" + "0".repeat(64);
    String[][] cases = {
        {FIXTURE, header, SECRET}, {tampered, header, SECRET}, {FIXTURE, header, "whsec_other"},
        {FIXTURE, rotated, SECRET}, {FIXTURE, header.replace("v1=", "v0="), SECRET}, {FIXTURE, "bad_header", SECRET},
        {FIXTURE, "t=not_a_number,v1=abc", SECRET}};
    for (String[] c : cases) {
      for (Instant now : new Instant[] {fresh, late}) {
        assertThat(oursAccepts(c[0], c[1], c[2], 300, now)).as("%s at %s", c[1], now)
            .isEqualTo(sdkAccepts(c[0], c[1], c[2], 300, now));
      }
    }
    assertThat(oursAccepts(FIXTURE, header, SECRET, 300, fresh)).isTrue();
    assertThat(oursAccepts(FIXTURE, header, SECRET, 300, late)).isFalse();
    assertThat(oursAccepts(FIXTURE, header, SECRET, 0, late)).isTrue(); // tolerance 0: no freshness check
  }

  @Test
  void aHeaderComputedByStripeJavaVerifies() throws Exception {
    String sdkSignature = Webhook.Util.computeHmacSha256(SECRET, T + "." + FIXTURE);
    String header = "t=" + T + ",v1=" + sdkSignature;
    assertThat(header).isEqualTo(StripeWebhookSignature.header(FIXTURE.getBytes(StandardCharsets.UTF_8), SECRET, T));
    assertThat(oursAccepts(FIXTURE, header, SECRET, 300, Instant.ofEpochSecond(T))).isTrue();
  }

  @Test
  void aSucceededPaymentIntentEventIsTyped() {
    PaymentEvent e = StripeWebhookEvents.parse(SUCCEEDED.getBytes(StandardCharsets.UTF_8));
    assertThat(e.eventId()).isEqualTo("evt_3MtwBwLkdIwHu7ix0YtwyRqT");
    assertThat(e.type()).isEqualTo(PaymentEventType.PAYMENT_SUCCEEDED);
    assertThat(e.gatewayReference()).isEqualTo("pi_3MtwBwLkdIwHu7ix28a3tqPa");
    assertThat(e.amount()).contains(Money.of("INR", "1180.50"));
    assertThat(e.invoiceId()).contains("inv_7");
    assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1793577660L));
  }

  @Test
  void aFailedPaymentAndARefundAreTyped() {
    String failed = SUCCEEDED.replace("payment_intent.succeeded", "payment_intent.payment_failed")
        .replace("\"status\": \"succeeded\"", "\"status\": \"requires_payment_method\", \"last_payment_error\":"
            + " {\"code\": \"card_declined\"}");
    PaymentEvent f = StripeWebhookEvents.parse(failed.getBytes(StandardCharsets.UTF_8));
    assertThat(f.type()).isEqualTo(PaymentEventType.PAYMENT_FAILED);
    assertThat(f.failureReason()).contains("card_declined");
    String refund = "{\"id\": \"evt_r1\", \"object\": \"event\", \"created\": 1793664000, \"type\": \"refund.created\","
        + " \"data\": {\"object\": {\"id\": \"re_1\", \"object\": \"refund\", \"amount\": 12000, \"currency\": \"inr\","
        + " \"payment_intent\": \"pi_3MtwBwLkdIwHu7ix28a3tqPa\", \"status\": \"succeeded\","
        + " \"metadata\": {\"credit_note_id\": \"cn_9\"}}}}";
    PaymentEvent r = StripeWebhookEvents.parse(refund.getBytes(StandardCharsets.UTF_8));
    assertThat(r.type()).isEqualTo(PaymentEventType.REFUND_SUCCEEDED);
    assertThat(r.metadata()).containsEntry("payment_reference", "pi_3MtwBwLkdIwHu7ix28a3tqPa")
        .containsEntry("credit_note_id", "cn_9");
    assertThat(r.amount()).contains(Money.of("INR", "120.00"));
    assertThatThrownBy(() -> StripeWebhookEvents.parse("{\"object\": \"event\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BillingException.class).hasMessageContaining("a Stripe Event");
  }

  @Test
  void aVerifiedWebhookIsAppliedOnceHoweverOftenStripeDeliversIt() {
    List<PaymentEvent> applied = new ArrayList<>();
    WebhookProcessor processor = new WebhookProcessor(new InMemoryWebhookEventStore(), new InMemoryDeadLetterStore(),
        RetryPolicy.DEFAULT, applied::add);
    byte[] body = SUCCEEDED.getBytes(StandardCharsets.UTF_8);
    String header = StripeWebhookSignature.header(body, SECRET, 1793577660L);
    StripeWebhookSignature verifier = StripeWebhookSignature.of(SECRET, StripeWebhookSignature.DEFAULT_TOLERANCE);
    Instant now = Instant.ofEpochSecond(1793577665L);
    assertThat(processor.receive(verifier, body, header, StripeWebhookEvents::parse, now).status())
        .isEqualTo(WebhookProcessor.Status.PROCESSED);
    assertThat(processor.receive(verifier, body, header, StripeWebhookEvents::parse, now).status())
        .isEqualTo(WebhookProcessor.Status.DUPLICATE);
    assertThat(applied).hasSize(1);
    byte[] forged = SUCCEEDED.replace("118050", "999999").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> processor.receive(verifier, forged, header, StripeWebhookEvents::parse, now))
        .isInstanceOf(BillingException.class).hasMessageContaining("no v1 signature matches");
  }
}
