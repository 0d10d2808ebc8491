package dev.billwright.tax.gst;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One row of an HSN/SAC-wise summary ({@link GstInvoice#hsnSummary()}).
 *
 * @param hsnCode the HSN or SAC code
 * @param unit the unit quantity code, if any
 * @param gstRate the total GST rate in percent
 * @param quantity the summed quantity
 * @param taxableValue the summed taxable value
 * @param igst the summed IGST
 * @param cgst the summed CGST
 * @param sgst the summed SGST/UTGST
 * @param cess the summed cess
 */
public record HsnSummaryRow(String hsnCode, Optional<String> unit, BigDecimal gstRate, BigDecimal quantity,
    Money taxableValue, Money igst, Money cgst, Money sgst, Money cess) {

  HsnSummaryRow plus(HsnSummaryRow other) {
    return new HsnSummaryRow(hsnCode, unit, gstRate, quantity.add(other.quantity), taxableValue.plus(other.taxableValue),
        igst.plus(other.igst), cgst.plus(other.cgst), sgst.plus(other.sgst), cess.plus(other.cess));
  }
}
