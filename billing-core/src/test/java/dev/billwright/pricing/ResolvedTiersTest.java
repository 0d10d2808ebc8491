package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.money.Decimals;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tiered prices evaluated over their resolved tiers, with explanation steps derived when
 * first read, give exactly what the straightforward walk over the {@link Tier} list gives: the
 * same amount and the same steps, for unit and block tiers, with and without flat fees, with
 * and without billing the first tier at zero.
 */
class ResolvedTiersTest {
  private static final Currency INR = Currency.getInstance("INR");

  @Test
  void graduatedAndVolumeEqualTheWalkOverTheTierList() {
    qt().forAll(longs().between(0, Long.MAX_VALUE / 4), integers().between(1, 12), longs().between(0, 5_000_000),
        integers().between(0, 3)).checkAssert((seed, n, quantity, scale) -> {
          List<Tier> tiers = tiers(new SplittableRandom(seed), n);
          BigDecimal q = Decimals.canonical(BigDecimal.valueOf(quantity, scale), 0); // as PricingInput keeps it
          for (boolean atZero : new boolean[] {true, false}) {
            check(new GraduatedPrice(tiers, atZero), referenceGraduated("graduated", tiers, atZero, q), q);
            check(new VolumePrice(tiers, atZero), referenceVolume("volume", tiers, atZero, q), q);
            List<Tier> flat = new ArrayList<>();
            for (Tier t : tiers) {
              flat.add(new Tier(t.upTo(), null, t.flatFee().add(BigDecimal.ONE)));
            }
            check(new StairstepPrice(flat, atZero), referenceVolume("stairstep", flat, atZero, q), q);
          }
        });
  }

  @Test
  void resolvedTiersAreAnEqualList() {
    List<Tier> tiers = tiers(new SplittableRandom(7), 5);
    GraduatedPrice p = GraduatedPrice.of(tiers);
    assertThat(p.tiers()).isEqualTo(tiers).hasSameHashCodeAs(tiers).containsExactlyElementsOf(tiers);
    assertThat(p.tiers().toString()).isEqualTo(tiers.toString());
    assertThat(p).isEqualTo(GraduatedPrice.of(List.copyOf(tiers)));
    assertThat(GraduatedPrice.of(p.tiers()).tiers()).isSameAs(p.tiers());
  }

  private static void check(Price price, RatedAmount expected, BigDecimal q) {
    RatedAmount actual = PriceCalculator.DEFAULT.calculate(price, q, INR);
    assertThat(actual.amount()).isEqualTo(expected.amount());
    TierExplanation e = (TierExplanation) actual.explanation();
    TierExplanation x = (TierExplanation) expected.explanation();
    assertThat(e.steps()).isEqualTo(x.steps()).hasSameHashCodeAs(x.steps());
    assertThat(e).isEqualTo(x);
    assertThat(List.copyOf(e.steps())).isEqualTo(e.steps());
    assertThat(ExplanationJson.write(e)).isEqualTo(ExplanationJson.write(x));
  }

  /** Random strictly increasing tiers, one in three per block, one in two with a flat fee. */
  private static List<Tier> tiers(SplittableRandom random, int n) {
    List<Tier> out = new ArrayList<>();
    long bound = 0;
    for (int i = 0; i < n; i++) {
      bound += random.nextLong(1, 1_000_000);
      BigDecimal upTo = i == n - 1 ? null : BigDecimal.valueOf(bound, random.nextInt(0, 3));
      if (upTo != null && !out.isEmpty() && upTo.compareTo(out.get(out.size() - 1).upTo()) <= 0) {
        upTo = out.get(out.size() - 1).upTo().add(BigDecimal.ONE);
      }
      BigDecimal flat = random.nextBoolean() ? BigDecimal.valueOf(random.nextLong(0, 10_000), 2) : null;
      if (random.nextInt(3) == 0) {
        out.add(new Tier(upTo, null, flat, BigDecimal.valueOf(random.nextLong(1, 500)),
            BigDecimal.valueOf(random.nextLong(0, 100_000), 3)));
      } else {
        out.add(new Tier(upTo, BigDecimal.valueOf(random.nextLong(0, 100_000), random.nextInt(0, 6)), flat));
      }
    }
    return out;
  }

  // The walks as they were written before the tiers were resolved (eager steps).

  private static RatedAmount referenceGraduated(String model, List<Tier> tiers, boolean billFirstTierAtZero,
      BigDecimal q) {
    List<TierExplanation.Step> steps = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal from = BigDecimal.ZERO;
    for (int i = 0; i < tiers.size(); i++) {
      Tier t = tiers.get(i);
      boolean reached = i == 0 ? q.signum() > 0 || billFirstTierAtZero : q.compareTo(from) > 0;
      if (!reached) {
        break;
      }
      BigDecimal top = t.upTo() == null ? q : q.min(t.upTo());
      BigDecimal units = top.subtract(from).max(BigDecimal.ZERO);
      BigDecimal subtotal = t.variable(units).add(t.flatFee());
      total = total.add(subtotal);
      steps.add(step(i, from, t, Decimals.canonical(units, 0), Money.of(INR, subtotal)));
      if (t.upTo() == null) {
        break;
      }
      from = t.upTo();
    }
    return new RatedAmount(Money.of(INR, total), new TierExplanation(model, q, Money.of(INR, total), steps));
  }

  private static RatedAmount referenceVolume(String model, List<Tier> tiers, boolean billFirstTierAtZero,
      BigDecimal q) {
    if (q.signum() == 0 && !billFirstTierAtZero) {
      Money zero = Money.zero(INR);
      return new RatedAmount(zero, new TierExplanation(model, q, zero, List.of()));
    }
    BigDecimal from = BigDecimal.ZERO;
    int index = 0;
    for (; index < tiers.size() - 1; index++) {
      if (q.compareTo(tiers.get(index).upTo()) <= 0) {
        break;
      }
      from = tiers.get(index).upTo();
    }
    Tier tier = tiers.get(index);
    Money amount = Money.of(INR, tier.variable(q).add(tier.flatFee()));
    return new RatedAmount(amount, new TierExplanation(model, q, amount, List.of(step(index, from, tier, q, amount))));
  }

  private static TierExplanation.Step step(int index, BigDecimal from, Tier t, BigDecimal units, Money subtotal) {
    return t.perBlock()
        ? new TierExplanation.Step(index, from, t.upTo(), units, BigDecimal.ZERO, null, t.flatFee(), subtotal,
            t.blockSize(), t.blocks(units), t.blockPrice())
        : new TierExplanation.Step(index, from, t.upTo(), units, t.unitPrice(), null, t.flatFee(), subtotal);
  }
}
