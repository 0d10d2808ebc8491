package dev.billwright.payment;

/**
 * SPI: collects money through the host's payment provider (Stripe, Razorpay, a bank mandate,
 * or custom). Billwright decides what is due and when; the gateway moves the money.
 *
 * <p>Contract (checked by {@code dev.billwright.testkit.payment.PaymentGatewayContractTest}):
 * the same {@link PaymentRequest#idempotencyKey()} never collects twice — repeating a request
 * returns the first result; implementations are thread-safe.
 */
@FunctionalInterface
public interface PaymentGateway {
  /**
   * Attempts to collect a payment.
   *
   * @param request what to collect, not null
   * @return the outcome, never null
   */
  PaymentResult collect(PaymentRequest request);
}
