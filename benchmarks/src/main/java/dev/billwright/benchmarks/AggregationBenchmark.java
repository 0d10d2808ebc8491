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
 * {@value #BATCH} usage events of {@value #CUSTOMERS} customers into one quantity per customer
 * for a meter of each {@link Aggregation} type, with and without deduplication, on one thread
 * ({@code aggregate}) and with {@link UsageAggregator#aggregateParallel} over two partitions on
 * the common fork/join pool ({@code aggregate_parallel}), against a hand-written baseline
 * ({@code aggregate_baseline}) computing the same per-customer quantities from arrays.
 * {@code AggregationBenchmarkTest} checks all three agree.
 *
 * <p>Target (docs/benchmarks.md): at least 20 million events/s per core for count and sum.
 *
 * <p>Per event, Billwright computes the event's content fingerprint (FarmHash of customer,
 * type, timestamp and properties sorted by name), asks the dedup store ({@code dedup=true}: an
 * {@link InMemoryDeduplicationStore} sized for the batch; {@code dedup=false}: a store that
 * answers "new" without remembering), matches the meter by type and filters, resolves the period
 * ({@link PeriodResolver#fixed}), builds the quantity key and adds the event to its accumulator
 * (parsing the {@code units} property as a decimal). The baseline starts from what the events
 * hold already split into arrays (customer index, parsed {@code BigDecimal} value, epoch
 * milliseconds, id and value text) and updates one accumulator per customer; with
 * {@code dedup=true} it also adds every id to a {@link HashSet}. Events are rebuilt before every
 * invocation (outside timing) so no fingerprint is cached from an earlier one, as in a real
 * stream where every event is new. The inputs hold no duplicates; deduplication is measured as a
 * cost, not as a filter.
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
   * The event data and the meter, built once per trial from a fixed seed: event {@code i} belongs
   * to customer {@code i mod 1000}, has id {@code evt-i}, a timestamp in October 2026 (whole
   * milliseconds) and a {@code units} value from 1 to 100 with up to two decimals.
   */
  @State(Scope.Benchmark)
  public static class Data {
    /** The aggregation of the meter. */
    @Param({"COUNT", "SUM", "MIN", "MAX", "AVG", "LATEST", "UNIQUE_COUNT", "WEIGHTED_SUM"})
    public Aggregation aggregation;

    /** The meter. */
    Meter meter;
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

    /** Builds the arrays and the meter; once per trial. */
    @Setup
    public void setUp() {
      meter = Meter.of(METER, "api.request", aggregation, aggregation == Aggregation.COUNT ? null : "units",
          Map.<String, Set<String>>of(), List.of());
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

  /**
   * What one invocation consumes, rebuilt before each (outside timing): fresh events, the
   * context with a fresh dedup store (or the no-op store), and the baseline's empty id set.
   */
  @State(Scope.Thread)
  public static class Batch {
    /** Whether ids are deduplicated. */
    @Param({"true", "false"})
    public boolean dedup;

    /** The events of this invocation. */
    List<UsageEvent> events;
    /** The aggregation context of this invocation. */
    AggregationContext context;
    /** The baseline's id set for this invocation (null without dedup). */
    Set<String> seen;

    /** Creates the state (JMH instantiates it). */
    public Batch() {}

    /**
     * Rebuilds the events, the context and the id set; before every invocation.
     *
     * @param data the event data
     */
    @Setup(Level.Invocation)
    public void setUp(Data data) {
      events = data.events();
      DeduplicationStore store = dedup ? new InMemoryDeduplicationStore(BATCH) : NO_DEDUP;
      context = new AggregationContext(List.of(data.meter), PeriodResolver.fixed(PERIOD), store,
          InvoicedPeriods.NONE, CarryIn.NONE);
      seen = dedup ? new HashSet<>(BATCH * 2) : null;
    }
  }

  /** A store that remembers nothing: every id is new (aggregation without deduplication). */
  static final DeduplicationStore NO_DEDUP = (scope, id, fingerprint) -> DedupOutcome.NEW;

  /**
   * Billwright, one thread: {@link UsageAggregator#aggregate}.
   *
   * @param in the events and context
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public AggregationResult aggregate(Batch in) {
    return UsageAggregator.DEFAULT.aggregate(in.events, in.context);
  }

  /**
   * Billwright, two partitions in parallel: {@link UsageAggregator#aggregateParallel}.
   *
   * @param in the events and context
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public AggregationResult aggregate_parallel(Batch in) {
    return UsageAggregator.DEFAULT.aggregateParallel(in.events, in.context, 2);
  }

  /**
   * Baseline: one accumulator per customer over the arrays.
   *
   * @param data the event data
   * @param in the id set (for {@code dedup=true})
   * @return the quantity per customer index
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BigDecimal[] aggregate_baseline(Data data, Batch in) {
    return baseline(data, in.seen);
  }

  /**
   * The baseline aggregation: the quantity of every customer, by customer index.
   *
   * @param d the event data
   * @param seen the id set to deduplicate with, or null for none
   * @return the quantity per customer index
   */
  static BigDecimal[] baseline(Data d, Set<String> seen) {
    int[] customer = d.customer;
    int n = customer.length;
    BigDecimal[] out = new BigDecimal[CUSTOMERS];
    switch (d.aggregation) {
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
        if (d.aggregation == Aggregation.AVG) {
          for (int c = 0; c < CUSTOMERS; c++) {
            out[c] = out[c].divide(BigDecimal.valueOf(counts[c]), MathContext.DECIMAL128);
          }
        }
        return out;
      }
      case MIN:
      case MAX: {
        int sign = d.aggregation == Aggregation.MAX ? 1 : -1;
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
        throw new IllegalStateException("aggregation " + d.aggregation);
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
