package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * What a charge prices with: the price model plus the charge-level quantity transform and spend
 * bounds (plan format, version 1: {@code price}, {@code quantity_transform}, {@code minimum},
 * {@code maximum}) and the usage terms of plan format 1.1: {@code price_per}, {@code included}
 * and {@code commitment}.
 *
 * @param price the price, not null
 * @param transform the quantity transform, or null for none
 * @param bounds the spend bounds, not null (null becomes {@link SpendBounds#NONE})
 * @param pricePer whether the period's quantity or each bucket's is priced (null becomes
 *     {@link PricePer#PERIOD})
 * @param included the free units per reset window, or null for none
 * @param commitment the charge's committed amount per period, or null for none
 */
public record ChargePrice(Price price, @Nullable QuantityTransform transform, SpendBounds bounds, PricePer pricePer,
    @Nullable Included included, @Nullable Commitment commitment) {
  /**
   * Validates the fields.
   *
   * @param price the price
   * @param transform the transform, or null
   * @param bounds the bounds, or null for none
   * @param pricePer the price basis, or null for the period
   * @param included the free units, or null
   * @param commitment the commitment, or null
   * @throws BillingException if the price is null, or a transform is given for a model priced
   *     per event ({@code percentage}, {@code dynamic}); {@link ErrorCode#INVALID_DEFINITION} if
   *     {@code price_per: bucket}, {@code included} or {@code commitment} is given for a model
   *     priced per event or per group ({@code matrix}, {@code capacity}), or a commitment is
   *     given with a {@code minimum} (both would add a true-up)
   */
  public ChargePrice {
    PriceChecks.required(price, "price");
    bounds = bounds == null ? SpendBounds.NONE : bounds;
    pricePer = pricePer == null ? PricePer.PERIOD : pricePer;
    if (transform != null && price.needsEvents()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE,
          "quantity_transform", "divide_by " + transform.divideBy().toPlainString(),
          "no transform: the " + price.model() + " model prices events, not a quantity");
    }
    if (price.needsEvents() || price.pricesGroups()) {
      String field = pricePer == PricePer.BUCKET ? "price_per" : included != null ? "included"
          : commitment != null ? "commitment" : null;
      if (field != null) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, field, field.equals("price_per") ? "bucket"
            : "an object", "absent: the " + price.model() + " model is not priced from one quantity");
      }
    }
    if (commitment != null && bounds.minimum() != null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "commitment", "an object",
          "absent with a minimum (" + bounds.minimum().toPlainString() + "): use either a commitment with"
              + " true_up or a minimum spend");
    }
  }

  /**
   * Creates a charge price with the plan format version 1 fields only.
   *
   * @param price the price
   * @param transform the transform, or null
   * @param bounds the bounds, or null for none
   * @throws BillingException as the canonical constructor
   */
  public ChargePrice(Price price, @Nullable QuantityTransform transform, @Nullable SpendBounds bounds) {
    this(price, transform, bounds, PricePer.PERIOD, null, null);
  }

  /**
   * Returns a charge price without transform or bounds.
   *
   * @param price the price, not null
   * @return the charge price
   * @throws BillingException if the price is null
   */
  public static ChargePrice of(Price price) {
    return new ChargePrice(price, null, SpendBounds.NONE);
  }

  /**
   * Returns a copy with other spend bounds.
   *
   * @param newBounds the bounds, or null for none
   * @return the copy
   * @throws BillingException if the bounds conflict with the commitment
   */
  public ChargePrice withBounds(@Nullable SpendBounds newBounds) {
    return new ChargePrice(price, transform, newBounds, pricePer, included, commitment);
  }

  /**
   * Tells whether pricing needs the period's usage split into buckets: {@code price_per: bucket}
   * or free units with a {@code reset} window.
   *
   * @return true when {@link UsageBuckets} must be given
   */
  public boolean needsBuckets() {
    return pricePer == PricePer.BUCKET || (included != null && included.reset() != null);
  }
}
