package dev.billwright.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyTest {
  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  @Test
  void arithmeticIsExact() {
    assertThat(inr("0.10").plus(inr("0.20"))).isEqualTo(inr("0.30"));
    assertThat(inr("1180").minus(inr("180.005"))).isEqualTo(inr("999.995"));
    assertThat(inr("10").multipliedBy(new BigDecimal("0.333"))).isEqualTo(inr("3.33"));
    assertThat(inr("0.20").multipliedBy(new BigDecimal("0.001")).amount()).isEqualByComparingTo("0.0002");
    assertThat(inr("5").negated()).isEqualTo(inr("-5"));
    assertThat(inr("-5").abs()).isEqualTo(inr("5"));
    assertThat(inr("5").max(inr("7"))).isEqualTo(inr("7"));
    assertThat(inr("5").min(inr("7"))).isEqualTo(inr("5"));
    assertThat(Money.zero(Money.currency("INR")).isZero()).isTrue();
    assertThat(inr("0.01").isPositive()).isTrue();
    assertThat(inr("-0.01").isNegative()).isTrue();
    assertThat(Money.total(Money.currency("INR"), List.of(inr("1"), inr("2.5")))).isEqualTo(inr("3.5"));
    assertThat(Money.total(Money.currency("INR"), List.of())).isEqualTo(inr("0"));
  }

  @Test
  void differentCurrenciesNeverCombine() {
    Money usd = Money.of("USD", "1");
    for (Runnable r : List.<Runnable>of(() -> inr("1").plus(usd), () -> inr("1").minus(usd),
        () -> inr("1").compareTo(usd), () -> inr("1").max(usd),
        () -> Money.total(Money.currency("INR"), List.of(inr("1"), usd)))) {
      assertThatThrownBy(r::run).isInstanceOfSatisfying(BillingException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH)).hasMessageContaining("USD");
    }
    assertThat(inr("1")).isNotEqualTo(Money.of("USD", "1"));
  }

  @Test
  void canonicalScaleMakesEqualsAgreeWithCompareTo() {
    assertThat(inr("1180")).isEqualTo(inr("1180.000")).hasSameHashCodeAs(inr("1180.000"));
    assertThat(inr("1180").toString()).isEqualTo("INR 1180.00");
    assertThat(inr("1180.5").toString()).isEqualTo("INR 1180.50");
    assertThat(inr("0.125").toString()).isEqualTo("INR 0.125");
    assertThat(Money.of("JPY", "100.0").toString()).isEqualTo("JPY 100");
    assertThat(Money.of("BHD", "1.5").toString()).isEqualTo("BHD 1.500");
    assertThat(Money.of("KWD", "0").toString()).isEqualTo("KWD 0.000");
    assertThat(Money.minorUnits(Money.currency("JPY"))).isZero();
    assertThat(Money.minorUnits(Money.currency("KWD"))).isEqualTo(3);
    qt().forAll(longs().between(-1_000_000_000_000L, 1_000_000_000_000L), integers().between(0, 12),
        integers().between(0, 12)).checkAssert((unscaled, scale, extra) -> {
          BigDecimal a = BigDecimal.valueOf(unscaled, scale);
          Money m = Money.of(Money.currency("INR"), a);
          Money widened = Money.of(Money.currency("INR"), a.setScale(scale + extra));
          assertThat(m).isEqualTo(widened);
          assertThat(m.hashCode()).isEqualTo(widened.hashCode());
          assertThat(m.compareTo(widened)).isZero();
        });
  }

  @Test
  void parseRoundTripsIncludingZeroAndThreeDecimalCurrencies() {
    List<String> codes = List.of("INR", "USD", "JPY", "BHD", "KWD", "EUR");
    qt().forAll(longs().between(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2), integers().between(0, 20),
        integers().between(0, codes.size() - 1)).checkAssert((unscaled, scale, c) -> {
          Money m = Money.of(Money.currency(codes.get(c)), BigDecimal.valueOf(unscaled, scale));
          assertThat(Money.parse(m.toString())).isEqualTo(m);
          assertThat(m.amount().scale()).isGreaterThanOrEqualTo(Money.minorUnits(m.currency()));
        });
    assertThat(Money.parse("USD -0.005")).isEqualTo(Money.of("USD", "-0.005"));
  }

  @Test
  void rejectsBadInput() {
    for (String bad : new String[] {"INR1180", "INR  1", "INR 1 2", "INR 1e3", "XXY 1", "inr 1", "INR ", "1 INR"}) {
      assertThatThrownBy(() -> Money.parse(bad)).as(bad).isInstanceOf(BillingException.class);
    }
    assertThatThrownBy(() -> Money.parse("INR 1e999999999")).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> Money.of(Money.currency("INR"), new BigDecimal("1e999999999")))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DECIMAL_OUT_OF_BOUNDS));
    assertThatThrownBy(() -> inr("1").multipliedBy(new BigDecimal("1e-999999999")))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DECIMAL_OUT_OF_BOUNDS));
    assertThatThrownBy(() -> Money.of("ZZZ", "1")).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(() -> Money.of(null, BigDecimal.ONE)).isInstanceOfSatisfying(BillingException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
    assertThatThrownBy(() -> Money.parse(null)).isInstanceOf(BillingException.class);
  }
}
