package dev.billwright.tax.gst;

/**
 * Keys of {@link dev.billwright.tax.TaxParty#attributes()} that the GST module reads. Boolean
 * values are {@code "true"} or {@code "false"}.
 *
 * <p>Supply type, if not given by {@link #SUPPLY_TYPE}, is derived: a customer outside India
 * ({@code country_code} not {@code IN}) is an export, a customer with {@link #SEZ} {@code true}
 * an SEZ supply (both "with payment" unless the supplier has {@link #LUT} {@code true}), a
 * customer with a tax id B2B, otherwise B2C.
 */
public final class GstAttributes {

  /**
   * Customer: the supply type, one of {@code b2b}, {@code b2c}, {@code sezwp}, {@code sezwop},
   * {@code expwp}, {@code expwop} (case-insensitive).
   */
  public static final String SUPPLY_TYPE = "gst.supply_type";
  /** Customer: the supply is taxed under reverse charge (CGST Act s.9(3)/(4), IGST Act s.5(3)/(4)). */
  public static final String REVERSE_CHARGE = "gst.reverse_charge";
  /** Customer: the customer is an SEZ developer or unit (IGST Act s.7(5)(b), s.16(1)(b)). */
  public static final String SEZ = "gst.sez";
  /**
   * Supplier: a Letter of Undertaking or bond is in force, so zero-rated supplies go without
   * payment of IGST (IGST Act s.16(3)(a)).
   */
  public static final String LUT = "gst.lut";
  /**
   * Customer: the place of supply decided by the supplier (a GST state code), which wins over the
   * {@link PlaceOfSupplyRule}. Use it when the rule's inputs are not in the party data.
   */
  public static final String PLACE_OF_SUPPLY = "gst.place_of_supply";

  private GstAttributes() {}
}
