package dev.billwright.benchmarks;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.rating.ChargeMeters;
import dev.billwright.rating.SubscriptionUsage;
import dev.billwright.rating.SubscriptionUsageAggregator;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole bill run, end to end: 10 000 customers, each subscribed to the 10-charge plan of
 * {@link BillingFixture}, and 10 million usage events in October 2026, aggregated with
 * deduplication and bound to their subscriptions by
 * {@link SubscriptionUsageAggregator#aggregateParallel} (two partitions), and billed by a {@link BillRun} with GST into an
 * {@link InMemoryInvoiceStore}, finalizing and numbering one invoice per customer; against a
 * hand-written baseline computing the same invoice totals from arrays. {@code BillRunBenchmarkTest}
 * checks both give the same totals (on a smaller world).
 *
 * <p>Target (docs/benchmarks.md): under 10 s on 2 cores. Measured in
 * {@link Mode#SingleShotTime}, seconds per bill run.
 *
 * <p>The measured operation builds the events (as a host does when it reads them; built inside
 * the measured code because an event caches its content fingerprint, and because JMH's gc
 * profiler would count a setup's bytes anyway; {@code buildEvents} measures the construction
 * alone so its share can be read off): event {@code i} belongs to customer {@code i mod
 * customers} (customers interleave, as in a real stream), has id {@code evt-i}, a {@code region}
 * from {@code r0} to {@code r8} (which of the nine usage charges it feeds), a whole number of
 * {@code units} from 1 to 100 and a timestamp in October, all from a hash of {@code i}. It then
 * creates a dedup store sized for the events, the aggregation context of the nine derived meters
 * and the in-memory stores, and runs everything. The baseline reads the same region, units and
 * customer from arrays built once per trial, sums units per customer and charge in a
 * {@code long[]}, then computes each customer's invoice total with
 * {@link BillingFixture#baselineInvoice}; it neither deduplicates, nor builds invoice documents,
 * nor numbers them. The JVM gets an 8 GB heap: the events alone take about 2 GB.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class BillRunBenchmark {
  /** The number of charges that take usage (and the regions of the events). */
  static final int REGIONS = BillingFixture.USAGE_CHARGES;

  /** Creates the benchmark (JMH instantiates it). */
  public BillRunBenchmark() {}

  /** The plan, catalog, subscriptions, meters and the baseline's arrays; once per trial. */
  @State(Scope.Benchmark)
  public static class World {
    /** The number of customers (one subscription each). */
    @Param({"10000"})
    public int customers;

    /** The number of events. */
    @Param({"10000000"})
    public int events;

    /** The plan. */
    Plan plan;
    /** The catalog holding the plan. */
    InMemoryPlanCatalog catalog;
    /** One subscription per customer, from 1 October 2026 (IST). */
    List<Subscription> subscriptions;
    /** The meters derived for the plan's usage charges. */
    List<Meter> meters;
    /** The meter the plan's usage charges name, by code. */
    Map<String, Meter> baseMeters;
    /** The GST context of every invoice. */
    TaxContext tax;
    /** The instant the bill run bills up to: the 1 November boundary. */
    Instant asOf;
    /** The customer keys, by index. */
    String[] customerKeys;
    /** The region (usage charge) of each event. */
    byte[] region;
    /** The units of each event. */
    byte[] units;
    /** The value texts, by units (index 1 to 100). */
    String[] unitTexts;
    /** The region property values, by region. */
    String[] regionTexts;

    /** Creates the state (JMH instantiates it). */
    public World() {}

    /** Builds everything but the events. */
    @Setup
    public void setUp() {
      plan = BillingFixture.plan();
      catalog = new InMemoryPlanCatalog();
      catalog.publish(plan);
      customerKeys = new String[customers];
      subscriptions = new ArrayList<>(customers);
      for (int c = 0; c < customers; c++) {
        customerKeys[c] = "cus_" + c;
        subscriptions.add(Subscription.builder().id("sub_" + c).customerId(customerKeys[c]).planCode(plan.code())
            .planVersion(plan.version()).start(BillingFixture.OCTOBER.start()).build());
      }
      baseMeters = Map.of("api_usage", BillingFixture.meter());
      meters = ChargeMeters.derive(List.of(plan), baseMeters);
      tax = BillingFixture.gst();
      asOf = BillingFixture.OCTOBER.end();
      unitTexts = new String[101];
      for (int u = 1; u <= 100; u++) {
        unitTexts[u] = Integer.toString(u);
      }
      regionTexts = new String[REGIONS];
      for (int r = 0; r < REGIONS; r++) {
        regionTexts[r] = "r" + r;
      }
      region = new byte[events];
      units = new byte[events];
      for (int i = 0; i < events; i++) {
        long h = mix(i);
        region[i] = (byte) Long.remainderUnsigned(h, REGIONS);
        units[i] = (byte) (1 + Long.remainderUnsigned(h >>> 8, 100));
      }
    }

    /**
     * The timestamp of event {@code i}: a whole millisecond in October 2026 (IST).
     *
     * @param i the event index
     * @return the instant
     */
    Instant timestamp(int i) {
      long start = BillingFixture.OCTOBER.start().toEpochMilli();
      long length = BillingFixture.OCTOBER.end().toEpochMilli() - start;
      return Instant.ofEpochMilli(start + Long.remainderUnsigned(mix(i) >>> 20, length));
    }

    /**
     * Builds the events.
     *
     * @return fresh events, in index order
     */
    List<UsageEvent> buildEvents() {
      List<UsageEvent> out = new ArrayList<>(events);
      for (int i = 0; i < events; i++) {
        out.add(UsageEvent.of("evt-" + i, customerKeys[i % customers], null, "api.request", timestamp(i),
            Map.of("region", regionTexts[region[i]], "units", unitTexts[units[i]])));
      }
      return out;
    }
  }

  /**
   * SplitMix64's finalizer: a fixed, well-mixed hash of an event index.
   *
   * @param i the index
   * @return the hash
   */
  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Billwright: builds the events, aggregates them (with dedup, two partitions) and runs the bill
   * run with GST, finalizing one invoice per customer.
   *
   * @param world the plan, subscriptions and meters
   * @return the bill run's result
   */
  @Benchmark
  public BillRunResult billRun(World world) {
    return billRun(world, world.buildEvents());
  }

  /**
   * The share of event construction in {@code billRun}: builds the events and nothing else. An
   * operation of its own (no baseline, no ratio): it measures the input, not the bill run.
   *
   * @param world the event data
   * @return the events
   */
  @Benchmark
  public List<UsageEvent> buildEvents(World world) {
    return world.buildEvents();
  }

  /**
   * Aggregates events and bills them.
   *
   * @param world the plan, subscriptions and meters
   * @param events the events
   * @return the bill run's result
   */
  static BillRunResult billRun(World world, List<UsageEvent> events) {
    SubscriptionUsage usage = SubscriptionUsageAggregator.of(world.subscriptions, world.catalog, world.baseMeters,
        world.asOf).withDedup(new InMemoryDeduplicationStore(world.events)).aggregateParallel(events, 2);
    BillRun run = new BillRun(world.catalog, new InMemoryInvoiceStore(), new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    TaxContext tax = world.tax;
    return run.run(BillRunRequest.of(world.subscriptions, UsageSource.of(usage), world.asOf).withTax(s -> tax));
  }


  /**
   * Baseline: units per customer and charge in a {@code long[]}, then each customer's invoice
   * total.
   *
   * @param world the arrays
   * @return the invoice total of each customer
   */
  @Benchmark
  public BigDecimal[] billRun_baseline(World world) {
    int customers = world.customers;
    long[] sums = new long[customers * REGIONS];
    byte[] region = world.region;
    byte[] units = world.units;
    for (int i = 0; i < region.length; i++) {
      sums[(i % customers) * REGIONS + region[i]] += units[i];
    }
    BigDecimal[] totals = new BigDecimal[customers];
    BigDecimal[] q = new BigDecimal[REGIONS];
    for (int c = 0; c < customers; c++) {
      for (int r = 0; r < REGIONS; r++) {
        q[r] = BigDecimal.valueOf(sums[c * REGIONS + r]);
      }
      totals[c] = BillingFixture.baselineInvoice(q);
    }
    return totals;
  }
}
