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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Aggregation throughput in events per second: {@link UsageAggregator#DEFAULT} folding
 * {@value #BATCH} usage events of {@value #CUSTOMERS} customers into one quantity per customer
 * for a meter of each {@link Aggregation} type, with and without deduplication, on one thread
 * ({@code aggregate}) and with {@link UsageAggregator#aggregateParallel} over two partitions on
 * the common fork/join pool ({@code aggregate_parallel}, so its ratio is against the
 * single-thread floor), against a hand-written baseline ({@code aggregate_baseline}) computing
 * the same per-customer quantities from arrays. {@code AggregationBenchmarkTest} checks all three
 * agree.
 *
 * <p>Target (docs/benchmarks.md): at least 20 million events/s per core for count and sum.
 *
 * <p>Per event, Billwright's {@code aggregate} builds the {@link UsageEvent} (as a host does
 * when it reads one) and then the aggregator computes the event's content fingerprint (FarmHash
 * of customer, type, timestamp and properties sorted by name), asks the dedup store
 * ({@code dedup=true}: a fresh {@link InMemoryDeduplicationStore} sized for the batch;
 * {@code dedup=false}: a store that answers "new" without remembering), matches the meter by type
 * and filters, resolves the period ({@link PeriodResolver#fixed}), builds the quantity key and
 * adds the event to its accumulator (parsing the {@code units} property as a decimal). Events are
 * built inside the measured code because an event caches its fingerprint: reusing the objects of
 * an earlier invocation would skip that work, and building them in a per-invocation setup would
 * still count their bytes (JMH's gc profiler counts the whole iteration). {@code buildEvents}
 * measures the construction alone, so its share can be read off. The baseline starts from what
 * the events hold already split into arrays (customer index, parsed {@code BigDecimal} value,
 * epoch milliseconds, id and value text) and updates one accumulator per customer; with
 * {@code dedup=true} it also adds every id to a fresh {@link HashSet}. The inputs hold no
 * duplicates; deduplication is measured as a cost, not as a filter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AggregationBenchmark {
  /** Events per invocation. */
  static final int BATCH = 100_000;

  /** Customers the events belong to (round robin, so each has BATCH / CUSTOMERS events). */
  static final int CUSTOMERS = 1_000;

  /** The meter's code. */
  static final String METER = "usage";

  /** The period every event lies in. */
  static final BillingPeriod PERIOD = BillingFixture.OCTOBER;

  /** Creates the benchmark (JMH instantiates it). */
  public AggregationBenchmark() {}

  /**
   * The event data, built once per trial from a fixed seed: event {@code i} belongs to customer
   * {@code i mod 1000}, has id {@code evt-i}, a timestamp in October 2026 (whole milliseconds) and
   * a {@code units} value from 1 to 100 with up to two decimals.
   */
  @State(Scope.Benchmark)
  public static class Data {
    /** The customer keys, by customer index. */
    String[] customerKeys;
    /** Customer index per event. */
    int[] customer;
    /** Id per event. */
    String[] ids;
    /** Value text per event, as the {@code units} property holds it. */
    String[] text;
    /** Parsed value per event. */
    BigDecimal[] value;
    /** Epoch milliseconds per event. */
    long[] millis;
    /** Timestamp per event. */
    Instant[] timestamps;

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
      text = new String[BATCH];
      value = new BigDecimal[BATCH];
      millis = new long[BATCH];
      timestamps = new Instant[BATCH];
      for (int i = 0; i < BATCH; i++) {
        customer[i] = i % CUSTOMERS;
        ids[i] = "evt-" + i;
        value[i] = BigDecimal.valueOf(random.nextLong(100, 10_001), 2).stripTrailingZeros();
        text[i] = value[i].toPlainString();
        millis[i] = start + random.nextLong(length);
        timestamps[i] = Instant.ofEpochMilli(millis[i]);
      }
    }

    /**
     * Builds fresh events from the arrays.
     *
     * @return the events, in index order
     */
    List<UsageEvent> events() {
      List<UsageEvent> out = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        out.add(UsageEvent.of(ids[i], customerKeys[customer[i]], null, "api.request", timestamps[i],
            Map.of("units", text[i])));
      }
      return out;
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
      meter = Meter.of(METER, "api.request", aggregation, aggregation == Aggregation.COUNT ? null : "units",
          Map.<String, Set<String>>of(), List.of());
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
  }

  /** A store that remembers nothing: every id is new (aggregation without deduplication). */
  static final DeduplicationStore NO_DEDUP = (scope, id, fingerprint) -> DedupOutcome.NEW;

  /**
   * Billwright, one thread: builds the batch's events and aggregates them with
   * {@link UsageAggregator#aggregate} (a fresh dedup store per batch with {@code dedup=true}).
   *
   * @param data the event data
   * @param options the meter's aggregation and whether to deduplicate
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public AggregationResult aggregate(Data data, Options options) {
    return UsageAggregator.DEFAULT.aggregate(data.events(), options.context());
  }

  /**
   * Billwright, two partitions in parallel: builds the batch's events and aggregates them with
   * {@link UsageAggregator#aggregateParallel}.
   *
   * @param data the event data
   * @param options the meter's aggregation and whether to deduplicate
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public AggregationResult aggregate_parallel(Data data, Options options) {
    return UsageAggregator.DEFAULT.aggregateParallel(data.events(), options.context(), 2);
  }

  /**
   * The share of event construction in {@code aggregate}: builds the batch's events and nothing
   * else (its time and bytes per event are part of every Billwright row). An operation of its own
   * (no baseline, no ratio): it measures the input, not Billwright's aggregation.
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
   * Baseline: one accumulator per customer over the arrays.
   *
   * @param data the event data
   * @param options the aggregation, and whether to deduplicate (then with a fresh
   *     {@link HashSet} of ids per batch)
   * @return the quantity per customer index
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BigDecimal[] aggregate_baseline(Data data, Options options) {
    return baseline(data, options.aggregation, options.dedup ? new HashSet<>(BATCH * 2) : null);
  }

  /**
   * The baseline aggregation: the quantity of every customer, by customer index.
   *
   * @param d the event data
   * @param aggregation the aggregation
   * @param seen the id set to deduplicate with, or null for none
   * @return the quantity per customer index
   */
  static BigDecimal[] baseline(Data d, Aggregation aggregation, Set<String> seen) {
    int[] customer = d.customer;
    int n = customer.length;
    BigDecimal[] out = new BigDecimal[CUSTOMERS];
    switch (aggregation) {
      case COUNT: {
        long[] counts = new long[CUSTOMERS];
        for (int i = 0; i < n; i++) {
          if (seen == null || seen.add(d.ids[i])) {
            counts[customer[i]]++;
          }
        }
        for (int c = 0; c < CUSTOMERS; c++) {
          out[c] = BigDecimal.valueOf(counts[c]);
        }
        return out;
      }
      case SUM:
      case AVG: {
        long[] counts = new long[CUSTOMERS];
        for (int i = 0; i < n; i++) {
          if (seen == null || seen.add(d.ids[i])) {
            int c = customer[i];
            out[c] = out[c] == null ? d.value[i] : out[c].add(d.value[i]);
            counts[c]++;
          }
        }
        if (aggregation == Aggregation.AVG) {
          for (int c = 0; c < CUSTOMERS; c++) {
            out[c] = out[c].divide(BigDecimal.valueOf(counts[c]), MathContext.DECIMAL128);
          }
        }
        return out;
      }
      case MIN:
      case MAX: {
        int sign = aggregation == Aggregation.MAX ? 1 : -1;
        for (int i = 0; i < n; i++) {
          if (seen == null || seen.add(d.ids[i])) {
            int c = customer[i];
            if (out[c] == null || d.value[i].compareTo(out[c]) * sign > 0) {
              out[c] = d.value[i];
            }
          }
        }
        return out;
      }
      case LATEST: {
        int[] latest = new int[CUSTOMERS];
        java.util.Arrays.fill(latest, -1);
        for (int i = 0; i < n; i++) {
          if (seen == null || seen.add(d.ids[i])) {
            int c = customer[i];
            int j = latest[c];
            if (j < 0 || d.millis[i] > d.millis[j] || d.millis[i] == d.millis[j] && d.ids[i].compareTo(d.ids[j]) > 0) {
              latest[c] = i;
            }
          }
        }
        for (int c = 0; c < CUSTOMERS; c++) {
          out[c] = d.value[latest[c]];
        }
        return out;
      }
      case UNIQUE_COUNT: {
        List<Set<String>> distinct = new ArrayList<>(CUSTOMERS);
        for (int c = 0; c < CUSTOMERS; c++) {
          distinct.add(new HashSet<>());
        }
        for (int i = 0; i < n; i++) {
          if (seen == null || seen.add(d.ids[i])) {
            distinct.get(customer[i]).add(d.text[i]);
          }
        }
        for (int c = 0; c < CUSTOMERS; c++) {
          out[c] = BigDecimal.valueOf(distinct.get(c).size());
        }
        return out;
      }
      case WEIGHTED_SUM: {
        // Each value is a change held from its timestamp to the period's end: value × seconds.
        long end = PERIOD.end().toEpochMilli();
        for (int i = 0; i < n; i++) {
          if (seen == null || seen.add(d.ids[i])) {
            int c = customer[i];
            BigDecimal w = d.value[i].multiply(BigDecimal.valueOf(end - d.millis[i], 3));
            out[c] = out[c] == null ? w : out[c].add(w);
          }
        }
        return out;
      }
      default:
        throw new IllegalStateException("aggregation " + aggregation);
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
}
