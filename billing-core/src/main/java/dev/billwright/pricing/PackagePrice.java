package dev.billwright.pricing;

import java.math.BigDecimal;

/**
 * A price per package of units (model {@code package}): amount = ⌈(q − free_units)⁺ /
 * package_size⌉ × package_price, or ⌊…⌋ when {@code round} is {@link PackageRounding#DOWN}. Free
 * units are removed first and packages restart from zero after them, as Lago documents
 * (package charge model); Stripe's equivalent is {@code transform_quantity} with
 * {@code divide_by} and {@code round}.
 *
 * @param packageSize the units in one package, greater than zero
 * @param packagePrice the price of one package in major units, zero or more, at most 12 decimals
 * @param freeUnits the free units, zero or more (null means zero)
 * @param round how a started package counts (null means {@link PackageRounding#UP})
 */
public record PackagePrice(BigDecimal packageSize, BigDecimal packagePrice, BigDecimal freeUnits,
    PackageRounding round) implements Price {
  /**
   * Validates and canonicalises the fields.
   *
   * @param packageSize the package size, greater than zero
   * @param packagePrice the package price, zero or more, at most 12 decimals
   * @param freeUnits the free units, zero or more; null means zero
   * @param round the rounding; null means up
   * @throws dev.billwright.error.BillingException if a field is missing, out of range or out of
   *     bounds
   */
  public PackagePrice {
    packageSize = PriceChecks.positive(packageSize, "package_size");
    packagePrice = PriceChecks.price(packagePrice, "package_price");
    freeUnits = freeUnits == null ? BigDecimal.ZERO : PriceChecks.nonNegative(freeUnits, "free_units");
    round = round == null ? PackageRounding.UP : round;
  }

  /**
   * Returns a package price without free units that rounds started packages up.
   *
   * @param packageSize the package size, greater than zero
   * @param packagePrice the package price, zero or more, at most 12 decimals
   * @return the price
   * @throws dev.billwright.error.BillingException if a field is invalid
   */
  public static PackagePrice of(BigDecimal packageSize, BigDecimal packagePrice) {
    return new PackagePrice(packageSize, packagePrice, BigDecimal.ZERO, PackageRounding.UP);
  }

  @Override
  public String model() {
    return "package";
  }
}
