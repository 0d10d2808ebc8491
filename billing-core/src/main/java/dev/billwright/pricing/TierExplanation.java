package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The explanation of the tiered models ({@code graduated}, {@code volume}, {@code stairstep},
 * {@code graduated_percentage}): one step per tier billed.
 *
 * @param model the model name
 * @param quantity the quantity priced, zero or more
 * @param amount the exact amount, the sum of the step subtotals
 * @param steps the tiers billed, in tier order (empty when nothing is billed)
 */
public record TierExplanation(String model, BigDecimal quantity, Money amount, List<Step> steps)
    implements Explanation {
  /**
   * Copies the steps (the steps a tiered price derives when first read are kept as they are:
   * they are already unmodifiable).
   *
   * @param model the model name
   * @param quantity the quantity
   * @param amount the amount
   * @param steps the steps
   */
  public TierExplanation {
    steps = steps instanceof TierSteps ? steps : List.copyOf(steps);
  }

  /**
   * One tier billed.
   *
   * @param tier the tier's index in the price, from 0
   * @param from the tier's exclusive lower bound (the previous tier's {@code up_to}, or 0)
   * @param to the tier's inclusive upper bound, or null when unbounded
   * @param units the units priced in this tier (for volume and stairstep, the whole quantity)
   * @param unitPrice the unit price in major units (zero for stairstep), or null for a
   *     percentage tier
   * @param rate the rate in percent for a percentage tier, else null
   * @param flatFee the tier's flat fee billed
   * @param subtotal units × unit price (or × rate / 100, or blocks × block price) + flat fee,
   *     exact
   * @param blockSize for a tier priced per block (Kill Bill tiered block), the units in one
   *     block, else null
   * @param blocks for a tier priced per block, ⌈units / blockSize⌉, else null
   * @param blockPrice for a tier priced per block, the price of one block, else null
   */
  public record Step(int tier, BigDecimal from, @Nullable BigDecimal to, BigDecimal units, @Nullable BigDecimal unitPrice,
      BigDecimal rate, BigDecimal flatFee, Money subtotal, BigDecimal blockSize, BigDecimal blocks,
      BigDecimal blockPrice) {
    /**
     * Creates a step of a tier priced per unit or per rate (no blocks).
     *
     * @param tier the tier's index
     * @param from the exclusive lower bound
     * @param to the inclusive upper bound, or null
     * @param units the units priced in the tier
     * @param unitPrice the unit price, or null for a percentage tier
     * @param rate the rate in percent, or null
     * @param flatFee the flat fee billed
     * @param subtotal the exact subtotal
     */
    public Step(int tier, BigDecimal from, @Nullable BigDecimal to, BigDecimal units, @Nullable BigDecimal unitPrice,
        @Nullable BigDecimal rate, BigDecimal flatFee, Money subtotal) {
      this(tier, from, to, units, unitPrice, rate, flatFee, subtotal, null, null, null);
    }
  }
}
