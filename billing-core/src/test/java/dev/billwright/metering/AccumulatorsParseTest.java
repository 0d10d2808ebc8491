package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.error.BillingException;
import dev.billwright.money.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The regex-free fast path for value properties agrees with {@link Decimals#parse} (the oracle). */
class AccumulatorsParseTest {
  private static Object outcome(java.util.function.Supplier<BigDecimal> parse) {
    try {
      return parse.get();
    } catch (BillingException e) {
      return "rejected";
    }
  }

  @Test
  void fastPathAgreesWithDecimalsParse() {
    qt().withExamples(5_000).forAll(SourceDSL.strings().betweenCodePoints(0, 14).ofLengthBetween(0, 40)
        .map(s -> s.chars().mapToObj(c -> String.valueOf("0123456789.-+ e".charAt(c % 15)))
            .reduce("", String::concat)))
        .checkAssert(text -> {
          UsageEvent e = UsageEvent.of("e", "c", null, "t", Instant.EPOCH, Map.of("v", text));
          Object fast = outcome(() -> Accumulators.decimal(e, "m", "v"));
          Object oracle = outcome(() -> Decimals.parse(text, "v"));
          assertThat(fast).as("'" + text + "'").isEqualTo(oracle);
        });
  }

  @Test
  void examples() {
    assertThat(Accumulators.isPlainDecimal("12.50")).isTrue();
    assertThat(Accumulators.isPlainDecimal("-0.5")).isTrue();
    assertThat(Accumulators.isPlainDecimal("+7")).isTrue();
    assertThat(Accumulators.isPlainDecimal("1.")).isFalse();
    assertThat(Accumulators.isPlainDecimal(".5")).isFalse();
    assertThat(Accumulators.isPlainDecimal("1e3")).isFalse();
    assertThat(Accumulators.isPlainDecimal(" 1")).isFalse();
    assertThat(Accumulators.isPlainDecimal("-")).isFalse();
  }
}
