package dev.billwright.pricing;

/**
 * A price model: an immutable, validated definition of how a quantity or a list of events turns
 * into an amount. The semantics of each model are those of the plan format, version 1
 * (docs/plan-format.md); {@link PriceCalculator} computes them.
 *
 * <p>Every decimal a price holds is stored in canonical form (trailing zeros stripped), so two
 * prices are equal when their values are numerically equal.
 */
public sealed interface Price
    permits FlatPrice, PerUnitPrice, PackagePrice, GraduatedPrice, VolumePrice, StairstepPrice,
        PercentagePrice, GraduatedPercentagePrice, MatrixPrice, DynamicPrice, CapacityPrice {

  /**
   * Returns the model's name as written in the {@code model} field of price JSON.
   *
   * @return the model name, such as {@code graduated}, never null
   */
  String model();

  /**
   * Tells whether this model is priced from individual events ({@code percentage},
   * {@code dynamic}) rather than from an aggregate quantity.
   *
   * @return true when the model needs {@link PricingInput#events()}
   */
  default boolean needsEvents() {
    return false;
  }

  /**
   * Tells whether this model prices the quantities of each group of dimension values together
   * ({@code matrix}, {@code capacity}) rather than one aggregate quantity.
   *
   * @return true when the model needs {@link PricingInput#groups()} (or, for matrix, events)
   */
  default boolean pricesGroups() {
    return false;
  }
}
