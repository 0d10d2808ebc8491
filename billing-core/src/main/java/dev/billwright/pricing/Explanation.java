package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;

/**
 * How a rated amount was computed, so an invoice line can show it. Each variant holds exact
 * (unrounded) values; {@link ExplanationJson#write(Explanation)} turns it into JSON (snake_case,
 * decimals as strings).
 */
public sealed interface Explanation
    permits LineExplanation, TierExplanation, PercentageExplanation, MatrixExplanation,
        BucketExplanation {

  /**
   * Returns the price model that produced the amount.
   *
   * @return the model name, such as {@code graduated}
   */
  String model();

  /**
   * Returns the quantity the price was applied to (for event models, the summed event value).
   *
   * @return the quantity, zero or more
   */
  BigDecimal quantity();

  /**
   * Returns the exact amount explained.
   *
   * @return the amount, not rounded
   */
  Money amount();
}
