package dev.billwright.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTest {
  private static final List<BigDecimal> THIRDS = List.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);

  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  @Test
  void fivePaiseOverThree() {
    // The documented example (Allocation Javadoc, CONTRIBUTING.md): 0.05 -> 0.02, 0.02, 0.01.
    assertThat(Allocation.allocate(inr("0.05"), THIRDS, RoundingPolicy.DEFAULT))
        .containsExactly(inr("0.02"), inr("0.02"), inr("0.01"));
    assertThat(Allocation.allocate(inr("-0.05"), THIRDS, RoundingPolicy.DEFAULT))
        .containsExactly(inr("-0.02"), inr("-0.02"), inr("-0.01"));
    // Foemmel's conundrum (Fowler, PoEAA, Money): 5 cents split 70:30. Exact shares 3.5 and 1.5
    // cents; remainders tie, so the earlier part gets the extra cent: 0.04, 0.01.
    assertThat(Allocation.allocate(Money.of("USD", "0.05"), List.of(new BigDecimal("70"), new BigDecimal("30")),
        RoundingPolicy.DEFAULT)).containsExactly(Money.of("USD", "0.04"), Money.of("USD", "0.01"));
    assertThat(Allocation.allocate(Money.of("JPY", "10"), THIRDS, RoundingPolicy.DEFAULT))
        .containsExactly(Money.of("JPY", "4"), Money.of("JPY", "3"), Money.of("JPY", "3"));
    assertThat(Allocation.allocate(inr("1"), List.of(BigDecimal.ZERO, BigDecimal.ONE), RoundingPolicy.DEFAULT))
        .containsExactly(inr("0"), inr("1"));
    // Largest remainder, not first: 0.10 over 1.4:1.6:7 is 1.4, 1.6, 7 paise exactly; floors 1, 1, 7
    // leave one paisa, which goes to the largest remainder (0.6, the second part).
    assertThat(Allocation.allocate(inr("0.10"), List.of(new BigDecimal("1.4"), new BigDecimal("1.6"),
        new BigDecimal("7")), RoundingPolicy.DEFAULT)).containsExactly(inr("0.01"), inr("0.02"), inr("0.07"));
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> Allocation.allocate(inr("1"), List.of(), RoundingPolicy.DEFAULT))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ALLOCATION_WEIGHTS));
    assertThatThrownBy(() -> Allocation.allocate(inr("1"), List.of(BigDecimal.ONE, BigDecimal.ONE.negate()),
        RoundingPolicy.DEFAULT)).isInstanceOf(BillingException.class).hasMessageContaining("weights[1]");
    assertThatThrownBy(() -> Allocation.allocate(inr("1"), List.of(BigDecimal.ZERO), RoundingPolicy.DEFAULT))
        .isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> Allocation.allocate(inr("0.005"), THIRDS, RoundingPolicy.DEFAULT))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.AMOUNT_NOT_AT_SCALE));
  }

  @Test
  void sumIsExactAndEachPartIsWithinOneUnit() {
    qt().withExamples(2000).forAll(longs().between(-10_000_000_000L, 10_000_000_000L),
        lists().of(integers().between(0, 1_000_000)).ofSizeBetween(1, 12), integers().between(0, 3))
        .checkAssert((paise, ints, scale) -> {
          List<BigDecimal> weights = new ArrayList<>();
          for (int w : ints) {
            weights.add(BigDecimal.valueOf(w, scale));
          }
          if (weights.stream().allMatch(w -> w.signum() == 0)) {
            weights.set(0, BigDecimal.ONE);
          }
          Money total = Money.of(Money.currency("INR"), BigDecimal.valueOf(paise, 2));
          List<Money> parts = Allocation.allocate(total, weights, RoundingPolicy.DEFAULT);
          assertThat(Money.total(total.currency(), parts)).isEqualTo(total);
          BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
          for (int i = 0; i < parts.size(); i++) {
            BigDecimal exact = total.amount().multiply(weights.get(i)).divide(sum, MathContext.DECIMAL128);
            assertThat(parts.get(i).amount().subtract(exact).abs()).isLessThan(new BigDecimal("0.01"));
            assertThat(parts.get(i).amount().signum() * total.amount().signum()).isGreaterThanOrEqualTo(0);
          }
          assertThat(Allocation.allocate(total, weights, RoundingPolicy.DEFAULT)).isEqualTo(parts);
        });
  }

  @Test
  void tiesGoToEarlierParts() {
    // Equal weights: units / n each, the leftover units to the first parts in order.
    qt().forAll(longs().between(0, 1_000_000), integers().between(1, 20)).checkAssert((paise, n) -> {
      List<BigDecimal> weights = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        weights.add(BigDecimal.ONE);
      }
      List<Money> parts = Allocation.allocate(Money.of(Money.currency("INR"), BigDecimal.valueOf(paise, 2)),
          weights, RoundingPolicy.DEFAULT);
      long base = paise / n;
      long extra = paise % n;
      for (int i = 0; i < n; i++) {
        assertThat(parts.get(i).amount()).isEqualByComparingTo(BigDecimal.valueOf(base + (i < extra ? 1 : 0), 2));
      }
    });
  }

  @Test
  void incrementPolicyAllocatesWholeIncrements() {
    RoundingPolicy nickel = RoundingPolicy.ofIncrement(new BigDecimal("0.05"), RoundingMode.HALF_UP);
    assertThat(Allocation.allocate(inr("1.00"), THIRDS, nickel))
        .containsExactly(inr("0.35"), inr("0.35"), inr("0.30"));
  }
}
