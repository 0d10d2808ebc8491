package dev.billwright.payments.razorpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.razorpay.RazorpayClient;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.RefundRequest;
import dev.billwright.payment.TopUpRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RazorpayGatewayTest {
  private RazorpayStub stub;
  private RazorpayGateway gateway;

  @BeforeEach
  void start() throws Exception {
    stub = new RazorpayStub();
    gateway = new RazorpayGateway(new RazorpayClient("rzp_test_stub", "stub_secret"));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  /** Razorpay "Create an Order": amount in paise, receipt, notes. */
  @Test
  void anInvoiceBecomesAnOrderInPaiseWithItsKeyAsReceipt() {
    PaymentResult r = gateway.collect(new PaymentRequest("pay_inv_42", "inv_42", "cus_ok", Money.of("INR", "1180.50"),
        Map.of("invoice_number", "INV-42")));
    RazorpayStub.Received lookup = stub.received.get(0);
    assertThat(lookup.method()).isEqualTo("GET");
    assertThat(lookup.query()).contains("receipt=pay_inv_42");
    RazorpayStub.Received create = stub.received.get(1);
    assertThat(create.path()).isEqualTo("/v1/orders");
    assertThat(create.body().path("amount").asLong()).isEqualTo(118050L);
    assertThat(create.body().path("currency").asText()).isEqualTo("INR");
    assertThat(create.body().path("receipt").asText()).isEqualTo("pay_inv_42");
    assertThat(create.body().path("notes").path("invoice_id").asText()).isEqualTo("inv_42");
    assertThat(create.body().path("notes").path("invoice_number").asText()).isEqualTo("INV-42");
    assertThat(r.status()).isEqualTo(PaymentResult.Status.PENDING);
    assertThat(r.gatewayReference()).startsWith("order_");
    assertThat(r.at()).isAfter(Instant.ofEpochSecond(RazorpayStub.CREATED));
  }

  @Test
  void aRepeatedKeyFindsTheFirstOrderInsteadOfCreatingAnother() {
    TopUpRequest t = new TopUpRequest("topup_w9_1", "w9", "cus_ok", Money.of("INR", "2000.00"), Map.of());
    PaymentResult first = gateway.topUp(t);
    PaymentResult again = new RazorpayGateway(newClient()).topUp(t); // another gateway instance, same key
    assertThat(again).isEqualTo(first);
    assertThat(stub.ordersWithReceipt("topup_w9_1")).isEqualTo(1);
  }

  @Test
  void aKeyLongerThanFortyCharactersIsHashedIntoTheReceipt() {
    String key = "pay_" + "x".repeat(60);
    String receipt = RazorpayGateway.receipt(key);
    assertThat(receipt).hasSize(40).startsWith("bw_").isEqualTo(RazorpayGateway.receipt(key));
    assertThat(RazorpayGateway.receipt("pay_" + "x".repeat(59) + "y")).isNotEqualTo(receipt);
    gateway.collect(new PaymentRequest(key, "inv_long", "cus_ok", Money.of("INR", "1.00"), Map.of()));
    assertThat(stub.ordersWithReceipt(receipt)).isEqualTo(1);
  }

  @Test
  void aRefundIsInPaiseWithTheCreditNoteAndTooLargeARefundIsAGatewayFailure() {
    PaymentResult r = gateway.refund(new RefundRequest("refund_cn_3", RazorpayStub.CAPTURED_PAYMENT,
        Money.of("INR", "120.00"), Optional.of("cn_3"), Map.of()));
    assertThat(r.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
    assertThat(r.gatewayReference()).startsWith("rfnd_");
    RazorpayStub.Received sent = stub.received.get(1);
    assertThat(sent.path()).isEqualTo("/v1/payments/" + RazorpayStub.CAPTURED_PAYMENT + "/refund");
    assertThat(sent.body().path("amount").asLong()).isEqualTo(12000L);
    assertThat(sent.body().path("notes").path("credit_note_id").asText()).isEqualTo("cn_3");
    assertThatThrownBy(() -> gateway.refund(new RefundRequest("refund_cn_4", RazorpayStub.CAPTURED_PAYMENT,
        Money.of("INR", "400.00"), Optional.empty(), Map.of())))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.PAYMENT_GATEWAY_FAILURE))
        .hasMessageContaining("greater than amount captured");
  }

  private static RazorpayClient newClient() {
    try {
      return new RazorpayClient("rzp_test_stub", "stub_secret");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
