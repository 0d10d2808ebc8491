package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * A supply whose GST facts are already decided: supplier state, place of supply, supply type,
 * reverse charge and a rate per line. {@link GstTaxCalculator#calculate(GstSupply)} turns it into
 * tax lines; {@link GstTaxCalculator#calculate(dev.billwright.tax.TaxRequest)} builds one from a
 * request.
 *
 * @param supplierState the state of the supplier's registration, not null, not 96
 * @param placeOfSupply the place of supply, not null
 * @param supplyType the supply type, not null
 * @param reverseCharge whether the recipient pays the tax (CGST Act s.9(3), IGST Act s.5(3))
 * @param currency the currency of every line; INR unless no IGST is paid (SEZWOP/EXPWOP)
 * @param lines the lines, not empty, copied, unmodifiable
 */
public record GstSupply(
    GstState supplierState,
    PlaceOfSupply placeOfSupply,
    SupplyType supplyType,
    boolean reverseCharge,
    Currency currency,
    List<Line> lines) {

  /**
   * One line of a supply.
   *
   * @param lineId the line id, not blank
   * @param taxableValue the taxable value after discount (CGST Act s.15), in the supply currency
   * @param ratePercent the total GST rate in percent ({@code 18}), 0 to 100
   * @param cessPercent the ad valorem compensation cess rate in percent, 0 when none
   */
  public record Line(String lineId, Money taxableValue, BigDecimal ratePercent, BigDecimal cessPercent) {
    /**
     * Validates the line.
     *
     * @param lineId see the record component
     * @param taxableValue see the record component
     * @param ratePercent see the record component
     * @param cessPercent see the record component
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
     *     null or {@link ErrorCode#INVALID_VALUE} if a rate is outside 0–100
     */
    public Line {
      if (lineId == null || lineId.isBlank() || taxableValue == null || ratePercent == null || cessPercent == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "line", lineId,
            "line id, taxable value, rate and cess rate");
      }
      for (BigDecimal r : List.of(ratePercent, cessPercent)) {
        Decimals.checkBounds(r, "rate");
        if (r.signum() < 0 || r.compareTo(BigDecimal.valueOf(100)) > 0) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "lines[" + lineId + "].rate", r, "0 to 100 percent");
        }
      }
    }

    /**
     * Returns a line without cess.
     *
     * @param lineId the line id
     * @param taxableValue the taxable value
     * @param ratePercent the GST rate in percent, such as {@code "18"}
     * @return the line, never null
     * @throws BillingException as the canonical constructor does
     */
    public static Line of(String lineId, Money taxableValue, String ratePercent) {
      return new Line(lineId, taxableValue, Decimals.parse(ratePercent, "rate"), BigDecimal.ZERO);
    }
  }

  /**
   * Validates the supply.
   *
   * @param supplierState see the record component
   * @param placeOfSupply see the record component
   * @param supplyType see the record component
   * @param reverseCharge see the record component
   * @param currency see the record component
   * @param lines see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     null or there are no lines, {@link ErrorCode#CURRENCY_MISMATCH} if a line is in another
   *     currency or a supply paying tax is not in INR, or {@link ErrorCode#INVALID_VALUE} if the
   *     supplier state is 96, an export's place of supply is not 96, or a B2B/SEZ supply's
   *     place of supply is 96
   */
  public GstSupply {
    if (supplierState == null || placeOfSupply == null || supplyType == null || currency == null || lines == null
        || lines.isEmpty()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "gst_supply", null,
          "supplier state, place of supply, supply type, currency and at least one line");
    }
    lines = List.copyOf(lines);
    if (supplierState.isForeign()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "supplier_state", supplierState, "a state in India");
    }
    if (supplyType.isExport() && !placeOfSupply.state().isForeign()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "place_of_supply", placeOfSupply.state(),
          "96 (outside India) for an export, IGST Act s.2(6)(iii)");
    }
    if ((supplyType == SupplyType.B2B || supplyType == SupplyType.SEZWP || supplyType == SupplyType.SEZWOP)
        && placeOfSupply.state().isForeign()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "place_of_supply", placeOfSupply.state(),
          "a state in India for a " + supplyType + " supply");
    }
    if (!supplyType.isWithoutPayment() && !"INR".equals(currency.getCurrencyCode())) {
      throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "currency", currency,
          "INR when GST is paid (CGST Rule 34: convert at the RBI reference rate first)");
    }
    for (Line line : lines) {
      if (!line.taxableValue().currency().equals(currency)) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "lines[" + line.lineId() + "].taxable_value",
            line.taxableValue(), "an amount in " + currency);
      }
    }
  }

  /**
   * Returns whether the supply is intra-state: same state/UT of supplier and place of supply and
   * not zero-rated (IGST Act s.8(1); s.7(5) makes exports and SEZ supplies inter-state).
   *
   * @return true if CGST plus SGST/UTGST apply
   */
  public boolean isIntraState() {
    return !supplyType.isZeroRated() && supplierState == placeOfSupply.state();
  }
}
