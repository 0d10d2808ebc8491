package dev.billwright.payments.razorpay;

import static org.assertj.core.api.Assertions.assertThat;

import com.razorpay.Utils;
import dev.billwright.money.Money;
import dev.billwright.payment.webhook.PaymentEvent;
import dev.billwright.payment.webhook.PaymentEventType;
import dev.billwright.payment.webhook.RazorpayWebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RazorpayWebhookTest {
  /** A payment.captured webhook in the shape of Razorpay's "Webhook events / payment.captured". */
  static final String CAPTURED = "{\"entity\": \"event\", \"account_id\": \"acc_BFQ7uQEaa7j2z7\","
      + " \"event\": \"payment.captured\", \"contains\": [\"payment\"], \"payload\": {\"payment\": {\"entity\": {"
      + "\"id\": \"pay_DESlfW9H8K9uqM\", \"entity\": \"payment\", \"amount\": 118050, \"currency\": \"INR\","
      + " \"status\": \"captured\", \"order_id\": \"order_DESlLckIVRkHWj\", \"invoice_id\": null,"
      + " \"international\": false, \"method\": \"upi\", \"amount_refunded\": 0, \"captured\": true,"
      + " \"notes\": {\"invoice_id\": \"inv_42\", \"idempotency_key\": \"pay_inv_42\"}, \"fee\": 2786, \"tax\": 425,"
      + " \"error_code\": null, \"error_description\": null, \"created_at\": 1793577600}}},"
      + " \"created_at\": 1793577660}";

  static boolean sdkAccepts(String payload, String signature, String secret) {
    try {
      return Utils.verifyWebhookSignature(payload, signature, secret);
    } catch (Exception e) {
      return false;
    }
  }

  static boolean oursAccepts(String payload, String signature, String secret) {
    return RazorpayWebhookSignature.of(secret).verify(payload.getBytes(StandardCharsets.UTF_8), signature,
        Instant.EPOCH).valid();
  }

  /** razorpay-java src/test/java/com/razorpay/UtilsTest.java, verifyWebhookSignature. */
  @Test
  void theSdksDocumentedExampleVerifiesAndAgreesWithTheSdk() {
    String payload = "{\"a\":1,\"b\":2,\"c\":{\"d\":3}}";
    String signature = "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc";
    assertThat(oursAccepts(payload, signature, "123456")).isTrue();
    String[][] cases = {{payload, signature, "123456"}, {payload.replace("3", "4"), signature, "123456"},
        {payload, signature, "1234567"}, {payload, signature.toUpperCase(), "123456"},
        {CAPTURED, RazorpayWebhookSignature.signature(CAPTURED.getBytes(StandardCharsets.UTF_8), "s3cr3t"), "s3cr3t"}};
    for (String[] c : cases) {
      assertThat(oursAccepts(c[0], c[1], c[2])).as("%s / %s", c[0], c[2])
          .isEqualTo(sdkAccepts(c[0], c[1].toLowerCase(), c[2]));
    }
    assertThat(oursAccepts(payload.replace("3", "4"), signature, "123456")).isFalse();
    assertThat(oursAccepts(payload, signature, "1234567")).isFalse();
    assertThat(RazorpayWebhookSignature.of("123456").verify(payload.getBytes(StandardCharsets.UTF_8), "abc",
        Instant.EPOCH).reason()).contains("64 hex");
  }

  @Test
  void aCapturedPaymentIsTypedWithTheEventIdHeader() {
    PaymentEvent e = RazorpayWebhookEvents.parse(CAPTURED.getBytes(StandardCharsets.UTF_8), "evt_rzp_1");
    assertThat(e.eventId()).isEqualTo("evt_rzp_1");
    assertThat(e.type()).isEqualTo(PaymentEventType.PAYMENT_SUCCEEDED);
    assertThat(e.gatewayReference()).isEqualTo("pay_DESlfW9H8K9uqM");
    assertThat(e.amount()).contains(Money.of("INR", "1180.50"));
    assertThat(e.invoiceId()).contains("inv_42");
    assertThat(e.metadata()).containsEntry("order_id", "order_DESlLckIVRkHWj");
    PaymentEvent noHeader = RazorpayWebhookEvents.parse(CAPTURED.getBytes(StandardCharsets.UTF_8), null);
    assertThat(noHeader.eventId()).isEqualTo("payment.captured:pay_DESlfW9H8K9uqM");
  }

  @Test
  void aFailedPaymentAndAProcessedRefundAreTyped() {
    String failed = CAPTURED.replace("payment.captured", "payment.failed").replace("\"status\": \"captured\"",
        "\"status\": \"failed\"").replace("\"error_code\": null", "\"error_code\": \"BAD_REQUEST_ERROR\"");
    PaymentEvent f = RazorpayWebhookEvents.parse(failed.getBytes(StandardCharsets.UTF_8), "evt_rzp_2");
    assertThat(f.type()).isEqualTo(PaymentEventType.PAYMENT_FAILED);
    assertThat(f.failureReason()).contains("BAD_REQUEST_ERROR");
    String refund = "{\"entity\": \"event\", \"event\": \"refund.processed\", \"contains\": [\"refund\", \"payment\"],"
        + " \"payload\": {\"refund\": {\"entity\": {\"id\": \"rfnd_1\", \"entity\": \"refund\", \"amount\": 12000,"
        + " \"currency\": \"INR\", \"payment_id\": \"pay_DESlfW9H8K9uqM\", \"notes\": {\"credit_note_id\": \"cn_3\"},"
        + " \"status\": \"processed\", \"created_at\": 1793664000}}}, \"created_at\": 1793664000}";
    PaymentEvent r = RazorpayWebhookEvents.parse(refund.getBytes(StandardCharsets.UTF_8), "evt_rzp_3");
    assertThat(r.type()).isEqualTo(PaymentEventType.REFUND_SUCCEEDED);
    assertThat(r.amount()).contains(Money.of("INR", "120.00"));
    assertThat(r.metadata()).containsEntry("payment_reference", "pay_DESlfW9H8K9uqM")
        .containsEntry("credit_note_id", "cn_3");
  }
}
