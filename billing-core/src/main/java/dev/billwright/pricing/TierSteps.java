package dev.billwright.pricing;

import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.Currency;
import java.util.RandomAccess;

/**
 * The steps of a {@link TierExplanation} of a graduated, volume or stairstep price, built the
 * first time they are read. Pricing needs only the amount; an explanation's steps (one
 * {@link TierExplanation.Step} with its own {@link Money} per tier reached) are read when the
 * explanation is shown or written as JSON, so they are derived then, from the same resolved
 * tiers and quantity, by the same arithmetic as the amount. The list is unmodifiable, equal to
 * (and hashes as) any list of the same steps, and safe to read from several threads (the steps
 * are computed at most a few times, always to the same values, and published through a volatile
 * field).
 */
final class TierSteps extends AbstractList<TierExplanation.Step> implements RandomAccess {
  private final ResolvedTiers tiers;
  private final BigDecimal quantity;
  private final Currency currency;
  /** -1 for a graduated walk; otherwise the one tier a volume or stairstep price bills. */
  private final int volumeIndex;
  /** For a volume step: its amount (the price's amount itself). */
  private final Money volumeAmount;
  private final boolean billFirstTierAtZero;
  private volatile TierExplanation.Step[] steps;

  private TierSteps(ResolvedTiers tiers, BigDecimal quantity, Currency currency, int volumeIndex, Money volumeAmount,
      boolean billFirstTierAtZero) {
    this.tiers = tiers;
    this.quantity = quantity;
    this.currency = currency;
    this.volumeIndex = volumeIndex;
    this.volumeAmount = volumeAmount;
    this.billFirstTierAtZero = billFirstTierAtZero;
  }

  /** The steps of a graduated walk of {@code quantity} over {@code tiers}. */
  static TierSteps graduated(ResolvedTiers tiers, BigDecimal quantity, boolean billFirstTierAtZero, Currency currency) {
    return new TierSteps(tiers, quantity, currency, -1, null, billFirstTierAtZero);
  }

  /** The one step of a volume or stairstep price billing the whole quantity in tier {@code index}. */
  static TierSteps volume(ResolvedTiers tiers, BigDecimal quantity, int index, Money amount) {
    return new TierSteps(tiers, quantity, amount.currency(), index, amount, false);
  }

  @Override
  public TierExplanation.Step get(int index) {
    return steps()[index];
  }

  @Override
  public int size() {
    return steps().length;
  }

  private TierExplanation.Step[] steps() {
    TierExplanation.Step[] s = steps;
    if (s == null) {
      s = volumeIndex >= 0 ? new TierExplanation.Step[] {volumeStep()} : graduatedSteps();
      steps = s;
    }
    return s;
  }

  private TierExplanation.Step volumeStep() {
    BigDecimal from = volumeIndex == 0 ? BigDecimal.ZERO : tiers.upTo[volumeIndex - 1];
    return step(volumeIndex, from, quantity, volumeAmount);
  }

  /** The same walk as {@link ResolvedTiers#graduatedTotal}, keeping one step per tier reached. */
  private TierExplanation.Step[] graduatedSteps() {
    BigDecimal q = quantity;
    int n = tiers.size();
    TierExplanation.Step[] out = new TierExplanation.Step[n];
    int count = 0;
    BigDecimal from = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      if (i == 0 ? q.signum() <= 0 && !billFirstTierAtZero : q.compareTo(from) <= 0) {
        break;
      }
      BigDecimal bound = tiers.upTo[i];
      BigDecimal top = bound == null || q.compareTo(bound) < 0 ? q : bound;
      BigDecimal units = top.subtract(from);
      out[count++] = step(i, from, Decimals.canonical(units, 0), Money.of(currency, tiers.subtotal(i, units)));
      if (bound == null) {
        break;
      }
      from = bound;
    }
    return count == n ? out : java.util.Arrays.copyOf(out, count);
  }

  private TierExplanation.Step step(int index, BigDecimal from, BigDecimal units, Money subtotal) {
    Tier t = tiers.get(index);
    return t.perBlock()
        ? new TierExplanation.Step(index, from, t.upTo(), units, BigDecimal.ZERO, null, t.flatFee(), subtotal,
            t.blockSize(), t.blocks(units), t.blockPrice())
        : new TierExplanation.Step(index, from, t.upTo(), units, t.unitPrice(), null, t.flatFee(), subtotal);
  }
}
