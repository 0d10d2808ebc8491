package dev.billwright.payment;

/**
 * Where money paid beyond an invoice's total goes (named option {@code overpayment_to}, default
 * {@link #CREDIT_BALANCE}, as Stripe's customer credit balance takes an invoice overpayment).
 */
public enum OverpaymentPolicy {
  /** To the customer's credit balance, applied to the next invoices ({@code credit_balance}). */
  CREDIT_BALANCE,
  /** To the customer's prepaid wallet, spendable on usage at once ({@code wallet}). */
  WALLET
}
