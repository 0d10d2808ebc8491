package dev.billwright.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.payment.InvoiceCollection;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.payment.RefundRequest;
import dev.billwright.payment.TopUpRequest;
import dev.billwright.time.BillingPeriod;
import java.io.IOException;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripeGatewayTest {
  private StripeStub stub;
  private StripeGateway gateway;

  @BeforeEach
  void start() throws IOException {
    stub = new StripeStub();
    gateway = new StripeGateway(StripeClient.builder().setApiKey("sk_test_stub").setApiBase(stub.baseUrl()).build());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  static Invoice invoice(String customer, String amount) {
    BillingPeriod october = BillingPeriod.parse("2026-10-01T00:00Z/2026-11-01T00:00Z");
    Invoice draft = Invoice.builder().id("inv_" + customer).key(InvoiceKey.of("sub_" + customer, october, InvoiceKind.PERIOD))
        .customerId(customer).currency(Currency.getInstance("INR"))
        .addLines(InvoiceLine.builder().lineId("l1").chargeCode("fee").kind(LineKind.RECURRING_FEE)
            .servicePeriod(october).exactAmount(Money.of("INR", amount), RoundingPolicy.DEFAULT).build())
        .issuedAt(october.end()).build();
    return InvoiceLifecycle.finalize(draft, "INV-7", october.end());
  }

  /** Stripe API reference, "Create a PaymentIntent": amount in the smallest unit, lower-case currency. */
  @Test
  void anInvoiceIsCollectedWithItsIdempotencyKeyInMinorUnits() {
    Invoice inv = invoice("cus_ok", "1180.50");
    InvoiceCollection.Outcome outcome = new InvoiceCollection(gateway).collect(inv);
    StripeStub.Received sent = stub.received.get(0);
    assertThat(sent.path()).isEqualTo("/v1/payment_intents");
    assertThat(sent.idempotencyKey()).isEqualTo("pay_inv_cus_ok");
    assertThat(sent.form()).containsEntry("amount", "118050").containsEntry("currency", "inr")
        .containsEntry("customer", "cus_ok").containsEntry("metadata[invoice_id]", "inv_cus_ok")
        .containsEntry("metadata[invoice_number]", "INV-7").doesNotContainKey("confirm");
    // no saved payment method: the customer confirms, the webhook tells the end
    assertThat(outcome.result().orElseThrow().status()).isEqualTo(PaymentResult.Status.PENDING);
    assertThat(outcome.invoice().status()).isEqualTo(InvoiceStatus.FINALIZED);
  }

  @Test
  void aSavedPaymentMethodIsChargedOffSessionAndTheInvoiceIsPaid() {
    PaymentResult r = gateway.collect(new PaymentRequest("pay_inv_9", "inv_9", "cus_ok", Money.of("INR", "99.99"),
        Map.of("payment_method", "pm_card_visa")));
    assertThat(stub.received.get(0).form()).containsEntry("confirm", "true").containsEntry("off_session", "true")
        .containsEntry("payment_method", "pm_card_visa").doesNotContainKey("metadata[payment_method]");
    assertThat(r.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
    assertThat(r.gatewayReference()).startsWith("pi_");
    assertThat(r.at()).isEqualTo(Instant.ofEpochSecond(StripeStub.CREATED));
  }

  /** Stripe "Errors": a declined card is HTTP 402 card_error; it is a FAILED result, not an exception. */
  @Test
  void aDeclinedCardIsAFailedPaymentWithTheDeclineCode() {
    PaymentResult r = gateway.collect(new PaymentRequest("pay_inv_d", "inv_d", "cus_declined", Money.of("INR", "10.00"),
        Map.of("payment_method", "pm_card_chargeDeclined")));
    assertThat(r.status()).isEqualTo(PaymentResult.Status.FAILED);
    assertThat(r.failureReason()).contains("insufficient_funds");
    assertThat(r.gatewayReference()).startsWith("pi_");
  }

  @Test
  void zeroDecimalCurrenciesAreSentAsWholeUnits() {
    gateway.topUp(new TopUpRequest("topup_jp", "w_jp", "cus_ok", Money.of("JPY", "5000"), Map.of()));
    assertThat(stub.received.get(0).form()).containsEntry("amount", "5000").containsEntry("currency", "jpy")
        .containsEntry("metadata[wallet_id]", "w_jp");
  }

  @Test
  void aRefundNamesItsCreditNoteAndTooLargeARefundIsAGatewayFailure() {
    PaymentResult paid = gateway.collect(new PaymentRequest("pay_inv_r", "inv_r", "cus_ok", Money.of("INR", "500.00"),
        Map.of("payment_method", "pm_card_visa")));
    PaymentResult refund = gateway.refund(new RefundRequest("refund_cn_9", paid.gatewayReference(),
        Money.of("INR", "120.00"), Optional.of("cn_9"), Map.of()));
    assertThat(refund.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
    StripeStub.Received sent = stub.received.get(1);
    assertThat(sent.idempotencyKey()).isEqualTo("refund_cn_9");
    assertThat(sent.form()).containsEntry("payment_intent", paid.gatewayReference()).containsEntry("amount", "12000")
        .containsEntry("metadata[credit_note_id]", "cn_9");
    assertThatThrownBy(() -> gateway.refund(new RefundRequest("refund_cn_10", paid.gatewayReference(),
        Money.of("INR", "400.00"), Optional.empty(), Map.of())))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.PAYMENT_GATEWAY_FAILURE))
        .hasMessageContaining("amount_too_large");
  }

  @Test
  void anAmountFinerThanTheMinorUnitIsRejectedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> gateway.collect(new PaymentRequest("k", "inv", "cus_ok", Money.of("INR", "1.005"),
        Map.of()))).isInstanceOf(BillingException.class).hasMessageContaining("minor units");
    assertThat(stub.received).isEmpty();
  }
}
