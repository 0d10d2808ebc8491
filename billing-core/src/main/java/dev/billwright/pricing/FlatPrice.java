package dev.billwright.pricing;

import java.math.BigDecimal;

/**
 * A flat amount, billed once per period whatever the quantity (model {@code flat}).
 *
 * @param amount the amount in major units of the currency, zero or more, at most 12 decimals
 */
public record FlatPrice(BigDecimal amount) implements Price {
  /**
   * Validates and canonicalises the amount.
   *
   * @param amount the amount in major units, zero or more, at most 12 decimals
   * @throws dev.billwright.error.BillingException if the amount is null, negative, out of bounds
   *     or has more than 12 decimals
   */
  public FlatPrice {
    amount = PriceChecks.price(amount, "amount");
  }

  /**
   * Returns a flat price.
   *
   * @param amount the amount in major units, zero or more, at most 12 decimals
   * @return the price
   * @throws dev.billwright.error.BillingException if the amount is invalid
   */
  public static FlatPrice of(BigDecimal amount) {
    return new FlatPrice(amount);
  }

  @Override
  public String model() {
    return "flat";
  }
}
