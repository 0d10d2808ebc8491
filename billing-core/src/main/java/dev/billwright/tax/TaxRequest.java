package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link TaxCalculator} needs to tax one document.
 *
 * <p>A credit or debit note must carry the original invoice's {@link TaxResult}: the engine
 * reuses its heads and rates for lines with the same id instead of looking rates up again (for
 * GST: the note adjusts the tax charged on the original invoice, CGST Act s.34).
 *
 * @param documentType the document type, not null
 * @param documentDate the document date (the date rates are looked up at), not null
 * @param currency the currency of every line, not null
 * @param supplier the supplier, not null
 * @param customer the customer (recipient), not null
 * @param lines the lines, with unique ids, all in {@code currency}; copied, unmodifiable
 * @param original the original invoice's tax, required for credit and debit notes and absent for
 *     invoices
 */
public record TaxRequest(
    DocumentType documentType,
    LocalDate documentDate,
    Currency currency,
    TaxParty supplier,
    TaxParty customer,
    List<TaxableLine> lines,
    Optional<TaxResult> original) {

  /**
   * Validates the request.
   *
   * @param documentType see the record component
   * @param documentDate see the record component
   * @param currency see the record component
   * @param supplier see the record component
   * @param customer see the record component
   * @param lines see the record component
   * @param original see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null or a note lacks its original, {@link ErrorCode#INVALID_VALUE} if line ids repeat or an
   *     invoice carries an original, or {@link ErrorCode#CURRENCY_MISMATCH} if a line or the
   *     original is in another currency
   */
  public TaxRequest {
    if (documentType == null || documentDate == null || currency == null || supplier == null || customer == null
        || lines == null || original == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax_request", null, "all components not null");
    }
    lines = List.copyOf(lines);
    Set<String> ids = new HashSet<>();
    for (TaxableLine line : lines) {
      if (!ids.add(line.lineId())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines.line_id", line.lineId(), "unique line ids");
      }
      if (!line.taxableAmount().currency().equals(currency)) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines[" + line.lineId() + "].taxable_amount",
            line.taxableAmount(), "an amount in " + currency);
      }
    }
    if (documentType == DocumentType.INVOICE && original.isPresent()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "original", "present", "absent for an invoice");
    }
    if (documentType != DocumentType.INVOICE && original.isEmpty()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "original", null,
          "the original invoice's tax result for a " + documentType);
    }
    if (original.isPresent() && !original.get().currency().equals(currency)) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "original.currency", original.get().currency(),
          currency.getCurrencyCode());
    }
  }

  /**
   * Returns an invoice request.
   *
   * @param date the invoice date, not null
   * @param currency the currency, not null
   * @param supplier the supplier, not null
   * @param customer the customer, not null
   * @param lines the lines, not null
   * @return the request, never null
   * @throws BillingException as the canonical constructor does
   */
  public static TaxRequest invoice(
      LocalDate date, Currency currency, TaxParty supplier, TaxParty customer, List<TaxableLine> lines) {
    return new TaxRequest(DocumentType.INVOICE, date, currency, supplier, customer, lines, Optional.empty());
  }

  /**
   * Returns a credit-note request against an original invoice's tax.
   *
   * @param date the credit note date, not null
   * @param supplier the supplier, not null
   * @param customer the customer, not null
   * @param lines the credited lines, with the ids of the original lines, not null
   * @param original the original invoice's tax result, not null
   * @return the request, never null
   * @throws BillingException as the canonical constructor does
   */
  public static TaxRequest creditNote(
      LocalDate date, TaxParty supplier, TaxParty customer, List<TaxableLine> lines, TaxResult original) {
    return new TaxRequest(DocumentType.CREDIT_NOTE, date, original.currency(), supplier, customer, lines,
        Optional.of(original));
  }
}
