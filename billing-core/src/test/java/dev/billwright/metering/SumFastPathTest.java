package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.error.BillingException;
import dev.billwright.money.Decimals;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * The sum accumulator's {@code long} path (short values parsed without a {@code BigDecimal},
 * summed in a {@code long} until it would overflow) gives exactly what adding every value as a
 * {@code BigDecimal} parsed by {@link Decimals#parse} gives (the oracle): the same number at the
 * same scale, the same rejections, for sum and avg, across merges and the JSON form.
 */
class SumFastPathTest {
  private static final BillingPeriod PERIOD = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Meter SUM = Meter.of("m", "t", Aggregation.SUM, "v");
  private static final Meter AVG = Meter.of("m", "t", Aggregation.AVG, "v");

  private static UsageEvent event(String value) {
    return UsageEvent.of("e", "c", null, "t", PERIOD.start(), Map.of("v", value));
  }

  /** Values from digits, sign and point: many valid, some not, some long, many near overflow. */
  private static String value(String raw) {
    StringBuilder b = new StringBuilder();
    for (char c : raw.toCharArray()) {
      b.append("99999999990123456789.-+".charAt(c % 23));
    }
    return b.toString();
  }

  @Test
  void sumsLikeBigDecimal() {
    qt().withExamples(2_000).forAll(SourceDSL.lists().of(SourceDSL.strings().betweenCodePoints(0, 22)
        .ofLengthBetween(0, 24).map(SumFastPathTest::value)).ofSizeBetween(0, 40))
        .checkAssert(values -> {
          Accumulators.Sum sum = (Accumulators.Sum) Accumulator.create(SUM, PERIOD);
          Accumulators.Sum avg = (Accumulators.Sum) Accumulator.create(AVG, PERIOD);
          BigDecimal oracle = BigDecimal.ZERO;
          long accepted = 0;
          for (String v : values) {
            BigDecimal parsed;
            try {
              parsed = Decimals.parse(v, "v");
            } catch (BillingException e) {
              parsed = null;
            }
            UsageEvent e = event(v);
            if (parsed == null) {
              assertThatThrownBy(() -> sum.add(e)).as("'%s'", v).isInstanceOf(BillingException.class);
              assertThatThrownBy(() -> avg.add(e)).isInstanceOf(BillingException.class);
            } else {
              sum.add(e);
              avg.add(e);
              oracle = oracle.add(parsed);
              accepted++;
            }
          }
          assertThat(sum.total()).as("%s", values).isEqualTo(oracle); // same number and scale
          assertThat(sum.eventCount()).isEqualTo(accepted);
          assertThat(sum.result()).isEqualTo(Accumulators.canonical(oracle));
          assertThat(avg.result()).isEqualTo(accepted == 0 ? BigDecimal.ZERO
              : Accumulators.canonical(oracle.divide(BigDecimal.valueOf(accepted), MathContext.DECIMAL128)));
          // the state survives copy and the JSON form, exactly
          assertThat(((Accumulators.Sum) sum.copy()).total()).isEqualTo(oracle);
          Accumulators.Sum read = (Accumulators.Sum) AccumulatorJson.read(AccumulatorJson.write(sum), "sum");
          assertThat(read.total()).isEqualTo(oracle);
          assertThat(read.eventCount()).isEqualTo(accepted);
        });
  }

  @Test
  void splitAndMergedGivesTheSameTotal() {
    List<String> values = List.of("999999999999999999", "999999999999999999", "0.00000000000000001", "-5", "+7.250",
        "123456789012345678901234.5", "1.5", "99999999999999999.9");
    BigDecimal oracle = BigDecimal.ZERO;
    Accumulators.Sum a = (Accumulators.Sum) Accumulator.create(SUM, PERIOD);
    Accumulators.Sum b = (Accumulators.Sum) Accumulator.create(SUM, PERIOD);
    for (int i = 0; i < values.size(); i++) {
      (i % 2 == 0 ? a : b).add(event(values.get(i)));
      oracle = oracle.add(new BigDecimal(values.get(i)));
    }
    a.merge(b);
    assertThat(a.total()).isEqualTo(oracle);
    assertThat(a.eventCount()).isEqualTo(values.size());
  }
}
