package dev.billwright.payment;

import dev.billwright.money.Money;
import java.util.Optional;

/**
 * An invoice's position after credits, payments and refunds. Always
 * {@code amountDue − overpayment = total − credits − netPaid}, where
 * {@code credits = creditsApplied + creditNotes} and {@code netPaid = paid − refunded}; at most one of
 * amountDue and overpayment is positive.
 *
 * @param invoiceId the invoice
 * @param total the invoice total (taxable total + collectible tax)
 * @param creditsApplied the prepaid credits applied on the invoice
 * @param creditNotes Σ issued credit notes against the invoice
 * @param paid Σ succeeded payments
 * @param refunded Σ refunds of those payments
 * @param pending Σ pending payments (not counted until they succeed)
 * @param amountDue max(0, total − credits − netPaid)
 * @param overpayment max(0, −(total − credits − netPaid))
 * @param status the settlement status
 * @param overpaymentTo where the overpayment goes, when there is one
 */
public record InvoiceBalance(String invoiceId, Money total, Money creditsApplied, Money creditNotes, Money paid,
    Money refunded, Money pending, Money amountDue, Money overpayment, SettlementStatus status,
    Optional<OverpaymentPolicy> overpaymentTo) {
  /**
   * Returns credits applied plus credit notes.
   *
   * @return the credits, never null
   */
  public Money credits() {
    return creditsApplied.plus(creditNotes);
  }

  /**
   * Returns the payments net of refunds.
   *
   * @return paid − refunded, never null
   */
  public Money netPaid() {
    return paid.minus(refunded);
  }
}
