package dev.billwright.payments.razorpay;

import static org.assertj.core.api.Assertions.assertThat;

import com.razorpay.RazorpayClient;
import dev.billwright.money.Money;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentRequest;
import dev.billwright.payment.PaymentResult;
import dev.billwright.testkit.payment.PaymentGatewayContractTest;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway contract with Razorpay payment links (razorpay-java against the local stub). */
class RazorpayPaymentLinkContractTest extends PaymentGatewayContractTest {
  private RazorpayStub stub;

  @BeforeEach
  void start() throws Exception {
    stub = new RazorpayStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Override
  protected PaymentGateway gateway() {
    try {
      return new RazorpayGateway(new RazorpayClient("rzp_test_stub", "stub_secret"),
          RazorpayGateway.Collection.PAYMENT_LINK);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected long collectionsFor(PaymentGateway gateway, String idempotencyKey) {
    String receipt = RazorpayGateway.receipt(idempotencyKey);
    return stub.linksWithReference(receipt) + stub.refundsWithReceipt(receipt);
  }

  @Override
  protected Set<PaymentResult.Status> acceptedCollectStatuses() {
    return EnumSet.of(PaymentResult.Status.PENDING);
  }

  @Override
  protected String capturedPayment(PaymentGateway gateway) {
    return RazorpayStub.CAPTURED_PAYMENT;
  }

  /** "Create a Standard Payment Link": amount in paise, reference_id = the key, notes. */
  @Test
  void aLinkCarriesTheKeyAsItsReference() {
    PaymentResult r = gateway().collect(new PaymentRequest("pay_inv_5", "inv_5", "cus_ok", Money.of("INR", "99.50"),
        Map.of()));
    RazorpayStub.Received create = stub.received.stream().filter(x -> x.method().equals("POST")).findFirst()
        .orElseThrow();
    assertThat(create.path()).isEqualTo("/v1/payment_links");
    assertThat(create.body().path("amount").asLong()).isEqualTo(9950L);
    assertThat(create.body().path("reference_id").asText()).isEqualTo("pay_inv_5");
    assertThat(create.body().path("notes").path("invoice_id").asText()).isEqualTo("inv_5");
    assertThat(r.gatewayReference()).startsWith("plink_");
  }
}
