package dev.billwright.tax;

/**
 * Calculates the tax of one document. Invoicing calls it after the lines are rated and rounded;
 * implementations are stateless, thread-safe pure functions of the request.
 *
 * <p>{@link #none()} taxes nothing; the Indian GST implementation is
 * {@code dev.billwright.tax.gst.GstTaxCalculator} in billing-tax-gst.
 */
public interface TaxCalculator {

  /**
   * Calculates the tax of a document.
   *
   * @param request the request, not null
   * @return the tax lines and totals, in the request's currency, never null
   * @throws dev.billwright.error.BillingException with
   *     {@link dev.billwright.error.ErrorCode#TAX_NOT_DETERMINED} if the tax of a line cannot be
   *     determined, or another code for invalid input; nothing is half-computed
   */
  TaxResult calculate(TaxRequest request);

  /**
   * Returns a calculator that charges no tax: every result is {@link TaxResult#none}.
   *
   * @return the calculator, never null
   */
  static TaxCalculator none() {
    return request -> TaxResult.none(request.currency());
  }
}
