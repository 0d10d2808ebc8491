package dev.billwright.benchmarks;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Plan;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.store.jdbc.JdbcStore;
import dev.billwright.subscription.Subscription;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same bill run over two stores: {@value #CUSTOMERS} customers on the 10-charge plan of
 * {@link BillingFixture}, each with fixed usage quantities for October 2026 (seeded), billed
 * with GST by a {@link BillRun} that inserts, claims, numbers and finalizes one invoice per
 * customer (its October invoice; both stores share a transaction with their number sequence, so
 * the run bills in chunks of 100: one claiming insert and one numbering-and-finalizing
 * transaction per chunk) — into the in-memory stores ({@code store=memory}) or into PostgreSQL through
 * {@code billing-store-jdbc} ({@code store=postgresql}, the embedded PostgreSQL server with its
 * default settings: {@code fsync} and {@code synchronous_commit} on). Each measurement starts
 * from empty stores. Target (issue "Production storage"): the PostgreSQL run takes at most twice
 * the in-memory run. {@link Mode#SingleShotTime}, seconds per bill run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class StoreBillRunBenchmark {
  /** Customers billed (one subscription each). */
  static final int CUSTOMERS = 10_000;

  /** Creates the benchmark (JMH instantiates it). */
  public StoreBillRunBenchmark() {}

  /** The subscriptions, their usage, and the stores of one measurement. */
  @State(Scope.Benchmark)
  public static class World {
    /** Which store the run writes to: {@code memory} or {@code postgresql}. */
    @Param({"memory", "postgresql"})
    public String store;

    /** The customers billed; {@value StoreBillRunBenchmark#CUSTOMERS} unless set. */
    @Param({"10000"})
    public int customers;

    Plan plan;
    InMemoryPlanCatalog catalog;
    List<Subscription> subscriptions;
    Map<String, PeriodUsage> usage;
    TaxContext tax;
    EmbeddedPostgres server;
    JdbcStore db;
    InvoiceStore invoices;
    InvoiceNumberSequence numbers;
    int trial;

    /** Creates the state (JMH instantiates it). */
    public World() {}

    /**
     * Builds the subscriptions and their usage, and starts PostgreSQL for {@code store=postgresql}.
     *
     * @throws IOException if the server cannot start
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      plan = BillingFixture.plan();
      catalog = new InMemoryPlanCatalog();
      catalog.publish(plan);
      subscriptions = new ArrayList<>(customers);
      usage = new HashMap<>();
      SplittableRandom random = new SplittableRandom(PricingBenchmark.SEED);
      for (int c = 0; c < customers; c++) {
        Subscription s = Subscription.builder().id("sub_" + c).customerId("cus_" + c).planCode(plan.code())
            .planVersion(plan.version()).start(BillingFixture.OCTOBER.start()).build();
        subscriptions.add(s);
        Map<String, BigDecimal> q = new LinkedHashMap<>();
        for (int k = 0; k < BillingFixture.USAGE_CHARGES; k++) {
          q.put(BillingFixture.USAGE_CODES.get(k), BigDecimal.valueOf(random.nextLong(0, 200_001)));
        }
        usage.put(s.id(), PeriodUsage.ofQuantities(q));
      }
      tax = BillingFixture.gst();
      if (store.equals("postgresql")) {
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        server = EmbeddedPostgres.builder().start();
      }
    }

    /**
     * Fresh, empty stores for the next bill run (a new database on PostgreSQL).
     *
     * @throws SQLException if the database cannot be created
     */
    @Setup(Level.Iteration)
    public void freshStores() throws SQLException {
      if (server == null) {
        invoices = new InMemoryInvoiceStore();
        numbers = new InMemoryInvoiceNumberSequence();
        return;
      }
      String name = "bench_" + (++trial);
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      }
      db = JdbcStore.open(server.getJdbcUrl("postgres", name), "postgres", null);
      invoices = db.invoices();
      numbers = db.invoiceNumbers();
    }

    /** Closes the iteration's store. */
    @TearDown(Level.Iteration)
    public void closeStores() {
      if (db != null) {
        db.close();
        db = null;
      }
    }

    /**
     * Stops the server.
     *
     * @throws IOException if it does not stop
     */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Bills every customer for October 2026 into the iteration's store.
   *
   * @param w the state
   * @return the result (one invoice per customer)
   */
  @Benchmark
  public BillRunResult billRun(World w) {
    return run(w);
  }

  static BillRunResult run(World w) {
    BillRun run = new BillRun(w.catalog, w.invoices, w.numbers, InvoiceAssembler.DEFAULT);
    UsageSource source = (sub, window) -> w.usage.get(sub.id());
    return run.run(BillRunRequest.of(w.subscriptions, source, BillingFixture.OCTOBER.end()).withTax(s -> w.tax));
  }
}
