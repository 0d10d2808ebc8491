package dev.billwright.examples.data;

import dev.billwright.json.JsonObjectReader;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstAttributes;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import java.util.Optional;

/**
 * A supplier or customer as written in {@code customers.json}: the legal name, the GSTIN if
 * registered, the address on record and the GST state, and the GST attributes (SEZ, explicit
 * supply type) that {@link dev.billwright.tax.gst.GstTaxCalculator} reads.
 *
 * @param legalName the legal name, not blank
 * @param gstin the GSTIN, or empty for an unregistered customer (B2C) or one abroad
 * @param address the first address line, not null
 * @param location the city, not null
 * @param pin the 6-digit PIN code, or empty abroad
 * @param stateCode the two-digit GST state code of the address, or empty abroad
 * @param country the ISO 3166 country code ({@code IN} unless written)
 * @param sez whether the customer is an SEZ unit or developer ({@link GstAttributes#SEZ})
 * @param supplyType an explicit {@link GstAttributes#SUPPLY_TYPE} ({@code sezwop} for an SEZ
 *     supply under LUT), or empty to let the calculator derive it
 */
public record Party(String legalName, Optional<String> gstin, String address, String location, Optional<String> pin,
    Optional<String> stateCode, String country, boolean sez, Optional<String> supplyType) {

  static Party read(JsonObjectReader r) {
    return new Party(r.text("legal_name"), r.optionalText("gstin"), r.optionalText("address").orElse(""),
        r.optionalText("location").orElse(""), r.optionalText("pin"), r.optionalText("state_code"),
        r.optionalText("country").orElse("IN"), r.bool("sez", false), r.optionalText("supply_type"));
  }

  /**
   * Returns the party as the tax SPI sees it: tax id, region (state code), address on record and
   * GST attributes.
   *
   * @return the tax party, never null
   */
  public TaxParty toTaxParty() {
    TaxParty p = TaxParty.of(legalName, country);
    if (gstin.isPresent()) {
      p = p.withTaxId(gstin.get());
    }
    if (stateCode.isPresent()) {
      p = p.withRegionCode(stateCode.get());
    }
    if (!address.isEmpty()) {
      p = p.withAddress(address + ", " + location + pin.map(x -> " " + x).orElse(""));
    }
    if (sez) {
      p = p.withAttribute(GstAttributes.SEZ, "true");
    }
    if (supplyType.isPresent()) {
      p = p.withAttribute(GstAttributes.SUPPLY_TYPE, supplyType.get());
    }
    return p;
  }

  /**
   * Returns the party as printed on a GST document ({@code URP} when unregistered).
   *
   * @return the GST party, never null
   */
  public GstParty toGstParty() {
    GstState state = stateCode.map(GstState::of).orElse(GstState.FOREIGN_COUNTRY);
    return new GstParty(gstin.orElse(GstParty.UNREGISTERED), legalName, address, location, pin, state);
  }
}
