package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * What an invoice still owes: {@code amount due = max(0, total − prepaid credits − issued credit
 * notes − payments)}, Stripe's {@code amount_remaining} (a credit note on an open invoice reduces
 * the amount due; Stripe docs "Credit notes"). Only {@link CreditNoteStatus#ISSUED} notes count: a
 * note pending approval, a rejected one and a void one reduce nothing. Pure.
 */
public final class InvoiceBalance {
  private InvoiceBalance() {}

  /**
   * Computes the amount still due.
   *
   * @param invoice the invoice, not null
   * @param creditNotes the invoice's credit notes, any status, not null
   * @param paid the sum paid so far (payments the host recorded), in the invoice currency, at
   *     least 0, not null
   * @return the amount due, zero or more, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if a note is of another invoice
   *     or the payment is negative, or {@link ErrorCode#CURRENCY_MISMATCH} if the payment is in
   *     another currency
   */
  public static Money amountDue(Invoice invoice, List<CreditNote> creditNotes, Money paid) {
    if (!paid.currency().equals(invoice.currency())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "paid", paid, "an amount in " + invoice.currency());
    }
    if (paid.isNegative()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "paid", paid, "an amount of 0 or more");
    }
    return invoice.totals().amountDue().minus(issuedCredit(invoice, creditNotes)).minus(paid)
        .max(Money.zero(invoice.currency()));
  }

  /**
   * Returns the total of the issued credit notes of an invoice.
   *
   * @param invoice the invoice, not null
   * @param creditNotes its credit notes, any status, not null
   * @return Σ totals of the {@link CreditNoteStatus#ISSUED} notes, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if a note is of another invoice
   */
  public static Money issuedCredit(Invoice invoice, List<CreditNote> creditNotes) {
    List<Money> totals = new ArrayList<>();
    for (CreditNote n : creditNotes) {
      if (!n.invoiceId().equals(invoice.id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_notes[" + n.id() + "].invoice_id",
            n.invoiceId(), "the invoice " + invoice.id());
      }
      if (n.countsAgainstAmountDue()) {
        totals.add(n.total());
      }
    }
    return Money.total(invoice.currency(), totals);
  }
}
