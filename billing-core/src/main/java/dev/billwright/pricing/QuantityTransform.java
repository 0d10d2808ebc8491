package dev.billwright.pricing;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Divides a charge's aggregate quantity before pricing (JSON {@code quantity_transform}:
 * {@code divide_by}, {@code round}), as Stripe's {@code transform_quantity} (for example, bill per
 * started hour of a quantity counted in minutes) and OpenMeter's unit conversion do.
 *
 * @param divideBy the divisor, greater than zero
 * @param round how the quotient is rounded (null means {@link QuantityRounding#UP})
 */
public record QuantityTransform(BigDecimal divideBy, QuantityRounding round) {
  /**
   * Validates the divisor.
   *
   * @param divideBy the divisor, greater than zero
   * @param round the rounding; null means up
   * @throws dev.billwright.error.BillingException if the divisor is missing, not positive or
   *     out of bounds
   */
  public QuantityTransform {
    divideBy = PriceChecks.positive(divideBy, "divide_by");
    round = round == null ? QuantityRounding.UP : round;
  }

  /**
   * Applies the transform. With {@link QuantityRounding#NONE} the quotient is exact when it
   * terminates, else it keeps 34 significant digits ({@link MathContext#DECIMAL128}).
   *
   * @param quantity the quantity, zero or more
   * @return the transformed quantity, zero or more
   * @throws dev.billwright.error.BillingException if the quantity is null, negative or out of
   *     bounds
   */
  public BigDecimal apply(BigDecimal quantity) {
    BigDecimal q = PriceChecks.nonNegative(quantity, "quantity");
    if (round == QuantityRounding.NONE) {
      try {
        return dev.billwright.money.Decimals.canonical(q.divide(divideBy), 0);
      } catch (ArithmeticException nonTerminating) {
        return dev.billwright.money.Decimals.canonical(q.divide(divideBy, MathContext.DECIMAL128), 0);
      }
    }
    BigDecimal[] divRem = q.divideAndRemainder(divideBy);
    BigDecimal whole = divRem[0];
    if (round == QuantityRounding.UP && divRem[1].signum() != 0) {
      whole = whole.add(BigDecimal.ONE);
    }
    return dev.billwright.money.Decimals.canonical(whole, 0);
  }
}
