package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import java.util.List;

/**
 * One line of a credit note: the taxable value credited on one invoice line and the tax reversed,
 * per head, at the original invoice's rates.
 *
 * <p>Amounts are positive: they are what is given back. Each tax line has the invoice line's id,
 * the original head, rate and collectible flag, the credited taxable amount and the tax reversed.
 *
 * @param invoiceLineId the id of the credited invoice line, not blank
 * @param taxableAmount the taxable value credited, positive
 * @param taxLines the tax reversed per head, not null
 */
public record CreditNoteLine(String invoiceLineId, Money taxableAmount, List<TaxLine> taxLines) {

  /**
   * Validates and copies.
   *
   * @param invoiceLineId see the record component
   * @param taxableAmount see the record component
   * @param taxLines see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     missing, {@link ErrorCode#INVALID_VALUE} if the amount is not positive or a tax line names
   *     another line
   */
  public CreditNoteLine {
    if (invoiceLineId == null || invoiceLineId.isBlank() || taxableAmount == null || taxLines == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "a credit note line needs an invoice line id, a taxable amount and tax lines; got line " + invoiceLineId);
    }
    if (!taxableAmount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines[" + invoiceLineId + "].taxable_amount",
          taxableAmount, "a positive amount");
    }
    taxLines = List.copyOf(taxLines);
    for (TaxLine t : taxLines) {
      if (!t.lineId().equals(invoiceLineId) || t.taxAmount().isNegative()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines[" + invoiceLineId + "].tax_lines", t,
            "tax lines of line " + invoiceLineId + " with a tax amount of zero or more");
      }
    }
  }

  /**
   * Returns the tax reversed on this line, all heads.
   *
   * @return the sum, never null
   */
  public Money taxAmount() {
    return Money.total(taxableAmount.currency(), taxLines.stream().map(TaxLine::taxAmount).toList());
  }

  /**
   * Returns the amount credited: taxable amount plus the collectible tax reversed.
   *
   * @return the total, never null
   */
  public Money total() {
    return taxableAmount.plus(Money.total(taxableAmount.currency(),
        taxLines.stream().filter(TaxLine::collectible).map(TaxLine::taxAmount).toList()));
  }
}
