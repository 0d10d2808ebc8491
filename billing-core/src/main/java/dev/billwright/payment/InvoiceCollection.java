package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceStatus;
import java.util.Map;
import java.util.Objects;

/**
 * Collects a finalized invoice's amount due through a {@link PaymentGateway} and returns the
 * invoice in its new state: paid when the gateway succeeded, unchanged otherwise. The
 * idempotency key is the invoice id, so retrying a collection never charges twice.
 *
 * @param gateway the payment gateway, not null
 */
public record InvoiceCollection(PaymentGateway gateway) {
  /**
   * Validates the gateway.
   *
   * @param gateway the gateway
   * @throws NullPointerException if null
   */
  public InvoiceCollection {
    Objects.requireNonNull(gateway, "gateway");
  }

  /**
   * The invoice after a collection attempt, and what the gateway said.
   *
   * @param invoice the invoice, paid if the payment succeeded (or nothing was due)
   * @param result the gateway's answer, empty when nothing was due
   */
  public record Outcome(Invoice invoice, java.util.Optional<PaymentResult> result) {}

  /**
   * Collects an invoice.
   *
   * @param invoice a finalized invoice, not null
   * @return the outcome, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if the invoice is not
   *     finalized
   */
  public Outcome collect(Invoice invoice) {
    if (invoice.status() != InvoiceStatus.FINALIZED) {
      throw BillingException.invalid(ErrorCode.ILLEGAL_TRANSITION, "invoice.status", invoice.status(),
          "a finalized invoice to collect (invoice " + invoice.id() + ")");
    }
    if (!invoice.totals().amountDue().isPositive()) {
      return new Outcome(InvoiceLifecycle.markPaid(invoice, invoice.finalizedAt().orElse(invoice.issuedAt())),
          java.util.Optional.empty());
    }
    PaymentResult result = gateway.collect(new PaymentRequest("pay_" + invoice.id(), invoice.id(),
        invoice.customerId(), invoice.totals().amountDue(),
        Map.of("invoice_number", invoice.number().orElse(""))));
    Invoice after = result.status() == PaymentResult.Status.SUCCEEDED
        ? InvoiceLifecycle.markPaid(invoice, result.at()) : invoice;
    return new Outcome(after, java.util.Optional.of(result));
  }
}
