package dev.billwright.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionAndInsightTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void depletionFromBurnRate() {
    // Worked example: INR 300 spent over the last 3 days (burn INR 100/day); INR 250 left lasts
    // 2.5 days = 216 000 s.
    assertThat(DepletionProjection.project(Money.of("INR", "250"), Money.of("INR", "300"),
        Duration.ofDays(3), T0)).contains(T0.plusSeconds(216_000));
    // 1/3 of a second is floored: INR 1 at INR 3 per second lasts 0 whole seconds
    assertThat(DepletionProjection.project(Money.of("INR", "1"), Money.of("INR", "3"),
        Duration.ofSeconds(1), T0)).contains(T0);
    assertThat(DepletionProjection.project(Money.of("INR", "10"), Money.of("INR", "0"),
        Duration.ofDays(1), T0)).isEmpty();
    assertThat(DepletionProjection.project(Money.of("INR", "-1"), Money.of("INR", "0"),
        Duration.ofDays(1), T0)).contains(T0);
    assertThatThrownBy(() -> DepletionProjection.project(Money.of("INR", "1"),
        Money.of("USD", "1"), Duration.ofDays(1), T0)).isInstanceOf(BillingException.class);
  }

  @Test
  void linearProjectionOverElapsedTime() {
    Instant end = T0.plus(Duration.ofDays(30));
    Instant asOf = T0.plus(Duration.ofDays(10));
    UsageInsight i = InsightCalculator.DEFAULT.insight("cust", Money.currency("INR"), T0, end, asOf,
        Map.of("otp", BigDecimal.valueOf(4000)),
        Map.of("otp", Money.of("INR", "80.005"), "sms", Money.of("INR", "20")));
    // 100.005 × 30 / 10 = 300.015 → HALF_UP to paise: 300.02
    assertThat(i.costSoFar()).isEqualTo(Money.of("INR", "100.005"));
    assertThat(i.projectedTotal()).isEqualTo(Money.of("INR", "300.02"));
    UsageInsight atStart = InsightCalculator.DEFAULT.insight("cust", Money.currency("INR"), T0, end,
        T0, Map.of(), Map.of());
    assertThat(atStart.projectedTotal()).isEqualTo(Money.of("INR", "0"));
    assertThatThrownBy(() -> InsightCalculator.DEFAULT.insight("cust", Money.currency("INR"), T0,
        end, end.plusSeconds(1), Map.of(), Map.of())).isInstanceOf(BillingException.class);
  }
}
