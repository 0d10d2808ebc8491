package dev.billwright.benchmarks;

import dev.billwright.metering.AggregatedQuantity;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.AggregationContext;
import dev.billwright.metering.AggregationResult;
import dev.billwright.metering.CarryIn;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.InvoicedPeriods;
import dev.billwright.metering.Meter;
import dev.billwright.metering.PeriodResolver;
import dev.billwright.metering.QuantityKey;
import dev.billwright.metering.UsageAggregator;
import dev.billwright.metering.UsageEvent;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Aggregation throughput in events per second: {@link UsageAggregator#DEFAULT} folding
 * {@value #BATCH} already-parsed usage events of {@value #CUSTOMERS} customers into one quantity
 * per customer for a meter of each {@link Aggregation} type, with and without deduplication, on
 * one thread ({@code aggregate}) and with {@link UsageAggregator#aggregateParallel} over two
 * partitions on the common fork/join pool ({@code aggregate_parallel}, so its ratio is against
 * the single-thread baseline), against a hand-written baseline ({@code aggregate_baseline}) that
 * starts from the same event objects and does the same work. {@code AggregationBenchmarkTest}
 * checks all three agree.
 *
 * <p>Target (docs/benchmarks.md): at least 20 million events/s per core for count and sum
 * without deduplication, 10 million with exact in-memory deduplication.
 *
 * <p><b>The input.</b> Every invocation gets a batch of events built in an invocation-level
 * setup (not timed) from fixed arrays, as a reader hands them over: each event's id and
 * property values are new {@code String}s whose hash code is not yet cached (a reader makes
 * them from bytes), the customer keys and names are shared (a reader interns them), and the
 * content fingerprint is computed at construction (it is part of parsing, measured by
 * {@code buildEvents} and the file benchmarks). So neither side benefits from an earlier
 * invocation: hashing an id costs both sides the same. JMH's gc profiler counts the whole
 * iteration, so the setup's bytes are in every row's bytes per operation: subtract the
 * {@code buildEvents} row. A batch is about 30 MB; the fork's 2 GB young generation keeps the
 * collections it causes rare (one every few dozen invocations).
 *
 * <p><b>The work, on both sides.</b> Per event: with {@code dedup=true}, the id is recorded
 * (Billwright: a fresh {@link InMemoryDeduplicationStore} sized for the batch; the baseline: a
 * fresh {@link HashSet} of the ids, exact); the meter is matched by event type and its filter
 * ({@value #FILTER_PROPERTY} one of {@code eu}, {@code us}); the period is looked up
 * ({@link PeriodResolver#fixed}: the event's timestamp must lie in it); the accumulator of the
 * key (customer, meter, period, group) is found in a hash map (the baseline builds a small
 * record key per event); and the event is added to it, parsing the {@code units} property as a
 * decimal for every aggregation but count. Billwright also validates the decimal (bounds, plain
 * form) and reports unusable and late events; the baseline only skips what does not match.
 * {@code dedup=false} gives Billwright a store that answers "new" without remembering. The
 * inputs hold no duplicates; deduplication is measured as a cost, not as a filter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g"})
public class AggregationBenchmark {
  /** Events per invocation. */
  static final int BATCH = 100_000;

  /** Customers the events belong to (round robin, so each has BATCH / CUSTOMERS events). */
  static final int CUSTOMERS = 1_000;

  /** The meter's code. */
  static final String METER = "usage";

  /** The event type the meter counts. */
  static final String TYPE = "api.request";

  /** The property the meter filters on. */
  static final String FILTER_PROPERTY = "region";

  /** The filter's accepted values; every event carries one of them. */
  static final Set<String> REGIONS = Set.of("eu", "us");

  /** The property aggregated (all but count). */
  static final String UNITS = "units";

  /** The period every event lies in. */
  static final BillingPeriod PERIOD = BillingFixture.OCTOBER;

  /** Creates the benchmark (JMH instantiates it). */
  public AggregationBenchmark() {}

  /**
   * The event data, built once per trial from a fixed seed: event {@code i} belongs to customer
   * {@code i mod 1000}, has id {@code evt-i}, region {@code eu} or {@code us} (alternating), a
   * timestamp in October 2026 (whole milliseconds) and a {@code units} value from 1 to 100 with
   * up to two decimals.
   */
  @State(Scope.Benchmark)
  public static class Data {
    /** The customer keys, by customer index (shared by every batch, as a reader interns them). */
    String[] customerKeys;
    /** Customer index per event. */
    int[] customer;
    /** Id per event (copied into a fresh string for every batch). */
    String[] ids;
    /** Region per event (copied into a fresh string for every batch). */
    String[] region;
    /** Value text per event, as the {@code units} property holds it (copied for every batch). */
    String[] text;
    /** Timestamp per event. */
    Instant[] timestamps;
    /** The Latin-1 bytes of each id, to make fresh strings from. */
    byte[][] idBytes;
    /** The Latin-1 bytes of each region. */
    byte[][] regionBytes;
    /** The Latin-1 bytes of each value text. */
    byte[][] textBytes;

    /** Creates the state (JMH instantiates it). */
    public Data() {}

    /** Builds the arrays; once per trial. */
    @Setup
    public void setUp() {
      customerKeys = new String[CUSTOMERS];
      for (int c = 0; c < CUSTOMERS; c++) {
        customerKeys[c] = "cus_" + c;
      }
      SplittableRandom random = new SplittableRandom(PricingBenchmark.SEED);
      long start = PERIOD.start().toEpochMilli();
      long length = PERIOD.end().toEpochMilli() - start;
      customer = new int[BATCH];
      ids = new String[BATCH];
      region = new String[BATCH];
      text = new String[BATCH];
      timestamps = new Instant[BATCH];
      for (int i = 0; i < BATCH; i++) {
        customer[i] = i % CUSTOMERS;
        ids[i] = "evt-" + i;
        region[i] = i % 2 == 0 ? "eu" : "us";
        text[i] = BigDecimal.valueOf(random.nextLong(100, 10_001), 2).stripTrailingZeros().toPlainString();
        timestamps[i] = Instant.ofEpochMilli(start + random.nextLong(length));
      }
      idBytes = latin1(ids);
      regionBytes = latin1(region);
      textBytes = latin1(text);
    }

    private static byte[][] latin1(String[] strings) {
      byte[][] out = new byte[strings.length][];
      for (int i = 0; i < strings.length; i++) {
        out[i] = strings[i].getBytes(StandardCharsets.ISO_8859_1);
      }
      return out;
    }

    /**
     * Builds fresh events from the arrays: ids and property values are new strings (their hash
     * codes not yet computed), customers and property names are shared.
     *
     * @return the events, in index order
     */
    List<UsageEvent> events() {
      List<UsageEvent> out = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        out.add(UsageEvent.of(fresh(idBytes[i]), customerKeys[customer[i]], null, TYPE, timestamps[i],
            Map.of(FILTER_PROPERTY, fresh(regionBytes[i]), UNITS, fresh(textBytes[i]))));
      }
      return out;
    }

    /**
     * A new string decoded from bytes, as a reader makes one: it shares nothing with the arrays'
     * strings, hash code included ({@code new String(s)} would copy the cached hash).
     */
    private static String fresh(byte[] latin1) {
      return new String(latin1, StandardCharsets.ISO_8859_1);
    }
  }

  /** One batch of fresh events per invocation. */
  @State(Scope.Thread)
  public static class Batch {
    /** The events of the current invocation. */
    List<UsageEvent> events;

    /** Creates the state (JMH instantiates it). */
    public Batch() {}

    /**
     * Builds the batch; before every invocation, not timed.
     *
     * @param data the event data
     */
    @Setup(Level.Invocation)
    public void build(Data data) {
      events = data.events();
    }
  }

  /** The meter's aggregation and whether ids are deduplicated. */
  @State(Scope.Benchmark)
  public static class Options {
    /** The aggregation of the meter. */
    @Param({"COUNT", "SUM", "MIN", "MAX", "AVG", "LATEST", "UNIQUE_COUNT", "WEIGHTED_SUM"})
    public Aggregation aggregation;

    /** Whether ids are deduplicated. */
    @Param({"true", "false"})
    public boolean dedup;

    /** The meter. */
    Meter meter;

    /** Creates the state (JMH instantiates it). */
    public Options() {}

    /** Builds the meter; once per trial. */
    @Setup
    public void setUp() {
      meter = Meter.of(METER, TYPE, aggregation, aggregation == Aggregation.COUNT ? null : UNITS,
          Map.of(FILTER_PROPERTY, REGIONS), List.of());
    }

    /**
     * Returns a fresh context for one batch: with a dedup store sized for the batch, or with the
     * no-op store.
     *
     * @return the context
     */
    AggregationContext context() {
      DeduplicationStore store = dedup ? new InMemoryDeduplicationStore(BATCH) : NO_DEDUP;
      return new AggregationContext(List.of(meter), PeriodResolver.fixed(PERIOD), store, InvoicedPeriods.NONE,
          CarryIn.NONE);
    }

    /**
     * Returns a fresh id set for the baseline, sized for the batch, or null without dedup.
     *
     * @return the set, or null
     */
    Set<String> seen() {
      return dedup ? new HashSet<>(BATCH * 2) : null;
    }
  }

  /** A store that remembers nothing: every id is new (aggregation without deduplication). */
  static final DeduplicationStore NO_DEDUP = (scope, id, fingerprint) -> DedupOutcome.NEW;

  /**
   * Billwright, one thread: aggregates the batch with {@link UsageAggregator#aggregate} (a fresh
   * dedup store per batch with {@code dedup=true}).
   *
   * @param batch the events
   * @param options the meter's aggregation and whether to deduplicate
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public AggregationResult aggregate(Batch batch, Options options) {
    return UsageAggregator.DEFAULT.aggregate(batch.events, options.context());
  }

  /**
   * Billwright, two partitions in parallel: aggregates the batch with
   * {@link UsageAggregator#aggregateParallel}.
   *
   * @param batch the events
   * @param options the meter's aggregation and whether to deduplicate
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public AggregationResult aggregate_parallel(Batch batch, Options options) {
    return UsageAggregator.DEFAULT.aggregateParallel(batch.events, options.context(), 2);
  }

  /**
   * The input's cost, for reading the bytes of the other rows: builds a batch of events as the
   * invocation-level setup does and nothing else. An operation of its own (no baseline, no
   * ratio): it measures the input, not aggregation.
   *
   * @param data the event data
   * @return the events
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<UsageEvent> buildEvents(Data data) {
    return data.events();
  }

  /**
   * Baseline: the same aggregation written by hand over the same events.
   *
   * @param batch the events
   * @param options the aggregation, and whether to deduplicate (then with a fresh
   *     {@link HashSet} of ids per batch)
   * @return the quantity per key
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Map<Key, BigDecimal> aggregate_baseline(Batch batch, Options options) {
    return baseline(batch.events, options.aggregation, options.seen());
  }

  /**
   * The baseline's key of one quantity: customer, meter, period (by its start) and group.
   *
   * @param customer the customer key
   * @param meter the meter code
   * @param periodStart the period's start, epoch seconds
   * @param group the group (empty: the meter has no group-by)
   */
  public record Key(String customer, String meter, long periodStart, Map<String, String> group) {}

  /** The baseline's running aggregate of one key (the fields its aggregation uses). */
  static final class Acc {
    long count;
    BigDecimal value;
    Instant timestamp;
    String id;
    Set<String> distinct;
  }

  /**
   * The baseline aggregation: skip an id seen before, then an event of another type, failing the
   * filter or outside the period; find the key's accumulator in a hash map and update it.
   *
   * @param events the events
   * @param aggregation the aggregation
   * @param seen the id set to deduplicate with, or null for none
   * @return the quantity per key, as {@link dev.billwright.metering.Accumulator#result()} gives it
   *     (up to trailing zeros)
   */
  static Map<Key, BigDecimal> baseline(List<UsageEvent> events, Aggregation aggregation, Set<String> seen) {
    Map<Key, Acc> accs = new HashMap<>();
    long periodStart = PERIOD.start().getEpochSecond();
    Instant end = PERIOD.end();
    for (int i = 0, n = events.size(); i < n; i++) {
      UsageEvent e = events.get(i);
      if (seen != null && !seen.add(e.id())) {
        continue;
      }
      if (!TYPE.equals(e.eventType())) {
        continue;
      }
      String region = e.property(FILTER_PROPERTY);
      if (region == null || !REGIONS.contains(region)) {
        continue;
      }
      Instant t = e.timestamp();
      if (!PERIOD.contains(t)) {
        continue;
      }
      Key key = new Key(e.customer(), METER, periodStart, Map.of());
      Acc a = accs.get(key);
      if (a == null) {
        a = new Acc();
        accs.put(key, a);
      }
      a.count++;
      switch (aggregation) {
        case COUNT:
          break;
        case SUM:
        case AVG: {
          BigDecimal v = new BigDecimal(e.property(UNITS));
          a.value = a.value == null ? v : a.value.add(v);
          break;
        }
        case MIN:
        case MAX: {
          BigDecimal v = new BigDecimal(e.property(UNITS));
          int sign = aggregation == Aggregation.MAX ? 1 : -1;
          if (a.value == null || v.compareTo(a.value) * sign > 0) {
            a.value = v;
          }
          break;
        }
        case LATEST: {
          BigDecimal v = new BigDecimal(e.property(UNITS));
          int c = a.timestamp == null ? 1 : t.compareTo(a.timestamp);
          if (c == 0) {
            c = e.id().compareTo(a.id);
          }
          if (c == 0) {
            c = v.compareTo(a.value);
          }
          if (c > 0) {
            a.timestamp = t;
            a.id = e.id();
            a.value = v;
          }
          break;
        }
        case UNIQUE_COUNT:
          if (a.distinct == null) {
            a.distinct = new HashSet<>();
          }
          a.distinct.add(e.property(UNITS));
          break;
        case WEIGHTED_SUM: {
          // a change held from its timestamp to the period's end: value × seconds
          BigDecimal seconds = BigDecimal.valueOf(end.getEpochSecond() - t.getEpochSecond())
              .add(BigDecimal.valueOf(end.getNano() - t.getNano(), 9));
          BigDecimal w = new BigDecimal(e.property(UNITS)).multiply(seconds);
          a.value = a.value == null ? w : a.value.add(w);
          break;
        }
        default:
          throw new IllegalStateException("aggregation " + aggregation);
      }
    }
    Map<Key, BigDecimal> out = new HashMap<>(accs.size() * 2);
    accs.forEach((k, a) -> out.put(k, result(aggregation, a)));
    return out;
  }

  private static BigDecimal result(Aggregation aggregation, Acc a) {
    switch (aggregation) {
      case COUNT:
        return BigDecimal.valueOf(a.count);
      case AVG:
        return a.value.divide(BigDecimal.valueOf(a.count), MathContext.DECIMAL128);
      case UNIQUE_COUNT:
        return BigDecimal.valueOf(a.distinct.size());
      default:
        return a.value;
    }
  }

  /**
   * Reads Billwright's result as a quantity per customer index, for comparison with the baseline.
   *
   * @param d the event data (customer keys)
   * @param result the aggregation result
   * @return the quantity per customer index, null where the result holds none
   */
  static BigDecimal[] perCustomer(Data d, AggregationResult result) {
    BigDecimal[] out = new BigDecimal[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      AggregatedQuantity q = result.quantities().get(new QuantityKey(d.customerKeys[c], METER, PERIOD, Map.of()));
      out[c] = q == null ? null : q.quantity();
    }
    return out;
  }

  /**
   * Reads the baseline's result as a quantity per customer index.
   *
   * @param d the event data (customer keys)
   * @param result the baseline's quantities
   * @return the quantity per customer index, null where the result holds none
   */
  static BigDecimal[] perCustomer(Data d, Map<Key, BigDecimal> result) {
    BigDecimal[] out = new BigDecimal[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      out[c] = result.get(new Key(d.customerKeys[c], METER, PERIOD.start().getEpochSecond(), Map.of()));
    }
    return out;
  }
}
