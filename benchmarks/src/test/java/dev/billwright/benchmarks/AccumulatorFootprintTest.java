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
 * {@link Accumulator} per key, and its {@link QuantityKey} in a hash map. Measured as bytes
 * allocated on this thread ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes},
 * exact per allocation) over {@value #N} objects kept in an array, so none can be optimised
 * away:
 *
 * <ul>
 *   <li>the state of an accumulator that has taken events is what {@link Accumulator#copy()}
 *       allocates (a copy holds exactly that state: its counters, its running sum, its set of
 *       values), for {@code count} and {@code sum} after 10 events and {@code unique_count}
 *       after 100 distinct values;
 *   <li>a key and its entry is what a {@link QuantityKey} (customer, meter, period and group
 *       shared with other keys, as in a bill run) and a {@link HashMap#put} into a presized map
 *       allocate.
 * </ul>
 *
 * <p>The figures are printed (docs/benchmarks.md quotes them) and bounded, so a change that
 * makes the state several times larger fails here.
 */
class AccumulatorFootprintTest {
  /** Objects per measurement. */
  static final int N = 100_000;

  static final BillingPeriod OCTOBER = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-11-01T00:00:00Z"), ZoneId.of("UTC"));

  @Test
  void accumulatorStateIsAFewDozenBytes() {
    long count = stateBytes(Aggregation.COUNT, 10);
    long sum = stateBytes(Aggregation.SUM, 10);
    long unique = stateBytes(Aggregation.UNIQUE_COUNT, 100);
    long entry = keyAndEntryBytes();
    System.out.printf("accumulator state, bytes each: count %d, sum %d, unique_count of 100 values %d;"
        + " key and hash-map entry %d%n", count, sum, unique, entry);
    assertThat(count).isPositive().isLessThanOrEqualTo(96);
    assertThat(sum).isGreaterThan(count).isLessThanOrEqualTo(192);
    assertThat(entry).isPositive().isLessThanOrEqualTo(128);
    // a unique count keeps its values: it grows with them, well beyond a sum
    assertThat(unique).isGreaterThan(10 * sum);
  }

  /** The bytes of one accumulator's state after {@code events} events, each with another value. */
  private static long stateBytes(Aggregation aggregation, int events) {
    Meter meter = Meter.of("api_calls", "api.call", aggregation, aggregation == Aggregation.COUNT ? null : "units");
    Accumulator a = Accumulator.create(meter, OCTOBER);
    for (int e = 0; e < events; e++) {
      a.add(UsageEvent.of("evt_" + e, "cus", null, "api.call", OCTOBER.start().plusSeconds(e),
          Map.of("units", BigDecimal.valueOf(e + 1).toPlainString())));
    }
    assertThat(a.eventCount()).isEqualTo(events);
    Accumulator[] copies = new Accumulator[N];
    copies[0] = a.copy(); // warm
    long before = allocated();
    for (int i = 0; i < N; i++) {
      copies[i] = a.copy();
    }
    long after = allocated();
    assertThat(copies[N - 1].result()).isEqualTo(a.result());
    return Math.round((after - before) / (double) N);
  }

  /** The bytes of one key and its entry in a presized hash map. */
  private static long keyAndEntryBytes() {
    Accumulator a = Accumulator.create(Meter.of("api_calls", "api.call", Aggregation.COUNT, null), OCTOBER);
    List<Map<String, String>> groups = List.of(Map.of("region", "north"), Map.of("region", "south"));
    String[] customers = new String[N];
    for (int i = 0; i < N; i++) {
      customers[i] = "cus_" + i;
    }
    Map<QuantityKey, Accumulator> map = new HashMap<>(4 * N);
    map.put(new QuantityKey("warm", "api_calls", OCTOBER, groups.get(0)), a); // allocates the table
    long before = allocated();
    for (int i = 0; i < N; i++) {
      map.put(new QuantityKey(customers[i], "api_calls", OCTOBER, groups.get(i & 1)), a);
    }
    long after = allocated();
    assertThat(map).hasSize(N + 1);
    return Math.round((after - before) / (double) N);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
