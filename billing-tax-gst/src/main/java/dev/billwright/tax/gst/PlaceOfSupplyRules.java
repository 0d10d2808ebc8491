package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.tax.TaxParty;
import java.util.Optional;

/** Helpers shared by the built-in rules. */
final class PlaceOfSupplyRules {
  private PlaceOfSupplyRules() {}

  static Optional<PlaceOfSupply> override(TaxParty customer) {
    return customer.attribute(GstAttributes.PLACE_OF_SUPPLY)
        .map(code -> new PlaceOfSupply(GstState.of(code), "place of supply recorded by the supplier"));
  }

  static GstState location(TaxParty customer) {
    if (customer.regionCode().isPresent()) {
      return GstState.of(customer.regionCode().get());
    }
    if (customer.taxId().isPresent()) {
      return Gstin.parse(customer.taxId().get(), Gstin.Mode.SANDBOX).state();
    }
    throw BillingException.invalid(ErrorCode.TAX_NOT_DETERMINED, "customer.region_code", null,
        "a region code or GSTIN to locate the recipient");
  }
}
