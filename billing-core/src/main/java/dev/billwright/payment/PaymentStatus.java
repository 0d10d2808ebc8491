package dev.billwright.payment;

/**
 * The state of one payment attempt: {@code PENDING → SUCCEEDED | FAILED}. A failed attempt may
 * still succeed later (a PaymentIntent confirmed again with another card moves from
 * {@code requires_payment_method} to {@code succeeded}); a succeeded payment never fails — money
 * going back is a {@link Refund}.
 */
public enum PaymentStatus {
  /** Started, not known yet (asynchronous methods: UPI collect, bank debits, an unpaid order). */
  PENDING,
  /** The money was collected; it counts against the invoice. */
  SUCCEEDED,
  /** Declined or failed; it does not count. */
  FAILED;

  /**
   * Returns whether a payment may move from this status to another.
   *
   * @param target the new status, not null
   * @return true for the same status (a repeated webhook), PENDING to anything, and FAILED to SUCCEEDED
   */
  public boolean canMoveTo(PaymentStatus target) {
    return this == target || this == PENDING || (this == FAILED && target == SUCCEEDED);
  }
}
