package dev.billwright.payments.razorpay;

import com.razorpay.RazorpayClient;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentResult;
import dev.billwright.testkit.payment.PaymentGatewayContractTest;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The gateway contract, met by the real razorpay-java client against the local Razorpay stub. */
class RazorpayGatewayContractTest extends PaymentGatewayContractTest {
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
      return new RazorpayGateway(new RazorpayClient("rzp_test_stub", "stub_secret"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected long collectionsFor(PaymentGateway gateway, String idempotencyKey) {
    String receipt = RazorpayGateway.receipt(idempotencyKey);
    return stub.ordersWithReceipt(receipt) + stub.refundsWithReceipt(receipt);
  }

  /** An order waits for the customer to pay it: PENDING until the order.paid webhook. */
  @Override
  protected Set<PaymentResult.Status> acceptedCollectStatuses() {
    return EnumSet.of(PaymentResult.Status.PENDING);
  }

  @Override
  protected String capturedPayment(PaymentGateway gateway) {
    return RazorpayStub.CAPTURED_PAYMENT;
  }
}
