package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.LocalDate;

/**
 * The serial number and date of the tax invoice a credit or debit note refers to (CGST Rule
 * 53(1A)(g); e-invoice {@code RefDtls.PrecDocDtls}).
 *
 * @param number the original invoice number, 1 to 16 characters
 * @param date the original invoice date
 */
public record DocumentReference(String number, LocalDate date) {
  /**
   * Validates the reference.
   *
   * @param number see the record component
   * @param date see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the number is not a Rule 46
   *     serial number, or {@link ErrorCode#REQUIRED_FIELD_MISSING} if the date is null
   */
  public DocumentReference {
    GstInvoice.checkSerialNumber("preceding_document.number", number);
    if (date == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "preceding_document.date", null, "a date");
    }
  }
}
