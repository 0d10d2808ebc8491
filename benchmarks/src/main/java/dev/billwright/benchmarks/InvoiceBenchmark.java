package dev.billwright.benchmarks;

import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Invoice assembly: {@link InvoiceAssembler#DEFAULT} building the October invoice of a
 * subscription to the 10-charge plan of {@link BillingFixture} (nine usage lines priced from
 * given quantities, one flat fee in arrears) with GST from {@code GstTaxCalculator.DEFAULT}, in
 * invoices per second on one thread, against the hand-written baseline
 * {@link BillingFixture#baselineInvoice} (the same lines, rounding and tax heads on bare
 * BigDecimals). {@code InvoiceBenchmarkTest} checks both give the same total.
 *
 * <p>Target (docs/benchmarks.md): at least 100 000 invoices/s per core.
 *
 * <p>The subscription is resolved once per trial ({@link Subscription#resolve}: plan, overrides,
 * phases), as a bill run resolves each subscription once for all its cycles;
 * {@link #assembleResolvingEachCall} resolves it for every invoice instead. Billwright then
 * lists the usage windows, prices every charge with its explanation, builds immutable lines (line
 * ids, descriptions; the explanation JSON is written when first read, which the benchmark never
 * does: {@code InvoiceBenchmarkTest} reads and serialises it), applies discounts (none here),
 * derives the invoice id (SHA-256 of its idempotency key), calls the tax SPI (GST: supply type,
 * place of supply, rate lookup by SAC code and date, per-line heads) and computes the totals; the
 * baseline only computes the total. Each invocation assembles {@value #INVOICES} invoices of
 * different quantities (fixed seed), so ops/s reads as invoices/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InvoiceBenchmark {
  /** Invoices assembled per invocation. */
  static final int INVOICES = 8;

  /** Creates the benchmark (JMH instantiates it). */
  public InvoiceBenchmark() {}

  /** The subscription, catalog, cycle, tax context and {@value #INVOICES} sets of quantities. */
  @State(Scope.Thread)
  public static class Invoices {
    /** The Billwright requests, one per set of quantities. */
    InvoiceRequest[] requests;
    /** The requests' subscription resolved against their catalog, once per trial (as a bill run does). */
    ResolvedSubscription resolved;
    /** The baseline's quantities: [invoice][usage charge]. */
    BigDecimal[][] quantities;

    /** Creates the state (JMH instantiates it). */
    public Invoices() {}

    /** Builds the requests from the fixed seed; once per trial. */
    @Setup
    public void setUp() {
      Plan plan = BillingFixture.plan();
      InMemoryPlanCatalog catalog = new InMemoryPlanCatalog();
      catalog.publish(plan);
      Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode(plan.code())
          .planVersion(plan.version()).start(BillingFixture.OCTOBER.start()).build();
      BillingCycle cycle = october(sub, catalog);
      resolved = sub.resolve(catalog);
      TaxContext tax = BillingFixture.gst();
      SplittableRandom random = new SplittableRandom(PricingBenchmark.SEED);
      requests = new InvoiceRequest[INVOICES];
      quantities = new BigDecimal[INVOICES][BillingFixture.USAGE_CHARGES];
      for (int i = 0; i < INVOICES; i++) {
        Map<String, BigDecimal> usage = new LinkedHashMap<>();
        for (int k = 0; k < BillingFixture.USAGE_CHARGES; k++) {
          quantities[i][k] = BigDecimal.valueOf(random.nextLong(0, 200_001));
          usage.put(BillingFixture.USAGE_CODES.get(k), quantities[i][k]);
        }
        requests[i] = new InvoiceRequest(sub, catalog, cycle, PeriodUsage.ofQuantities(usage), List.of(), List.of(),
            tax);
      }
    }

    /**
     * Returns the cycle whose closing period is October 2026.
     *
     * @param sub the subscription
     * @param catalog the catalog
     * @return the cycle
     * @throws IllegalStateException if the subscription has no such cycle
     */
    static BillingCycle october(Subscription sub, InMemoryPlanCatalog catalog) {
      Instant end = BillingFixture.OCTOBER.end();
      for (BillingCycle c : SubscriptionCycles.cycles(sub, catalog, sub.start(), end)) {
        if (c.closing().isPresent() && c.closing().get().period().equals(BillingFixture.OCTOBER)) {
          return c;
        }
      }
      throw new IllegalStateException("no cycle closes " + BillingFixture.OCTOBER);
    }
  }

  /**
   * Billwright: assembles each invoice (lines, GST, totals) from the subscription resolved once
   * ({@link InvoiceAssembler#assemble(InvoiceRequest, ResolvedSubscription)}, what a bill run
   * does for every cycle of a subscription).
   *
   * @param in the requests
   * @param bh consumes each invoice
   */
  @Benchmark
  @OperationsPerInvocation(INVOICES)
  public void assemble(Invoices in, Blackhole bh) {
    for (InvoiceRequest r : in.requests) {
      bh.consume(InvoiceAssembler.DEFAULT.assemble(r, in.resolved));
    }
  }

  /**
   * Billwright as {@link #assemble}, resolving the subscription again for every invoice
   * ({@link InvoiceAssembler#assemble(InvoiceRequest)}): plan lookup, overrides, phases and
   * their schedules on every call.
   *
   * @param in the requests
   * @param bh consumes each invoice
   */
  @Benchmark
  @OperationsPerInvocation(INVOICES)
  public void assembleResolvingEachCall(Invoices in, Blackhole bh) {
    for (InvoiceRequest r : in.requests) {
      bh.consume(InvoiceAssembler.DEFAULT.assemble(r));
    }
  }

  /**
   * Baseline: the same invoice totals on bare BigDecimals.
   *
   * @param in the quantities
   * @param bh consumes each total
   */
  @Benchmark
  @OperationsPerInvocation(INVOICES)
  public void assemble_baseline(Invoices in, Blackhole bh) {
    for (BigDecimal[] q : in.quantities) {
      bh.consume(BillingFixture.baselineInvoice(q));
    }
  }
}
