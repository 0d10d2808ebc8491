package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;

/**
 * What Billwright expects a provider to have collected: an invoice's amount or a wallet top-up.
 *
 * @param kind invoice or top-up, not null
 * @param documentId the invoice id or the top-up's wallet id, not blank
 * @param idempotencyKey the key the collection was requested with, not blank
 * @param amount the amount expected, positive
 */
public record ExpectedPayment(Kind kind, String documentId, String idempotencyKey, Money amount) {
  /** What was expected. */
  public enum Kind {
    /** An invoice's amount due. */
    INVOICE,
    /** A prepaid wallet top-up. */
    WALLET_TOP_UP
  }

  /**
   * Validates.
   *
   * @param kind see the record component
   * @param documentId see the record component
   * @param idempotencyKey see the record component
   * @param amount see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} naming the field
   */
  public ExpectedPayment {
    if (kind == null || documentId == null || documentId.isBlank() || idempotencyKey == null
        || idempotencyKey.isBlank() || amount == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "an expected payment needs kind, document_id,"
          + " idempotency_key and amount; got " + kind + ", " + documentId + ", " + idempotencyKey + ", " + amount);
    }
  }

  /**
   * Returns the expectation of an invoice collected with {@code InvoiceCollection}'s key.
   *
   * @param invoiceId the invoice id, not blank
   * @param amount the amount due, positive
   * @return the expectation, never null
   */
  public static ExpectedPayment invoice(String invoiceId, Money amount) {
    return new ExpectedPayment(Kind.INVOICE, invoiceId, "pay_" + invoiceId, amount);
  }
}
