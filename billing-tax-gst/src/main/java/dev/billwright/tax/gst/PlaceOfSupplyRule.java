package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.tax.TaxParty;
import java.util.Optional;

/**
 * Decides the place of supply of services. Pluggable: the default is IGST Act s.12(2) within
 * India and s.13(2) across borders ({@link #services()}); {@link #telecom()} applies s.12(11)(d).
 * A customer attribute {@link GstAttributes#PLACE_OF_SUPPLY} overrides either rule.
 *
 * <p>The customer's location is its {@link TaxParty#regionCode()} (a GST state code) when
 * given, else the state code of its GSTIN ({@link TaxParty#taxId()}).
 */
@FunctionalInterface
public interface PlaceOfSupplyRule {

  /**
   * Decides the place of supply.
   *
   * @param supplierState the supplier's registered state (first two digits of its GSTIN), not null
   * @param customer the customer, not null
   * @param supplyType the supply type, not null
   * @return the place of supply, never null
   * @throws BillingException with {@link ErrorCode#TAX_NOT_DETERMINED} if the rule's inputs are
   *     missing, or {@link ErrorCode#INVALID_VALUE} for a malformed state code
   */
  PlaceOfSupply placeOfSupply(GstState supplierState, TaxParty customer, SupplyType supplyType);

  /**
   * The default rule for services.
   *
   * <ul>
   *   <li>Customer outside India (IGST Act s.13(2)): the location of the recipient, code 96.</li>
   *   <li>Registered customer (s.12(2)(a)): the location of the recipient (region code, else
   *       GSTIN state).</li>
   *   <li>Unregistered customer (s.12(2)(b)): the location of the recipient where the address on
   *       record exists (region code), otherwise the location of the supplier.</li>
   * </ul>
   *
   * @return the rule, never null
   */
  static PlaceOfSupplyRule services() {
    return (supplier, customer, type) -> {
      Optional<PlaceOfSupply> fixed = PlaceOfSupplyRules.override(customer);
      if (fixed.isPresent()) {
        return fixed.get();
      }
      if (!"IN".equals(customer.countryCode())) {
        return new PlaceOfSupply(GstState.FOREIGN_COUNTRY, "IGST Act s.13(2): location of the recipient outside India");
      }
      if (type == SupplyType.B2C || customer.taxId().isEmpty()) {
        return customer.regionCode().isPresent()
            ? new PlaceOfSupply(GstState.of(customer.regionCode().get()),
                "IGST Act s.12(2)(b)(i): location of the recipient on record")
            : new PlaceOfSupply(supplier, "IGST Act s.12(2)(b)(ii): location of the supplier (no address on record)");
      }
      return new PlaceOfSupply(PlaceOfSupplyRules.location(customer), "IGST Act s.12(2)(a): location of the registered recipient");
    };
  }

  /**
   * The rule for telecommunication services not covered by s.12(11)(a)–(c) (IGST Act
   * s.12(11)(d)): the address of the recipient in the supplier's records (region code, else
   * GSTIN state), otherwise the location of the supplier; s.13(2) for customers outside India.
   * Use it when the service (for example SMS under SAC 9984) is classified as telecommunication.
   *
   * @return the rule, never null
   */
  static PlaceOfSupplyRule telecom() {
    return (supplier, customer, type) -> {
      Optional<PlaceOfSupply> fixed = PlaceOfSupplyRules.override(customer);
      if (fixed.isPresent()) {
        return fixed.get();
      }
      if (!"IN".equals(customer.countryCode())) {
        return new PlaceOfSupply(GstState.FOREIGN_COUNTRY, "IGST Act s.13(2): location of the recipient outside India");
      }
      if (customer.regionCode().isPresent() || customer.taxId().isPresent()) {
        return new PlaceOfSupply(PlaceOfSupplyRules.location(customer),
            "IGST Act s.12(11)(d): address of the recipient in the supplier's records");
      }
      return new PlaceOfSupply(supplier, "IGST Act s.12(11)(d): location of the supplier (no address on record)");
    };
  }
}
