package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Computes an invoice's {@link InvoiceBalance} from its credit notes, payments and refunds: a
 * pure function, so the amount due is always derived, never stored and edited.
 *
 * <p>Rules: only SUCCEEDED payments count (PENDING ones are shown apart, FAILED ones not at all);
 * partial payments add up; credit notes count when ISSUED (a void note credits nothing); a refund
 * reduces what was paid and may not exceed what remains of its payment; a refund's credit note,
 * when named, must be one of the invoice's. So a paid invoice with a credit note is
 * {@link SettlementStatus#OVERPAID} by the note's total until the refund linked to that note is
 * made, and the overpayment goes to the credit balance or the wallet, by the policy.
 */
public final class InvoicePayments {
  /** Overpayments go to the credit balance. */
  public static final InvoicePayments DEFAULT = new InvoicePayments(OverpaymentPolicy.CREDIT_BALANCE);

  private final OverpaymentPolicy overpaymentPolicy;

  /**
   * Creates a calculator.
   *
   * @param overpaymentPolicy where overpayments go, not null
   * @throws NullPointerException if null
   */
  public InvoicePayments(OverpaymentPolicy overpaymentPolicy) {
    this.overpaymentPolicy = Objects.requireNonNull(overpaymentPolicy, "overpaymentPolicy");
  }

  /**
   * Computes the balance.
   *
   * @param invoice the invoice, not null
   * @param creditNotes credit notes (those of other invoices are rejected), not null
   * @param payments payments of the invoice, not null
   * @param refunds refunds of those payments, not null
   * @return the balance, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a note or payment of another
   *     invoice, a refund of an unknown or unsucceeded payment, or an unknown credit note;
   *     {@link ErrorCode#CURRENCY_MISMATCH} for an amount in another currency;
   *     {@link ErrorCode#REFUND_EXCEEDS_PAYMENT} when refunds exceed their payment
   */
  public InvoiceBalance balance(Invoice invoice, List<CreditNote> creditNotes, List<Payment> payments,
      List<Refund> refunds) {
    Money zero = Money.zero(invoice.currency());
    Money notes = zero;
    Set<String> noteIds = new HashSet<>();
    for (CreditNote n : creditNotes) {
      if (!n.invoiceId().equals(invoice.id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_note " + n.id() + ".invoice_id", n.invoiceId(),
            "invoice " + invoice.id());
      }
      noteIds.add(n.id());
      if (n.status() == CreditNoteStatus.ISSUED) {
        notes = notes.plus(n.total());
      }
    }
    Money paid = zero;
    Money pending = zero;
    Map<String, Money> refundable = new HashMap<>();
    for (Payment p : payments) {
      if (!p.invoiceId().equals(invoice.id())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "payment " + p.id() + ".invoice_id", p.invoiceId(),
            "invoice " + invoice.id());
      }
      if (p.status() == PaymentStatus.SUCCEEDED) {
        paid = paid.plus(p.amount());
        refundable.put(p.id(), p.amount());
      } else if (p.status() == PaymentStatus.PENDING) {
        pending = pending.plus(p.amount());
      }
    }
    Money refunded = zero;
    for (Refund r : refunds) {
      Money left = refundable.get(r.paymentId());
      if (left == null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "refund " + r.id() + ".payment_id", r.paymentId(),
            "a succeeded payment of invoice " + invoice.id());
      }
      if (r.creditNoteId().isPresent() && !noteIds.contains(r.creditNoteId().get())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "refund " + r.id() + ".credit_note_id",
            r.creditNoteId().get(), "a credit note of invoice " + invoice.id() + " " + noteIds);
      }
      Money after = left.minus(r.amount());
      if (after.isNegative()) {
        throw BillingException.invalid(ErrorCode.REFUND_EXCEEDS_PAYMENT, "refund " + r.id() + ".amount", r.amount(),
            "at most " + left + " left to refund on payment " + r.paymentId());
      }
      refundable.put(r.paymentId(), after);
      refunded = refunded.plus(r.amount());
    }
    Money total = invoice.totals().total();
    Money applied = invoice.totals().creditsApplied();
    Money balance = total.minus(applied).minus(notes).minus(paid.minus(refunded));
    Money due = balance.max(zero);
    Money over = balance.negated().max(zero);
    SettlementStatus status = over.isPositive() ? SettlementStatus.OVERPAID
        : !due.isPositive() ? SettlementStatus.PAID
        : paid.minus(refunded).isPositive() ? SettlementStatus.PARTIALLY_PAID : SettlementStatus.UNPAID;
    return new InvoiceBalance(invoice.id(), total, applied, notes, paid, refunded, pending, due, over, status,
        over.isPositive() ? Optional.of(overpaymentPolicy) : Optional.empty());
  }

  /**
   * Marks a finalized (or uncollectible) invoice paid once its balance is settled.
   *
   * @param invoice the invoice, not null
   * @param balance its balance from {@link #balance}, not null
   * @param at when it was settled, not null
   * @return the paid invoice, or the invoice unchanged if something is still due or it is not
   *     finalized or uncollectible
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the balance is of another invoice
   */
  public static Invoice settle(Invoice invoice, InvoiceBalance balance, Instant at) {
    if (!balance.invoiceId().equals(invoice.id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "balance.invoice_id", balance.invoiceId(),
          "invoice " + invoice.id());
    }
    boolean settled = balance.status() == SettlementStatus.PAID || balance.status() == SettlementStatus.OVERPAID;
    boolean open = invoice.status() == InvoiceStatus.FINALIZED || invoice.status() == InvoiceStatus.UNCOLLECTIBLE;
    return settled && open ? InvoiceLifecycle.markPaid(invoice, at) : invoice;
  }

  /**
   * Returns the overpayment policy.
   *
   * @return the policy, never null
   */
  public OverpaymentPolicy overpaymentPolicy() {
    return overpaymentPolicy;
  }

  /**
   * Returns where an overpayment goes, with the amount.
   *
   * @param balance a balance, not null
   * @return the policy and amount, or empty when nothing was overpaid
   */
  public static Optional<Map.Entry<OverpaymentPolicy, Money>> overpaymentCredit(InvoiceBalance balance) {
    return balance.overpaymentTo().map(p -> Map.entry(p, balance.overpayment()));
  }
}
