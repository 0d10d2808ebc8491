package dev.billwright.billing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.PaymentTerms;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a {@link BillRun} finalizes the invoices it makes (options {@code grace_period} and
 * {@code payment_terms}; see docs/invoicing.md).
 *
 * <ul>
 *   <li>{@code grace_period} (ISO-8601 duration such as {@code P3D}; default {@code PT0S}, none):
 *       a period's invoice stays a stored, unnumbered draft until {@code boundary + grace}. Every
 *       bill run inside the grace period assembles the draft again from the usage known then and
 *       replaces the stored draft if it changed (late usage updates the draft, re-rated as a
 *       whole, instead of producing a correction document); the first run at or after the end of
 *       the grace period finalizes it, dated {@code boundary + grace}, as Lago finalizes a draft
 *       when its grace period ends (Lago docs "Grace period",
 *       getlago.com/docs/guide/invoicing/invoicing-settings/grace-period: invoices stay draft,
 *       events with a timestamp in the period can still be added, and drafts are finalized
 *       automatically when the grace period expires; it applies to subscription invoices only). After that, late usage goes through the
 *       correction path ({@link LateUsageCorrector}). The host's usage aggregation must treat a
 *       window whose invoice is still a draft as not invoiced.
 *   <li>{@code payment_terms} ({@link PaymentTerms}, such as {@code net_30}; default none): the
 *       due date of each invoice finalized by the run is its finalization date plus the net days.
 * </ul>
 *
 * <p>Consolidated invoices ({@link BillRun#consolidating}) are finalized at once, without a grace
 * period; their due date follows the payment terms.
 *
 * @param gracePeriod how long drafts stay open after their boundary, zero or positive
 * @param paymentTerms the payment terms, empty for no due date
 */
public record InvoiceWorkflow(Duration gracePeriod, Optional<PaymentTerms> paymentTerms) {
  /** No grace period and no payment terms: the bill run finalizes at the boundary, as before. */
  public static final InvoiceWorkflow DEFAULT = new InvoiceWorkflow(Duration.ZERO, Optional.empty());

  /**
   * Validates the workflow.
   *
   * @param gracePeriod see the record component
   * @param paymentTerms see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null or
   *     {@link ErrorCode#INVALID_VALUE} if the grace period is negative or longer than 366 days
   */
  public InvoiceWorkflow {
    if (gracePeriod == null || paymentTerms == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "invoicing", null,
          "a grace period and payment terms (optional)");
    }
    if (gracePeriod.isNegative() || gracePeriod.compareTo(Duration.ofDays(366)) > 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "grace_period", gracePeriod,
          "a duration from PT0S to P366D");
    }
  }

  /**
   * Returns a copy with a grace period.
   *
   * @param grace the grace period, such as {@code Duration.parse("P3D")}, zero to 366 days
   * @return the copy, never null
   * @throws BillingException as the constructor
   */
  public InvoiceWorkflow withGracePeriod(Duration grace) {
    return new InvoiceWorkflow(grace, paymentTerms);
  }

  /**
   * Returns a copy with payment terms.
   *
   * @param terms the terms, not null
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null
   */
  public InvoiceWorkflow withPaymentTerms(PaymentTerms terms) {
    if (terms == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "payment_terms", null, "payment terms");
    }
    return new InvoiceWorkflow(gracePeriod, Optional.of(terms));
  }

  /**
   * Returns whether a draft of a boundary is still held open at an instant.
   *
   * @param boundary the cycle's boundary (when its period closed), not null
   * @param asOf the bill run's instant, not null
   * @return true if {@code asOf < boundary + grace}
   */
  public boolean holdsDraft(Instant boundary, Instant asOf) {
    return asOf.isBefore(finalizationInstant(boundary));
  }

  /**
   * Returns when the invoice of a boundary is finalized: the end of its grace period.
   *
   * @param boundary the cycle's boundary, not null
   * @return {@code boundary + grace}, never null
   */
  public Instant finalizationInstant(Instant boundary) {
    return boundary.plus(gracePeriod);
  }

  /**
   * Finalizes a draft with these payment terms.
   *
   * @param draft the draft, not null
   * @param number its number, not blank
   * @param at the finalization instant, not null
   * @return the finalized invoice, with a due date when there are payment terms, never null
   * @throws BillingException as {@link InvoiceLifecycle#finalize(Invoice, String, Instant)}
   */
  public Invoice finalize(Invoice draft, String number, Instant at) {
    return paymentTerms.isPresent() ? InvoiceLifecycle.finalize(draft, number, at, paymentTerms.get())
        : InvoiceLifecycle.finalize(draft, number, at);
  }
}
