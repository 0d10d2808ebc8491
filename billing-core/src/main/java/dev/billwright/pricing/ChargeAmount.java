package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;

/**
 * The result of pricing one charge for one period: the charge's line amount and, separately, the
 * true-up that meets its minimum. All amounts are exact (not rounded).
 *
 * @param quantity the quantity before the transform (the summed value for event input)
 * @param pricedQuantity the quantity after the transform (equal to {@code quantity} without one)
 * @param rated the price's amount and explanation before the spend bounds
 * @param maximumReduction how much the maximum removed, zero or more
 * @param amount the line amount: the rated amount capped at the maximum
 * @param trueUp the separate amount that raises the charge to its minimum, zero or more
 */
public record ChargeAmount(BigDecimal quantity, BigDecimal pricedQuantity, RatedAmount rated,
    Money maximumReduction, Money amount, Money trueUp) {
  /**
   * Returns the line amount plus the true-up: what the charge costs in the period.
   *
   * @return the total, exact
   */
  public Money total() {
    return amount.plus(trueUp);
  }
}
