package dev.billwright.metering;

import static dev.billwright.metering.AccumulatorTestSupport.OCTOBER_UTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationBasis;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The serial form of every accumulator kind: serialised at any split point, deserialised and
 * continued, an accumulator ends exactly as one pass; serialise∘deserialise is the identity on
 * the result, the event count, the buckets and the form itself.
 */
class AccumulatorJsonTest {
  private static final BillingPeriod WINDOW = BillingPeriod.of(Instant.parse("2026-10-10T00:00:00Z"),
      OCTOBER_UTC.end(), ZoneOffset.UTC);

  /** One factory per kind (bucket quantities are never negative: bucketed meters read "a"); each accumulator takes events in {@link #WINDOW}. */
  private static List<Supplier<Accumulator>> kinds() {
    List<Supplier<Accumulator>> k = new ArrayList<>();
    k.add(() -> Accumulator.create(Meter.of("c", "t", Aggregation.COUNT, null), OCTOBER_UTC));
    for (Aggregation a : List.of(Aggregation.SUM, Aggregation.MIN, Aggregation.MAX, Aggregation.AVG,
        Aggregation.LATEST)) {
      k.add(() -> Accumulator.create(Meter.of("m", "t", a, "v"), OCTOBER_UTC));
    }
    k.add(() -> Accumulator.create(Meter.of("u", "t", Aggregation.UNIQUE_COUNT, "u"), OCTOBER_UTC));
    k.add(() -> Accumulator.create(Meter.of("w", "t", Aggregation.WEIGHTED_SUM, "v"), OCTOBER_UTC,
        new BigDecimal("2.5")));
    k.add(() -> Accumulator.create(Meter.of("w", "t", Aggregation.WEIGHTED_SUM, "v")
        .withNormalize(WeightedSumNormalization.PERIOD), OCTOBER_UTC));
    k.add(() -> Accumulator.create(Meter.of("w", "t", Aggregation.WEIGHTED_SUM, "v")
        .withNormalize(WeightedSumNormalization.divideBy(new BigDecimal("3600"))), OCTOBER_UTC));
    for (ProrationBasis b : ProrationBasis.values()) {
      k.add(() -> Accumulator.prorated(Meter.of("p", "t", Aggregation.SUM, "v"), WINDOW, OCTOBER_UTC, b));
    }
    k.add(() -> Accumulator.create(Meter.of("b", "t", Aggregation.MAX, "a")
        .withBucket(TimeBucket.parse("bucket", "PT1H")), OCTOBER_UTC));
    k.add(() -> Accumulator.create(Meter.of("b", "t", Aggregation.SUM, "a")
        .withBucket(TimeBucket.parse("bucket", "P1D")), OCTOBER_UTC));
    k.add(() -> Accumulator.create(Meter.of("b", "t", Aggregation.UNIQUE_COUNT, "u")
        .withBucket(TimeBucket.parse("bucket", "P1D")), OCTOBER_UTC));
    return k;
  }

  private static List<UsageEvent> events(long seed, int n) {
    Random r = new Random(seed);
    List<UsageEvent> out = new ArrayList<>();
    long span = WINDOW.end().getEpochSecond() - WINDOW.start().getEpochSecond();
    for (int i = 0; i < n; i++) {
      // few distinct timestamps and ids, so latest meets ties
      Instant at = WINDOW.start().plusSeconds((long) (r.nextDouble() * span) / 7200 * 7200).plusNanos(r.nextInt(3));
      String v = (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + (r.nextBoolean() ? "." + r.nextInt(100_000) : "");
      out.add(UsageEvent.of("e" + r.nextInt(Math.max(1, n / 2)), "cus", null, "t", at,
          Map.of("v", v, "a", v.replace("-", ""), "u", "x" + r.nextInt(8))));
    }
    return out;
  }

  private static Accumulator roundTrip(Accumulator a) {
    return AccumulatorJson.read(Json.parse(AccumulatorJson.write(a).toString(), "state"), "state");
  }

  private static void assertSame(Accumulator actual, Accumulator expected) {
    assertThat(actual.result()).isEqualTo(expected.result());
    assertThat(actual.eventCount()).isEqualTo(expected.eventCount());
    assertThat(actual.buckets()).isEqualTo(expected.buckets());
    assertThat(AccumulatorJson.write(actual)).isEqualTo(AccumulatorJson.write(expected));
  }

  @Test
  void serialiseAtASplitThenContinueEqualsOnePass() {
    List<Supplier<Accumulator>> kinds = kinds();
    qt().withExamples(60).forAll(integers().between(0, kinds.size() - 1), longs().all(), integers().between(0, 80),
        integers().between(0, 1000)).checkAssert((kind, seed, n, cut) -> {
          List<UsageEvent> events = events(seed, n);
          int split = cut % (n + 1);
          Accumulator one = kinds.get(kind).get();
          events.forEach(one::add);
          Accumulator part = kinds.get(kind).get();
          events.subList(0, split).forEach(part::add);
          Accumulator resumed = roundTrip(part);
          assertSame(resumed, part);
          events.subList(split, n).forEach(resumed::add);
          assertSame(resumed, one);
          // merging restored halves is as merging the halves
          Accumulator rest = kinds.get(kind).get();
          events.subList(split, n).forEach(rest::add);
          Accumulator merged = roundTrip(part);
          merged.merge(roundTrip(rest));
          assertSame(merged, one);
          // a restored accumulator merges with a live one of the same definition
          Accumulator live = kinds.get(kind).get();
          events.subList(0, split).forEach(live::add);
          live.merge(roundTrip(rest));
          assertSame(live, one);
        });
  }

  @Test
  void formIsDocumented() {
    Accumulator avg = Accumulator.create(Meter.of("latency", "request", Aggregation.AVG, "ms"), OCTOBER_UTC);
    avg.add(UsageEvent.of("e1", "cus", null, "request", Instant.parse("2026-10-02T00:00:00Z"), Map.of("ms", "1.50")));
    avg.add(UsageEvent.of("e2", "cus", null, "request", Instant.parse("2026-10-03T00:00:00Z"), Map.of("ms", "2")));
    assertThat(AccumulatorJson.write(avg).toString()).isEqualTo(
        "{\"format\":1,\"kind\":\"avg\",\"meter\":\"latency\",\"property\":\"ms\",\"count\":2,\"sum\":\"3.50\"}");
  }

  @Test
  void unknownFormatIsAClearError() {
    ObjectNode state = AccumulatorJson.write(Accumulator.create(Meter.of("c", "t", Aggregation.COUNT, null),
        OCTOBER_UTC));
    state.put("format", 2);
    assertThatThrownBy(() -> AccumulatorJson.read(state, "checkpoint r"))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("format").hasMessageContaining("2");
    state.remove("format");
    assertThatThrownBy(() -> AccumulatorJson.read(state, "checkpoint r")).isInstanceOf(BillingException.class)
        .hasMessageContaining("format");
  }

  @Test
  void malformedStatesAreRefused() {
    assertThatThrownBy(() -> AccumulatorJson.read(Json.parse("{\"format\":1,\"kind\":\"median\"}", "s"), "s"))
        .isInstanceOf(BillingException.class).hasMessageContaining("kind");
    assertThatThrownBy(() -> AccumulatorJson.read(Json.parse(
        "{\"format\":1,\"kind\":\"count\",\"count\":-1}", "s"), "s")).isInstanceOf(BillingException.class)
        .hasMessageContaining("count");
    assertThatThrownBy(() -> AccumulatorJson.read(Json.parse(
        "{\"format\":1,\"kind\":\"count\",\"count\":1,\"extra\":2}", "s"), "s")).isInstanceOf(BillingException.class)
        .hasMessageContaining("extra");
    assertThatThrownBy(() -> AccumulatorJson.read(Json.parse("{\"format\":1,\"kind\":\"prorated_sum\",\"meter\":\"p\","
        + "\"property\":\"v\",\"count\":0,\"window\":\"" + WINDOW + "\",\"full_period\":\"" + OCTOBER_UTC
        + "\",\"basis\":\"days\",\"numerator\":\"0\",\"denominator\":\"0\"}", "s"), "s"))
        .isInstanceOf(BillingException.class).hasMessageContaining("denominator");
  }
}
