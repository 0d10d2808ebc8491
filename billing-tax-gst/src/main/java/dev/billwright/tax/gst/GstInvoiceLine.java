package dev.billwright.tax.gst;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One line of a GST document: the particulars of CGST Rule 46(g)–(m) and the e-invoice
 * {@code ItemList} entry. All amounts are in INR, at most 2 decimals and not negative (credit
 * and debit notes carry positive amounts).
 *
 * @param serialNumber the line's serial number, 1 to 999999 (e-invoice {@code SlNo})
 * @param description the description (Rule 46(h)), not null
 * @param hsnCode the HSN or SAC code, 4, 6 or 8 digits (Rule 46(g), Notification 78/2020-CT)
 * @param service whether it is a service (SAC codes start with 99)
 * @param quantity the quantity, at most 3 decimals
 * @param unit the unit quantity code (UQC) such as {@code NOS}; optional for services
 * @param unitPrice the price per unit, at most 3 decimals
 * @param grossAmount the total value before discount (Rule 46(j); e-invoice {@code TotAmt})
 * @param discount the discount (e-invoice {@code Discount})
 * @param taxableValue the taxable value, {@code grossAmount − discount} (Rule 46(k); {@code AssAmt})
 * @param gstRate the total GST rate in percent (e-invoice {@code GstRt}, 18 not 9)
 * @param igst the IGST amount
 * @param cgst the CGST amount
 * @param sgst the SGST or UTGST amount (the e-invoice has one "State/UT tax" slot)
 * @param cessRate the ad valorem cess rate in percent
 * @param cess the ad valorem cess amount
 * @param cessNonAdvalorem the specific (non ad valorem) cess amount
 * @param stateCessRate the state cess rate in percent
 * @param stateCess the state cess amount
 * @param stateCessNonAdvalorem the specific state cess amount
 * @param otherCharges other charges of the line
 */
public record GstInvoiceLine(
    int serialNumber,
    String description,
    String hsnCode,
    boolean service,
    BigDecimal quantity,
    Optional<String> unit,
    BigDecimal unitPrice,
    Money grossAmount,
    Money discount,
    Money taxableValue,
    BigDecimal gstRate,
    Money igst,
    Money cgst,
    Money sgst,
    BigDecimal cessRate,
    Money cess,
    Money cessNonAdvalorem,
    BigDecimal stateCessRate,
    Money stateCess,
    Money stateCessNonAdvalorem,
    Money otherCharges) {

  /**
   * Validates the line.
   *
   * @param serialNumber see the record component
   * @param description see the record component
   * @param hsnCode see the record component
   * @param service see the record component
   * @param quantity see the record component
   * @param unit see the record component
   * @param unitPrice see the record component
   * @param grossAmount see the record component
   * @param discount see the record component
   * @param taxableValue see the record component
   * @param gstRate see the record component
   * @param igst see the record component
   * @param cgst see the record component
   * @param sgst see the record component
   * @param cessRate see the record component
   * @param cess see the record component
   * @param cessNonAdvalorem see the record component
   * @param stateCessRate see the record component
   * @param stateCess see the record component
   * @param stateCessNonAdvalorem see the record component
   * @param otherCharges see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} naming the field if a
   *     component is null, negative, too precise, or the taxable value is not gross − discount,
   *     or CGST differs from SGST
   */
  public GstInvoiceLine {
    String at = "lines[" + serialNumber + "].";
    if (description == null || hsnCode == null || quantity == null || unit == null || unitPrice == null
        || gstRate == null || cessRate == null || stateCessRate == null) {
      throw invalid(at + "*", null, "all components not null");
    }
    if (serialNumber < 1 || serialNumber > 999_999) {
      throw invalid(at + "serial_number", serialNumber, "1 to 999999");
    }
    if (!hsnCode.matches("[0-9]{4}|[0-9]{6}|[0-9]{8}")) {
      throw invalid(at + "hsn_code", hsnCode, "4, 6 or 8 digits");
    }
    decimal(at + "quantity", quantity, 3);
    decimal(at + "unit_price", unitPrice, 3);
    decimal(at + "gst_rate", gstRate, 3);
    decimal(at + "cess_rate", cessRate, 3);
    decimal(at + "state_cess_rate", stateCessRate, 3);
    List<Money> amounts = List.of(grossAmount, discount, taxableValue, igst, cgst, sgst, cess, cessNonAdvalorem,
        stateCess, stateCessNonAdvalorem, otherCharges);
    for (Money m : amounts) {
      if (m == null || !"INR".equals(m.currency().getCurrencyCode())) {
        throw invalid(at + "amounts", m, "INR amounts, not null");
      }
      decimal(at + "amount", m.amount(), 2);
    }
    if (!grossAmount.minus(discount).equals(taxableValue)) {
      throw invalid(at + "taxable_value", taxableValue, "gross amount − discount = " + grossAmount.minus(discount));
    }
    if (!cgst.equals(sgst)) {
      throw invalid(at + "sgst", sgst, "equal to CGST " + cgst + " (each is computed on half the rate)");
    }
  }

  /**
   * Returns the line total: taxable value plus every tax, cess and other charge (e-invoice
   * {@code TotItemVal}).
   *
   * @return the total, never null
   */
  public Money total() {
    return taxableValue.plus(igst).plus(cgst).plus(sgst).plus(cess).plus(cessNonAdvalorem).plus(stateCess)
        .plus(stateCessNonAdvalorem).plus(otherCharges);
  }

  private static void decimal(String field, BigDecimal value, int maxScale) {
    Decimals.checkBounds(value, field);
    if (value.signum() < 0 || value.stripTrailingZeros().scale() > maxScale) {
      throw invalid(field, value, "zero or more with at most " + maxScale + " decimals");
    }
  }

  static BillingException invalid(String field, Object value, String expected) {
    return BillingException.invalid(ErrorCode.INVALID_TAX_DOCUMENT, field, value, expected);
  }
}
