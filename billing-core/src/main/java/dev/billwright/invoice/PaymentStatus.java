package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * The status of an invoice as of an instant, for dunning and display: Stripe's invoice statuses
 * (draft, open, paid, void, uncollectible) with the open one split, as Lago's
 * {@code payment_overdue} does, into {@link #DUE} and {@link #OVERDUE}.
 *
 * <p>{@link #of} is a pure function of the invoice's recorded instants, its due date, what it
 * still owes and the as-of instant:
 * <ol>
 *   <li>before {@link Invoice#finalizedAt()} (or never finalized): {@link #DRAFT};
 *   <li>voided at or before the instant: {@link #VOID};
 *   <li>paid at or before the instant, or nothing left due ({@link InvoiceBalance#amountDue}
 *       zero: credited or paid in full): {@link #PAID};
 *   <li>marked uncollectible at or before the instant: {@link #UNCOLLECTIBLE};
 *   <li>a due date and the instant on a later day in the invoice's zone (its period's):
 *       {@link #OVERDUE} (due on the due date itself is not yet overdue);
 *   <li>otherwise {@link #DUE}.
 * </ol>
 */
public enum PaymentStatus {
  /** Not finalized yet. */
  DRAFT,
  /** Finalized and not yet past its due date (Stripe {@code open}). */
  DUE,
  /** Finalized, something still due, and past its due date (Lago {@code payment_overdue}). */
  OVERDUE,
  /** Paid, or nothing left to pay. */
  PAID,
  /** Voided. */
  VOID,
  /** Written off as not collectible. */
  UNCOLLECTIBLE;

  /**
   * Returns the status of an invoice with no credit notes or payments beside its own record.
   *
   * @param invoice the invoice, not null
   * @param asOf the instant, not null
   * @return the status, never null
   * @throws BillingException as {@link #of(Invoice, List, Money, Instant)}
   */
  public static PaymentStatus of(Invoice invoice, Instant asOf) {
    return of(invoice, List.of(), Money.zero(invoice.currency()), asOf);
  }

  /**
   * Returns the status of an invoice as of an instant.
   *
   * @param invoice the invoice, not null
   * @param creditNotes its credit notes, any status (only issued ones reduce what is due), not null
   * @param paid what the host has recorded as paid, at least 0, not null
   * @param asOf the instant, not null
   * @return the status, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the instant is
   *     null, or as {@link InvoiceBalance#amountDue}
   */
  public static PaymentStatus of(Invoice invoice, List<CreditNote> creditNotes, Money paid, Instant asOf) {
    if (asOf == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "as_of", null, "an instant");
    }
    if (invoice.finalizedAt().isEmpty() || asOf.isBefore(invoice.finalizedAt().get())) {
      return DRAFT;
    }
    if (invoice.voidedAt().isPresent() && !asOf.isBefore(invoice.voidedAt().get())) {
      return VOID;
    }
    if (invoice.paidAt().isPresent() && !asOf.isBefore(invoice.paidAt().get())) {
      return PAID;
    }
    if (!InvoiceBalance.amountDue(invoice, creditNotes, paid).isPositive()) {
      return PAID;
    }
    if (invoice.uncollectibleAt().isPresent() && !asOf.isBefore(invoice.uncollectibleAt().get())) {
      return UNCOLLECTIBLE;
    }
    if (invoice.dueDate().isPresent()
        && asOf.atZone(invoice.period().zone()).toLocalDate().isAfter(invoice.dueDate().get())) {
      return OVERDUE;
    }
    return DUE;
  }
}
