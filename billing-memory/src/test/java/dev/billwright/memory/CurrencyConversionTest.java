package dev.billwright.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.money.CurrencyConversion;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class CurrencyConversionTest {
  static final Currency USD = Currency.getInstance("USD");
  static final Currency INR = Currency.getInstance("INR");
  static final Currency JPY = Currency.getInstance("JPY");
  static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

  final CurrencyConversion conversion = new CurrencyConversion(new FixedExchangeRates()
      .with(USD, INR, new BigDecimal("83.2512")).with(USD, JPY, new BigDecimal("151.37")), RoundingPolicy.DEFAULT);

  @Test
  void convertsExactlyThenRoundsOnceInTheTargetCurrency() {
    // 18.74 x 83.2512 = 1560.127488 -> INR 1560.13 (HALF_UP to paise)
    assertThat(conversion.convert(Money.of("USD", "18.74"), INR, AT)).isEqualTo(Money.of("INR", "1560.13"));
    // 18.74 x 151.37 = 2836.6738 -> JPY 2837 (no minor units)
    assertThat(conversion.convert(Money.of("USD", "18.74"), JPY, AT)).isEqualTo(Money.of("JPY", "2837"));
    assertThat(conversion.convert(Money.of("USD", "18.74"), USD, AT)).isEqualTo(Money.of("USD", "18.74"));
  }

  @Test
  void anUnknownRateIsAClearError() {
    assertThatThrownBy(() -> conversion.convert(Money.of("INR", "100"), USD, AT))
        .isInstanceOf(BillingException.class).hasMessageContaining("INR/USD");
  }
}
