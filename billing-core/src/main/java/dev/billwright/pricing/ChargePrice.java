package dev.billwright.pricing;

/**
 * What a charge prices with: the price model plus the charge-level quantity transform and spend
 * bounds (plan format, version 1: {@code price}, {@code quantity_transform}, {@code minimum},
 * {@code maximum}).
 *
 * @param price the price, not null
 * @param transform the quantity transform, or null for none
 * @param bounds the spend bounds, not null (null becomes {@link SpendBounds#NONE})
 */
public record ChargePrice(Price price, QuantityTransform transform, SpendBounds bounds) {
  /**
   * Validates the fields.
   *
   * @param price the price
   * @param transform the transform, or null
   * @param bounds the bounds, or null for none
   * @throws dev.billwright.error.BillingException if the price is null, or a transform is given
   *     for a model priced per event ({@code percentage}, {@code dynamic})
   */
  public ChargePrice {
    PriceChecks.required(price, "price");
    bounds = bounds == null ? SpendBounds.NONE : bounds;
    if (transform != null && price.needsEvents()) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE,
          "quantity_transform", "divide_by " + transform.divideBy().toPlainString(),
          "no transform: the " + price.model() + " model prices events, not a quantity");
    }
  }

  /**
   * Returns a charge price without transform or bounds.
   *
   * @param price the price, not null
   * @return the charge price
   * @throws dev.billwright.error.BillingException if the price is null
   */
  public static ChargePrice of(Price price) {
    return new ChargePrice(price, null, SpendBounds.NONE);
  }
}
