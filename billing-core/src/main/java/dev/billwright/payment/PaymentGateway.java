package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;

/**
 * SPI: collects money through the host's payment provider (Stripe, Razorpay, a bank mandate,
 * or custom). Billwright decides what is due and when; the gateway moves the money.
 *
 * <p>Contract (checked by {@code dev.billwright.testkit.payment.PaymentGatewayContractTest}):
 * the same idempotency key never collects, tops up or refunds twice — repeating a request
 * returns the first result; amounts go to the provider in minor units ({@link MinorUnits});
 * implementations are thread-safe. A provider that cannot be reached or refuses the request
 * throws {@link BillingException} with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE}; a declined
 * payment is a {@link PaymentResult.Status#FAILED} result, not an exception.
 *
 * <p>Adapters: {@code dev.billwright.payments.stripe.StripeGateway} (module
 * billing-payments-stripe) and {@code dev.billwright.payments.razorpay.RazorpayGateway} (module
 * billing-payments-razorpay).
 */
@FunctionalInterface
public interface PaymentGateway {
  /**
   * Attempts to collect an invoice's amount due.
   *
   * @param request what to collect, not null
   * @return the outcome, never null
   * @throws BillingException with {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} if the provider
   *     failed
   */
  PaymentResult collect(PaymentRequest request);

  /**
   * Attempts to collect a prepaid wallet top-up. The default refuses: a collect-only gateway.
   *
   * @param request what to collect, not null
   * @return the outcome, never null; credit the wallet only once it has succeeded
   * @throws BillingException with {@link ErrorCode#PAYMENT_OPERATION_UNSUPPORTED} by default,
   *     or {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} if the provider failed
   */
  default PaymentResult topUp(TopUpRequest request) {
    throw new BillingException(ErrorCode.PAYMENT_OPERATION_UNSUPPORTED,
        "gateway " + getClass().getName() + " does not collect wallet top-ups (wallet " + request.walletId() + ")");
  }

  /**
   * Refunds (part of) a collected payment. The default refuses: a collect-only gateway.
   *
   * @param request what to refund, not null
   * @return the outcome; its {@link PaymentResult#gatewayReference()} is the provider's refund id
   * @throws BillingException with {@link ErrorCode#PAYMENT_OPERATION_UNSUPPORTED} by default,
   *     or {@link ErrorCode#PAYMENT_GATEWAY_FAILURE} if the provider failed or refused (such as a
   *     refund above the refundable amount)
   */
  default PaymentResult refund(RefundRequest request) {
    throw new BillingException(ErrorCode.PAYMENT_OPERATION_UNSUPPORTED,
        "gateway " + getClass().getName() + " does not refund (payment " + request.gatewayReference() + ")");
  }
}
