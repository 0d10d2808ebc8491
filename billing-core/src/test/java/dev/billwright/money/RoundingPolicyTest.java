package dev.billwright.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class RoundingPolicyTest {
  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  @Test
  void modesAndCurrencyMinorUnits() {
    assertThat(RoundingPolicy.DEFAULT.round(inr("2.345"))).isEqualTo(inr("2.35"));
    assertThat(RoundingPolicy.DEFAULT.round(inr("-2.345"))).isEqualTo(inr("-2.35"));
    assertThat(RoundingPolicy.ofCurrency(RoundingMode.HALF_EVEN).round(inr("2.345"))).isEqualTo(inr("2.34"));
    assertThat(RoundingPolicy.ofCurrency(RoundingMode.HALF_EVEN).round(inr("2.355"))).isEqualTo(inr("2.36"));
    assertThat(RoundingPolicy.ofCurrency(RoundingMode.DOWN).round(inr("2.349"))).isEqualTo(inr("2.34"));
    assertThat(RoundingPolicy.DEFAULT.round(Money.of("JPY", "100.5"))).isEqualTo(Money.of("JPY", "101"));
    assertThat(RoundingPolicy.DEFAULT.round(Money.of("BHD", "1.0005"))).isEqualTo(Money.of("BHD", "1.001"));
    assertThat(RoundingPolicy.DEFAULT.round(Money.of("KWD", "1.0004"))).isEqualTo(Money.of("KWD", "1.000"));
    assertThatThrownBy(() -> RoundingPolicy.ofCurrency(RoundingMode.UNNECESSARY).round(inr("1.005")))
        .isInstanceOf(ArithmeticException.class);
    assertThat(RoundingPolicy.ofCurrency(RoundingMode.UNNECESSARY).round(inr("1.05"))).isEqualTo(inr("1.05"));
  }

  @Test
  void fixedScaleAndIncrement() {
    // Whole rupees (GST totals rounded to the rupee): 1180.50 -> 1181 HALF_UP.
    RoundingPolicy rupee = RoundingPolicy.ofScale(0, RoundingMode.HALF_UP);
    assertThat(rupee.round(inr("1180.50"))).isEqualTo(inr("1181"));
    assertThat(rupee.scaleFor(Money.currency("INR"))).isZero();
    assertThat(rupee.unit(Money.currency("INR"))).isEqualByComparingTo("1");
    // Cash rounding to 0.05: 1.025 is 20.5 steps -> 21 -> 1.05; 1.024 -> 1.00; 1.074 -> 1.05.
    RoundingPolicy nickel = RoundingPolicy.ofIncrement(new BigDecimal("0.05"), RoundingMode.HALF_UP);
    assertThat(nickel.round(inr("1.025"))).isEqualTo(inr("1.05"));
    assertThat(nickel.round(inr("1.024"))).isEqualTo(inr("1.00"));
    assertThat(nickel.round(inr("1.074"))).isEqualTo(inr("1.05"));
    assertThat(nickel.round(inr("-1.025"))).isEqualTo(inr("-1.05"));
    assertThat(nickel.scaleFor(Money.currency("INR"))).isEqualTo(2);
    assertThat(nickel.unit(Money.currency("JPY"))).isEqualByComparingTo("0.05");
    assertThat(nickel.isRounded(inr("1.10"))).isTrue();
    assertThat(nickel.isRounded(inr("1.11"))).isFalse();
    assertThatThrownBy(() -> RoundingPolicy.ofScale(13, RoundingMode.HALF_UP)).isInstanceOfSatisfying(
        BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> RoundingPolicy.ofScale(-1, RoundingMode.HALF_UP)).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> RoundingPolicy.ofIncrement(BigDecimal.ZERO, RoundingMode.HALF_UP))
        .isInstanceOf(BillingException.class);
    assertThat(RoundingPolicy.ofIncrement(new BigDecimal("0.050"), RoundingMode.HALF_UP)).isEqualTo(nickel);
  }

  @Test
  void roundRatioRoundsOnce() {
    // 100 / 3 = 33.333... -> 33.33; rounding 0.125 first would give 0.13 / 2 -> 0.07 instead of 0.06.
    assertThat(RoundingPolicy.DEFAULT.roundRatio(inr("100"), BigInteger.ONE, BigInteger.valueOf(3))).isEqualTo(inr("33.33"));
    assertThat(RoundingPolicy.DEFAULT.roundRatio(inr("0.125"), BigInteger.ONE, BigInteger.TWO)).isEqualTo(inr("0.06"));
    assertThat(RoundingPolicy.ofIncrement(new BigDecimal("0.05"), RoundingMode.HALF_UP)
        .roundRatio(inr("1"), BigInteger.ONE, BigInteger.valueOf(3))).isEqualTo(inr("0.35"));
    assertThatThrownBy(() -> RoundingPolicy.DEFAULT.roundRatio(inr("1"), BigInteger.ONE, BigInteger.ZERO))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> RoundingPolicy.DEFAULT.roundRatio(inr("1"), BigInteger.valueOf(-1), BigInteger.ONE))
        .isInstanceOf(BillingException.class);
  }

  @Test
  void roundRatioMatchesAnIntegerOracle() {
    // Oracle in integer paise: HALF_UP of a·n/d (a in paise, a >= 0) is floor((2·a·n + d) / (2·d)).
    qt().forAll(longs().between(0, 10_000_000_000L), longs().between(0, 1_000_000L), longs().between(1, 1_000_000L))
        .checkAssert((paise, n, d) -> {
          BigInteger a = BigInteger.valueOf(paise);
          BigInteger num = BigInteger.valueOf(n);
          BigInteger den = BigInteger.valueOf(d);
          BigInteger expected = a.multiply(num).multiply(BigInteger.TWO).add(den).divide(den.multiply(BigInteger.TWO));
          Money m = Money.of(Money.currency("INR"), new BigDecimal(a, 2));
          assertThat(RoundingPolicy.DEFAULT.roundRatio(m, num, den))
              .isEqualTo(Money.of(Money.currency("INR"), new BigDecimal(expected, 2)));
          assertThat(RoundingPolicy.DEFAULT.roundRatio(m.negated(), num, den))
              .isEqualTo(Money.of(Money.currency("INR"), new BigDecimal(expected.negate(), 2)));
        });
  }
}
