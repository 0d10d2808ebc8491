package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;

/**
 * The result of pricing one charge for one period: the charge's line amount and, separately, the
 * true-up that meets its minimum or its commitment. All amounts are exact (not rounded).
 *
 * @param quantity the quantity before the free units and the transform (the summed value for
 *     event input)
 * @param pricedQuantity the quantity after the free units and the transform (equal to
 *     {@code quantity} without them)
 * @param rated the price's amount and explanation before the commitment and the spend bounds
 * @param maximumReduction how much the maximum removed, zero or more
 * @param amount the line amount: the rated amount with the commitment's overage factor, capped
 *     at the maximum
 * @param trueUp the separate amount that raises the charge to its minimum or its commitment
 *     ({@code true_up}), zero or more
 * @param includedUsed the free units of {@code included} that the usage used, zero or more
 * @param overageUplift what the commitment's {@code overage_factor} added to the amount above
 *     the commitment (negative for a factor below 1), zero without a commitment
 */
public record ChargeAmount(BigDecimal quantity, BigDecimal pricedQuantity, RatedAmount rated,
    Money maximumReduction, Money amount, Money trueUp, BigDecimal includedUsed, Money overageUplift) {
  /**
   * Creates a result without free units or commitment.
   *
   * @param quantity the quantity before the transform
   * @param pricedQuantity the quantity after the transform
   * @param rated the price's amount and explanation
   * @param maximumReduction how much the maximum removed
   * @param amount the line amount
   * @param trueUp the true-up
   */
  public ChargeAmount(BigDecimal quantity, BigDecimal pricedQuantity, RatedAmount rated,
      Money maximumReduction, Money amount, Money trueUp) {
    this(quantity, pricedQuantity, rated, maximumReduction, amount, trueUp, BigDecimal.ZERO,
        Money.zero(amount.currency()));
  }

  /**
   * Returns the line amount plus the true-up: what the charge costs in the period.
   *
   * @return the total, exact
   */
  public Money total() {
    return amount.plus(trueUp);
  }
}
