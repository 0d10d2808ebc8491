package dev.billwright.pricing;

import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A checked tier list resolved once, when its price is built, into the arrays the tiered models
 * read on every evaluation: the bounds, unit prices, non-zero flat fees and whether each tier is
 * priced per block. It is the {@code tiers} list held by {@link GraduatedPrice},
 * {@link VolumePrice} and {@link StairstepPrice}: an unmodifiable {@link List} of the same
 * {@link Tier}s (equal to, and hashing as, any list of them), so nothing else sees a difference.
 *
 * <p>Evaluating a price then walks plain arrays: no list copy, no per-tier accessor chains, no
 * flat-fee addition when the fee is zero. Values are those of the tiers, unchanged.
 */
final class ResolvedTiers extends AbstractList<Tier> implements RandomAccess {
  private final Tier[] tiers;
  /** Inclusive cumulative bounds; the last is null (unbounded). */
  final BigDecimal[] upTo;
  /** Unit prices (zero for a tier priced per block). */
  final BigDecimal[] unitPrice;
  /** Flat fees, or null where the fee is zero (nothing to add). */
  final BigDecimal[] flatFee;
  /** Whether each tier is priced per block. */
  final boolean[] perBlock;

  private ResolvedTiers(List<Tier> checked) {
    int n = checked.size();
    tiers = checked.toArray(new Tier[0]);
    upTo = new BigDecimal[n];
    unitPrice = new BigDecimal[n];
    flatFee = new BigDecimal[n];
    perBlock = new boolean[n];
    for (int i = 0; i < n; i++) {
      Tier t = tiers[i];
      upTo[i] = t.upTo();
      unitPrice[i] = t.unitPrice();
      flatFee[i] = t.flatFee().signum() == 0 ? null : t.flatFee();
      perBlock[i] = t.perBlock();
    }
  }

  /**
   * Checks a tier list (as {@link Tiers#check}) and resolves it.
   *
   * @param tiers the tiers, not null or empty, bounds strictly increasing, the last unbounded
   * @return the resolved tiers; {@code tiers} itself when it is already resolved
   * @throws dev.billwright.error.BillingException with {@code INVALID_TIERS} as {@link Tiers#check}
   */
  static ResolvedTiers of(List<Tier> tiers) {
    if (tiers instanceof ResolvedTiers) {
      return (ResolvedTiers) tiers;
    }
    return new ResolvedTiers(Tiers.check(tiers, Tier::upTo));
  }

  /**
   * Returns the tier at an index.
   *
   * @param index from 0 to {@code size() - 1}
   * @return the tier
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  @Override
  public Tier get(int index) {
    return tiers[index];
  }

  /**
   * Returns the number of tiers.
   *
   * @return one or more
   */
  @Override
  public int size() {
    return tiers.length;
  }

  /**
   * The units' price in a tier plus its flat fee: units × unit price (or whole blocks × block
   * price) + flat fee, exact.
   *
   * @param i the tier index
   * @param units the units in the tier, zero or more
   * @return the exact subtotal
   */
  BigDecimal subtotal(int i, BigDecimal units) {
    BigDecimal variable = perBlock[i] ? tiers[i].variable(units) : units.multiply(unitPrice[i]);
    return flatFee[i] == null ? variable : variable.add(flatFee[i]);
  }

  /**
   * The graduated amount of a quantity: each reached tier's units (from the previous bound, or 0,
   * to this bound capped at the quantity) priced by {@link #subtotal}, summed. The first tier is
   * reached when the quantity is positive or {@code billFirstTierAtZero}; a later tier when the
   * quantity exceeds the previous bound.
   *
   * @param q the quantity, zero or more
   * @param billFirstTierAtZero whether a zero quantity still bills the first tier (its flat fee)
   * @return the exact amount, not canonical
   */
  BigDecimal graduatedTotal(BigDecimal q, boolean billFirstTierAtZero) {
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal from = BigDecimal.ZERO;
    int n = tiers.length;
    for (int i = 0; i < n; i++) {
      if (i == 0 ? q.signum() <= 0 && !billFirstTierAtZero : q.compareTo(from) <= 0) {
        break;
      }
      BigDecimal bound = upTo[i];
      BigDecimal top = bound == null || q.compareTo(bound) < 0 ? q : bound;
      // top ≥ from: the first tier starts at 0 ≤ q; a later tier is reached only when q > from,
      // and its bound is above the previous one.
      total = total.add(subtotal(i, top.subtract(from)));
      if (bound == null) {
        break;
      }
      from = bound;
    }
    return total;
  }

  /**
   * The index of the tier holding a quantity for the volume and stairstep models: the first
   * whose bound is at least the quantity, or the last.
   *
   * @param q the quantity, zero or more
   * @return the tier index
   */
  int volumeIndex(BigDecimal q) {
    int last = tiers.length - 1;
    int i = 0;
    while (i < last && q.compareTo(upTo[i]) > 0) {
      i++;
    }
    return i;
  }
}
