package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Optional;

/**
 * A supplier or recipient as printed on a GST document (CGST Rule 46(a),(d),(e)) and sent in the
 * e-invoice {@code SellerDtls}/{@code BuyerDtls}.
 *
 * @param gstin the GSTIN or UIN text, or {@code URP} for an unregistered recipient (exports);
 *     validated by the document, not here
 * @param legalName the legal name, 3 to 100 characters (e-invoice {@code LglNm})
 * @param address1 the first address line, 1 to 100 characters
 * @param location the city or place, 3 to 50 characters (e-invoice {@code Loc})
 * @param pin the 6-digit PIN code; empty when abroad (the mapper then sends 999999)
 * @param state the state, or {@link GstState#FOREIGN_COUNTRY} for a recipient abroad
 */
public record GstParty(String gstin, String legalName, String address1, String location, Optional<String> pin,
    GstState state) {

  /** The e-invoice text for an unregistered recipient. */
  public static final String UNREGISTERED = "URP";

  /**
   * Validates the party.
   *
   * @param gstin see the record component
   * @param legalName see the record component
   * @param address1 see the record component
   * @param location see the record component
   * @param pin see the record component
   * @param state see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   *     or {@link ErrorCode#INVALID_VALUE} if a length or the PIN format is wrong
   */
  public GstParty {
    if (gstin == null || legalName == null || address1 == null || location == null || pin == null || state == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "party", legalName, "all components not null");
    }
    length("legal_name", legalName, 3, 100);
    length("address1", address1, 1, 100);
    length("location", location, 3, 50);
    if (pin.isPresent() && !pin.get().matches("[1-9][0-9]{5}")) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "pin", pin.get(), "6 digits, not starting with 0");
    }
  }

  private static void length(String field, String value, int min, int max) {
    if (value.length() < min || value.length() > max) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value, min + " to " + max + " characters");
    }
  }

  /**
   * Returns a copy marked unregistered ({@code URP}), as for a B2C recipient.
   *
   * @return the copy, never null
   */
  public GstParty withUnregistered() {
    return new GstParty(UNREGISTERED, legalName, address1, location, pin, state);
  }
}
