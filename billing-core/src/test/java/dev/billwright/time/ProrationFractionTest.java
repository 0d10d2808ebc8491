package dev.billwright.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class ProrationFractionTest {
  @Test
  void reducesAndCompares() {
    assertThat(ProrationFraction.of(2, 4)).isEqualTo(ProrationFraction.of(1, 2));
    assertThat(ProrationFraction.of(2, 4).hashCode()).isEqualTo(ProrationFraction.of(1, 2).hashCode());
    assertThat(ProrationFraction.of(0, 7)).isEqualTo(ProrationFraction.ZERO);
    assertThat(ProrationFraction.of(7, 7)).isEqualTo(ProrationFraction.ONE);
    assertThat(ProrationFraction.of(6, 8).numerator()).isEqualTo(BigInteger.valueOf(3));
    assertThat(ProrationFraction.of(6, 8).denominator()).isEqualTo(BigInteger.valueOf(4));
    assertThat(ProrationFraction.of(1, 3)).isLessThan(ProrationFraction.of(10, 29));
    assertThat(ProrationFraction.ZERO.isZero()).isTrue();
    assertThat(ProrationFraction.ONE.isOne()).isTrue();
  }

  @Test
  void rejectsOutOfRange() {
    assertThatThrownBy(() -> ProrationFraction.of(1, 0)).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> ProrationFraction.of(-1, 3)).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> ProrationFraction.of(4, 3)).isInstanceOf(BillingException.class)
        .hasMessageContaining("numerator");
    assertThatThrownBy(() -> ProrationFraction.of(1, -3)).isInstanceOf(BillingException.class);
  }

  @Test
  void parseRoundTrips() {
    assertThat(ProrationFraction.parse("10/31").toString()).isEqualTo("10/31");
    assertThat(ProrationFraction.parse("20/62")).isEqualTo(ProrationFraction.of(10, 31));
    assertThat(ProrationFraction.ONE.toString()).isEqualTo("1/1");
    for (String bad : new String[] {"", "1", "/2", "1/", "1/2/3", "-1/2", "1.5/2", " 1/2", "a/b"}) {
      assertThatThrownBy(() -> ProrationFraction.parse(bad)).as(bad).isInstanceOf(BillingException.class);
    }
    qt().forAll(longs().between(0, Long.MAX_VALUE), longs().between(1, Long.MAX_VALUE))
        .checkAssert((a, b) -> {
          ProrationFraction f = ProrationFraction.of(Math.min(a, b), Math.max(a, b));
          assertThat(ProrationFraction.parse(f.toString())).isEqualTo(f);
          assertThat(f.numerator().gcd(f.denominator())).isEqualTo(BigInteger.ONE);
        });
  }

  @Test
  void appliesToMoneyRoundingOnce() {
    // INR 100 × 1/3 = 33.333... -> 33.33; × 2/3 = 66.666... -> 66.67 (HALF_UP).
    assertThat(ProrationFraction.of(1, 3).applyTo(Money.of("INR", "100"), RoundingPolicy.DEFAULT))
        .isEqualTo(Money.of("INR", "33.33"));
    assertThat(ProrationFraction.of(2, 3).applyTo(Money.of("INR", "100"), RoundingPolicy.DEFAULT))
        .isEqualTo(Money.of("INR", "66.67"));
    // Rounding once: 0.125 × 1/2 = 0.0625 -> 0.06; rounding 0.125 first to 0.13 would give 0.07.
    assertThat(ProrationFraction.of(1, 2).applyTo(Money.of("USD", "0.125"), RoundingPolicy.DEFAULT))
        .isEqualTo(Money.of("USD", "0.06"));
    assertThat(ProrationFraction.of(1, 3).applyTo(Money.of("JPY", "1000"), RoundingPolicy.DEFAULT))
        .isEqualTo(Money.of("JPY", "333"));
    assertThat(ProrationFraction.of(1, 3).applyTo(Money.of("INR", "-100"), RoundingPolicy.DEFAULT))
        .isEqualTo(Money.of("INR", "-33.33"));
  }

  @Test
  void decimalForDisplay() {
    assertThat(ProrationFraction.of(10, 31).toBigDecimal(new MathContext(9, RoundingMode.HALF_UP)))
        .isEqualByComparingTo(new BigDecimal("0.322580645"));
    assertThat(ProrationFraction.of(1, 4).toBigDecimal(MathContext.UNLIMITED)).isEqualByComparingTo("0.25");
  }
}
