package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.money.Allocation;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import javax.money.MonetaryAmount;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Checks that every variant of an operation in {@link MoneyBenchmark} computes the same numbers
 * from the same inputs (so the ratios compare like with like), that the hand-written allocation
 * baseline agrees with {@link Allocation#allocate}, and that every benchmark method runs.
 */
class MoneyBenchmarkTest {
  private static final Currency INR = Currency.getInstance("INR");

  private static MoneyBenchmark.Amounts amounts() {
    MoneyBenchmark.Amounts in = new MoneyBenchmark.Amounts();
    in.setUp();
    return in;
  }

  private static MoneyBenchmark.Split split(int parts) {
    MoneyBenchmark.Split in = new MoneyBenchmark.Split();
    in.parts = parts;
    in.setUp();
    return in;
  }

  private static BigDecimal number(MonetaryAmount amount) {
    return amount.getNumber().numberValueExact(BigDecimal.class);
  }

  @Test
  void everyPlusVariantReturnsTheExactSum() {
    MoneyBenchmark.Amounts in = amounts();
    MoneyBenchmark b = new MoneyBenchmark();
    // Oracle: the sum of the decimals the inputs were built from, added one by one.
    BigDecimal expected = BigDecimal.ZERO;
    for (BigDecimal a : in.amounts) {
      expected = expected.add(a);
    }
    assertThat(b.plus(in).amount()).isEqualByComparingTo(expected);
    assertThat(b.plus_baseline(in)).isEqualByComparingTo(expected);
    assertThat(number(b.plus_moneta(in))).isEqualByComparingTo(expected);
    assertThat(number(b.plus_monetaFast(in))).isEqualByComparingTo(expected);
    assertThat(b.plus_jodaBig(in).getAmount()).isEqualByComparingTo(expected);
    assertThat(b.plus_joda(in).getAmount()).isEqualByComparingTo(expected);
  }

  @Test
  void everyMultiplyVariantIsExactOnTheseInputs() {
    MoneyBenchmark.Amounts in = amounts();
    for (int i = 0; i < MoneyBenchmark.BATCH; i++) {
      BigDecimal expected = in.prices[i].multiply(in.quantities[i]);
      assertThat(in.bwPrices[i].multipliedBy(in.quantities[i]).amount())
          .isEqualByComparingTo(expected);
      assertThat(number(in.monetaPrices[i].multiply(in.quantities[i])))
          .isEqualByComparingTo(expected);
      assertThat(number(in.fastPrices[i].multiply(in.quantities[i])))
          .isEqualByComparingTo(expected);
      assertThat(in.jodaBigPrices[i].multipliedBy(in.quantities[i]).getAmount())
          .isEqualByComparingTo(expected);
    }
  }

  @Test
  void everyRoundVariantRoundsHalfUpToPaise() {
    MoneyBenchmark.Amounts in = amounts();
    int needRounding = 0;
    for (int i = 0; i < MoneyBenchmark.BATCH; i++) {
      // Oracle: half up to two decimals, by hand on the unscaled value (scale 4, non-negative).
      long unscaled = in.lines[i].unscaledValue().longValueExact();
      assertThat(in.lines[i].scale()).isEqualTo(4);
      long hundredths = unscaled / 100 + (unscaled % 100 >= 50 ? 1 : 0);
      BigDecimal expected = BigDecimal.valueOf(hundredths, 2);
      if (unscaled % 100 != 0) {
        needRounding++;
      }
      assertThat(in.bwPolicy.round(in.bwLines[i]).amount()).isEqualByComparingTo(expected);
      assertThat(in.lines[i].setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo(expected);
      assertThat(number(in.monetaLines[i].with(in.monetaRounding))).isEqualByComparingTo(expected);
      assertThat(number(in.fastLines[i].with(in.monetaRounding))).isEqualByComparingTo(expected);
      assertThat(in.jodaBigLines[i].withCurrencyScale(RoundingMode.HALF_UP).getAmount())
          .isEqualByComparingTo(expected);
      assertThat(in.jodaBigLines[i].toMoney(RoundingMode.HALF_UP).getAmount())
          .isEqualByComparingTo(expected);
    }
    // The benchmark measures real rounding, not only rescaling.
    assertThat(needRounding).isGreaterThan(MoneyBenchmark.BATCH / 2);
  }

  @Test
  void allocationBaselineMatchesAllocationOnTheBenchmarkInputs() {
    for (int parts : new int[] {3, 12}) {
      MoneyBenchmark.Split in = split(parts);
      List<Money> expected = new MoneyBenchmark().allocate(in);
      BigDecimal[] actual = new MoneyBenchmark().allocate_baseline(in);
      assertThat(actual).hasSize(parts);
      for (int i = 0; i < parts; i++) {
        assertThat(actual[i]).isEqualByComparingTo(expected.get(i).amount());
      }
    }
    // Worked example from Allocation's Javadoc, scaled: INR 1000.00 over 1:1:1 is
    // 333.34, 333.33, 333.33 (the leftover paisa to the earliest tied weight).
    assertThat(new MoneyBenchmark().allocate_baseline(split(3)))
        .containsExactly(new BigDecimal("333.34"), new BigDecimal("333.33"),
            new BigDecimal("333.33"));
  }

  @Test
  void allocationBaselineMatchesAllocationForAnyTotalAndWeights() {
    qt().forAll(
            longs().between(0, 1_000_000_000_000L),
            lists().of(integers().between(0, 1_000)).ofSizeBetween(1, 15))
        .assuming((total, weights) -> weights.stream().anyMatch(w -> w > 0))
        .checkAssert((total, weights) -> {
          BigDecimal amount = BigDecimal.valueOf(total, 2);
          BigDecimal[] w = new BigDecimal[weights.size()];
          List<BigDecimal> list = new ArrayList<>();
          for (int i = 0; i < w.length; i++) {
            w[i] = BigDecimal.valueOf(weights.get(i));
            list.add(w[i]);
          }
          List<Money> expected =
              Allocation.allocate(Money.of(INR, amount), list, RoundingPolicy.DEFAULT);
          BigDecimal[] actual = MoneyBenchmark.allocateBaseline(amount, w);
          assertThat(actual).hasSize(expected.size());
          for (int i = 0; i < w.length; i++) {
            assertThat(actual[i]).isEqualByComparingTo(expected.get(i).amount());
          }
        });
  }

  @Test
  void everyBenchmarkMethodRuns() {
    MoneyBenchmark b = new MoneyBenchmark();
    MoneyBenchmark.Amounts in = amounts();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    b.multiply(in, bh);
    b.multiply_baseline(in, bh);
    b.multiply_moneta(in, bh);
    b.multiply_monetaFast(in, bh);
    b.multiply_jodaBig(in, bh);
    b.round(in, bh);
    b.round_baseline(in, bh);
    b.round_moneta(in, bh);
    b.round_monetaFast(in, bh);
    b.round_jodaBig(in, bh);
    b.round_joda(in, bh);
    bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    assertThat(b.allocate(split(12))).hasSize(12);
  }
}
