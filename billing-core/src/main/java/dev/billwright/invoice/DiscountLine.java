package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;

/**
 * The part of one coupon's discount that falls on one invoice line, before tax.
 *
 * <p>A line's {@link InvoiceLine#discountAmount()} is the sum of its discount lines; the
 * invoice checks this.
 *
 * @param couponId the coupon's id, not blank
 * @param lineId the id of the discounted invoice line, not blank
 * @param amount the discount on that line, positive, rounded (at the rounding policy's scale)
 */
public record DiscountLine(String couponId, String lineId, Money amount) {

  /**
   * Validates the discount line.
   *
   * @param couponId see the record component
   * @param lineId see the record component
   * @param amount see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is
   *     missing, or {@link ErrorCode#INVALID_VALUE} if the amount is not positive
   */
  public DiscountLine {
    if (couponId == null || couponId.isBlank() || lineId == null || lineId.isBlank() || amount == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "a discount line needs a coupon id, a line id"
          + " and an amount; got coupon_id=" + couponId + ", line_id=" + lineId + ", amount=" + amount);
    }
    if (!amount.isPositive()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "discount_lines[" + couponId + "," + lineId + "].amount",
          amount, "a positive amount");
    }
  }
}
