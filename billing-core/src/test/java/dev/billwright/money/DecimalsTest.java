package dev.billwright.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  @Test
  void guardRails() {
    assertThatThrownBy(() -> Decimals.checkBounds(new BigDecimal("1e999999999"), "amount"))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DECIMAL_OUT_OF_BOUNDS))
        .hasMessageContaining("amount");
    assertThatThrownBy(() -> Decimals.checkBounds(new BigDecimal("1e-999999999"), "rate"))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DECIMAL_OUT_OF_BOUNDS));
    String thirty = "9".repeat(30);
    assertThat(Decimals.checkBounds(new BigDecimal(thirty), "x")).isEqualByComparingTo(thirty);
    assertThatThrownBy(() -> Decimals.checkBounds(new BigDecimal("1" + thirty), "x"))
        .isInstanceOf(BillingException.class);
    String scale64 = "0." + "0".repeat(63) + "1";
    assertThat(Decimals.parse(scale64, "x").scale()).isEqualTo(64);
    assertThatThrownBy(() -> Decimals.checkBounds(new BigDecimal("0." + "0".repeat(64) + "1"), "x"))
        .isInstanceOf(BillingException.class);
    // Trailing zeros beyond 64 places are not precision.
    assertThat(Decimals.checkBounds(new BigDecimal("0.1" + "0".repeat(80)), "x")).isNotNull();
    assertThat(Decimals.checkBounds(BigDecimal.ZERO.setScale(200), "x")).isNotNull();
  }

  @Test
  void parseAcceptsOnlyPlainDecimals() {
    assertThat(Decimals.parse("12.50", "x")).isEqualTo(new BigDecimal("12.50"));
    assertThat(Decimals.parse("-0.5", "x")).isEqualTo(new BigDecimal("-0.5"));
    assertThat(Decimals.parse(" 7 ", "x")).isEqualTo(new BigDecimal("7"));
    for (String bad : new String[] {"1e3", "1,000", "", ".5", "5.", "0x10", "NaN", "Infinity", "1e999999999"}) {
      assertThatThrownBy(() -> Decimals.parse(bad, "price")).as(bad).isInstanceOfSatisfying(
          BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    }
    assertThatThrownBy(() -> Decimals.parse(null, "x")).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
  }

  @Test
  void canonicalNeverRounds() {
    assertThat(Decimals.canonical(new BigDecimal("1.500"), 2)).isEqualTo(new BigDecimal("1.50"));
    assertThat(Decimals.canonical(new BigDecimal("1.505"), 2)).isEqualTo(new BigDecimal("1.505"));
    assertThat(Decimals.canonical(new BigDecimal("0.000"), 3)).isEqualTo(new BigDecimal("0.000"));
    assertThat(Decimals.canonical(new BigDecimal("1E+3"), 0)).isEqualTo(new BigDecimal("1000"));
  }

  /**
   * The fast path of {@code canonical} (a value already at or below the minimum scale is only
   * widened) gives exactly what stripping trailing zeros and then widening gives, for values of
   * every scale from -4 to 8, with and without trailing zeros, and zero.
   */
  @Test
  void canonicalEqualsStripThenWiden() {
    qt().forAll(longs().between(-1_000_000_000_000L, 1_000_000_000_000L), integers().between(-4, 8),
        integers().between(0, 4)).checkAssert((unscaled, scale, minScale) -> {
          // 0 to 3 trailing zeros in the unscaled value
          long zeros = (long) Math.pow(10, Math.floorMod(unscaled, 4));
          BigDecimal value = BigDecimal.valueOf(unscaled * zeros, scale);
          BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
          BigDecimal reference = stripped.scale() < minScale
              ? stripped.setScale(minScale, java.math.RoundingMode.UNNECESSARY) : stripped;
          BigDecimal canonical = Decimals.canonical(value, minScale);
          assertThat(canonical).isEqualTo(reference);
          assertThat(canonical.scale()).isEqualTo(reference.scale());
        });
  }
}
