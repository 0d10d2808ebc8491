package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.metering.Accumulator;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.Meter;
import dev.billwright.metering.QuantityKey;
import dev.billwright.metering.UsageEvent;
import dev.billwright.time.BillingPeriod;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory held per (subscription, charge, period, group) while usage is aggregated: one
 * {@link Accumulator} per key, measured on the heap over {@value #N} accumulators (heap in use
 * after a full collection, before and after building them, divided by their number), for
 * {@code count}, {@code sum} and {@code unique_count} (100 distinct values each), and the same
 * with its {@link QuantityKey} and hash-map entry. The strings, events and group maps the keys
 * share are built before the first measurement, so only what each key adds is counted. The
 * figures are printed (docs/benchmarks.md quotes them) and bounded, so a change that makes the
 * state several times larger fails here.
 */
class AccumulatorFootprintTest {
  /** Accumulators per measurement: enough for the per-object noise of a heap reading to vanish. */
  static final int N = 100_000;

  static final BillingPeriod OCTOBER = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-11-01T00:00:00Z"), ZoneId.of("UTC"));

  @Test
  void countAndSumStateIsAFewDozenBytes() {
    long count = bytesPerAccumulator(Aggregation.COUNT, 10, false);
    long sum = bytesPerAccumulator(Aggregation.SUM, 10, false);
    long countEntry = bytesPerAccumulator(Aggregation.COUNT, 10, true);
    long sumEntry = bytesPerAccumulator(Aggregation.SUM, 10, true);
    long unique = bytesPerAccumulator(Aggregation.UNIQUE_COUNT, 100, false);
    System.out.printf("accumulator state, bytes each: count %d, sum %d (with key and map entry: %d, %d);"
        + " unique_count of 100 values %d%n", count, sum, countEntry, sumEntry, unique);
    assertThat(count).isPositive().isLessThanOrEqualTo(128);
    assertThat(sum).isPositive().isLessThanOrEqualTo(256);
    assertThat(countEntry).isGreaterThan(count).isLessThanOrEqualTo(384);
    assertThat(sumEntry).isGreaterThan(sum).isLessThanOrEqualTo(512);
    // a unique count keeps its values: it grows with them, well beyond a sum
    assertThat(unique).isGreaterThan(sum);
  }

  /**
   * Builds {@value #N} accumulators of one aggregation, each fed {@code events} events, and
   * returns the heap they take, per accumulator.
   */
  private static long bytesPerAccumulator(Aggregation aggregation, int events, boolean withKeys) {
    Meter meter = Meter.of("api_calls", "api.call", aggregation, aggregation == Aggregation.COUNT ? null : "units");
    List<Map<String, String>> groups = List.of(Map.of("region", "north"), Map.of("region", "south"));
    UsageEvent[] feed = new UsageEvent[events];
    for (int e = 0; e < events; e++) {
      feed[e] = UsageEvent.of("evt_" + e, "cus", null, "api.call", OCTOBER.start().plusSeconds(e),
          Map.of("units", BigDecimal.valueOf(e + 1).toPlainString(), "region", "north"));
    }
    String[] customers = new String[N];
    for (int i = 0; i < N; i++) {
      customers[i] = "cus_" + i;
    }
    Accumulator[] held = new Accumulator[N];
    Map<QuantityKey, Accumulator> map = withKeys ? new HashMap<>(2 * N) : null;
    long before = usedHeap();
    for (int i = 0; i < N; i++) {
      Accumulator a = Accumulator.create(meter, OCTOBER);
      for (UsageEvent e : feed) {
        a.add(e);
      }
      if (withKeys) {
        map.put(new QuantityKey(customers[i], meter.code(), OCTOBER, groups.get(i & 1)), a);
      } else {
        held[i] = a;
      }
    }
    long after = usedHeap();
    assertThat(withKeys ? map.size() : held.length).isEqualTo(N);
    assertThat(withKeys ? map.values().iterator().next().eventCount() : held[N - 1].eventCount()).isEqualTo(events);
    return Math.round((after - before) / (double) N);
  }

  private static long usedHeap() {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
