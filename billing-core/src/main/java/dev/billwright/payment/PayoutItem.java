package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;

/**
 * One row a {@link Payout} settles: a Stripe balance transaction or a row of Razorpay's
 * settlement recon report.
 *
 * @param reference the row's own id (Stripe {@code txn_...}; Razorpay has none per row, use the
 *     entity id), not blank
 * @param kind what the row is
 * @param paymentReference for a {@link Kind#PAYMENT}, the provider payment it settles, as
 *     {@link ProviderPayment#reference()} names it (Stripe: the PaymentIntent of the balance
 *     transaction's {@code source} charge; Razorpay: {@code entity_id}, {@code pay_...}); for other
 *     kinds the object the row comes from; not blank
 * @param gross the gross amount, signed as the provider signs it (positive for money in, negative
 *     for refunds and other money out; Stripe {@code amount}, Razorpay {@code credit − debit}), not null
 * @param fee what the provider kept (Stripe {@code fee}; Razorpay {@code fee}, which includes its
 *     {@code tax}), zero or positive, same currency, not null
 * @param net {@code gross − fee} (Stripe {@code net}), not null
 */
public record PayoutItem(String reference, Kind kind, String paymentReference, Money gross, Money fee, Money net) {
  /** What a payout row is. */
  public enum Kind {
    /** A payment collected (Stripe {@code charge} / {@code payment}, Razorpay {@code payment}). */
    PAYMENT,
    /** A refund given back (Stripe {@code refund}, Razorpay {@code refund}). */
    REFUND,
    /** A dispute, fee or other adjustment (Stripe {@code adjustment}, {@code stripe_fee}; Razorpay {@code adjustment}). */
    ADJUSTMENT
  }

  /**
   * Validates.
   *
   * @param reference see the record component
   * @param kind see the record component
   * @param paymentReference see the record component
   * @param gross see the record component
   * @param fee see the record component
   * @param net see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null or blank, {@link ErrorCode#CURRENCY_MISMATCH} if the amounts are in different
   *     currencies, {@link ErrorCode#INVALID_VALUE} naming {@code fee} if it is negative or
   *     {@code net} if it is not {@code gross − fee}
   */
  public PayoutItem {
    if (reference == null || reference.isBlank() || kind == null || paymentReference == null
        || paymentReference.isBlank() || gross == null || fee == null || net == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a payout item needs reference, kind,"
          + " paymentReference, gross, fee and net; got " + reference + ", " + kind + ", " + paymentReference);
    }
    if (!fee.currency().equals(gross.currency()) || !net.currency().equals(gross.currency())) {
      throw new BillingException(ErrorCode.CURRENCY_MISMATCH, "payout item " + reference + ": gross " + gross
          + ", fee " + fee + " and net " + net + " must share one currency");
    }
    if (fee.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "fee", fee, "zero or more (what the provider kept)");
    }
    if (!gross.minus(fee).equals(net)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "net", net, "gross − fee = " + gross.minus(fee)
          + " (item " + reference + ")");
    }
  }

  /**
   * A row without a fee: {@code net = gross}.
   *
   * @param reference see the record component
   * @param kind see the record component
   * @param paymentReference see the record component
   * @param gross see the record component
   * @return the item
   * @throws BillingException as the canonical constructor
   */
  public static PayoutItem of(String reference, Kind kind, String paymentReference, Money gross) {
    return new PayoutItem(reference, kind, paymentReference, gross, Money.zero(gross.currency()), gross);
  }
}
