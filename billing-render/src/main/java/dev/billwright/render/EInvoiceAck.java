package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.LocalDateTime;

/**
 * What the Invoice Registration Portal returns for a registered e-invoice and what the printed
 * invoice must then show (CGST Rule 48(4), Notification 13/2020-CT: the IRN and the QR code the
 * IRP signed): the host registers the invoice and passes these values in; Billwright neither calls
 * the portal nor signs anything.
 *
 * @param irn the invoice reference number, 64 hexadecimal characters (a SHA-256)
 * @param ackNumber the acknowledgement number, 1 to 20 digits
 * @param ackDate the acknowledgement date and time, IST
 * @param signedQrCode the signed QR code text ({@code SignedQRCode}, a JWS), printed as a QR code
 */
public record EInvoiceAck(String irn, String ackNumber, LocalDateTime ackDate, String signedQrCode) {
  /**
   * Checks the values.
   *
   * @param irn see the record component
   * @param ackNumber see the record component
   * @param ackDate see the record component
   * @param signedQrCode see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming the value that is not
   *     as described, or {@link ErrorCode#REQUIRED_FIELD_MISSING} if one is null
   */
  public EInvoiceAck {
    if (irn == null || ackNumber == null || ackDate == null || signedQrCode == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "einvoice_ack", irn, "irn, ack_number, "
          + "ack_date and signed_qr_code");
    }
    if (!irn.matches("[0-9a-fA-F]{64}")) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "einvoice_ack.irn", irn, "64 hexadecimal characters");
    }
    if (!ackNumber.matches("[0-9]{1,20}")) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "einvoice_ack.ack_number", ackNumber, "1 to 20 digits");
    }
    if (signedQrCode.isBlank() || signedQrCode.length() > 4000) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "einvoice_ack.signed_qr_code",
          signedQrCode.length() + " characters", "1 to 4000 characters (a QR code holds at most 4296)");
    }
  }
}
