package dev.billwright.benchmarks;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.money.Money;
import dev.billwright.store.jdbc.JdbcDeduplicationStore;
import dev.billwright.store.jdbc.JdbcInvoiceStore;
import dev.billwright.store.jdbc.JdbcStore;
import dev.billwright.time.BillingPeriod;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDBC stores against a real PostgreSQL server (the embedded PostgreSQL binaries, started
 * by the benchmark on a local port): {@link JdbcInvoiceStore#insertIfAbsent} of new invoices, in
 * invoices per second, and {@link JdbcDeduplicationStore#firstSeenAll} in batches of
 * {@value #BATCH} new ids, in ids per second; {@link JdbcInvoiceStore#insertAllIfAbsent} of
 * {@value #INVOICE_BATCH} new invoices per transaction, in invoices per second. Targets (issue "Production storage"): at least
 * 5,000 invoices/s and 100,000 ids/s on a 2-core machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {
  /** Ids per batched dedup check. */
  static final int BATCH = 1000;
  /** Invoices per batched insert. */
  static final int INVOICE_BATCH = 100;

  /** Creates the benchmark (JMH instantiates it). */
  public StoreBenchmark() {}

  /** The server, the store and counters for fresh ids. */
  @State(Scope.Benchmark)
  public static class Db {
    EmbeddedPostgres server;
    JdbcStore store;
    JdbcInvoiceStore invoices;
    JdbcDeduplicationStore dedup;
    long next;

    /** Creates the state (JMH instantiates it). */
    public Db() {}

    /**
     * Starts PostgreSQL and opens a new database.
     *
     * @throws IOException if the server cannot start
     * @throws SQLException if the database cannot be created
     */
    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
      java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
      server = EmbeddedPostgres.builder().start();
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE bench");
      }
      store = JdbcStore.open(server.getJdbcUrl("postgres", "bench"), "postgres", null);
      invoices = store.invoices();
      dedup = store.deduplication();
    }

    /**
     * Closes the store and stops the server.
     *
     * @throws IOException if the server does not stop
     */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
      store.close();
      server.close();
    }
  }

  private static final BillingPeriod OCTOBER =
      BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), ZoneOffset.UTC);

  static Invoice invoice(long n) {
    Money fee = Money.of("INR", "1000.00");
    String sub = "sub_" + n;
    return Invoice.builder()
        .id("inv_" + n)
        .key(InvoiceKey.of(sub, OCTOBER, InvoiceKind.PERIOD))
        .customerId("cus_" + n)
        .addSubscriptionIds(sub)
        .currency(fee.currency())
        .addLines(InvoiceLine.builder()
            .lineId(InvoiceLine.lineIdOf(sub, "base", Map.of(), LineKind.RECURRING_FEE))
            .subscriptionId(sub)
            .chargeCode("base")
            .kind(LineKind.RECURRING_FEE)
            .servicePeriod(OCTOBER)
            .exactAmount(fee)
            .amount(fee)
            .build())
        .issuedAt(OCTOBER.end())
        .build();
  }

  /**
   * Inserts one new invoice (on PostgreSQL one statement in its own transaction: the insert and
   * its audit record).
   *
   * @param db the state
   * @return the stored invoice
   */
  @Benchmark
  public Invoice insertIfAbsentInvoice(Db db) {
    return db.invoices.insertIfAbsent(invoice(db.next++));
  }

  /**
   * Inserts {@value #INVOICE_BATCH} new invoices with one {@link JdbcInvoiceStore#insertAllIfAbsent}
   * (one transaction: one read of the keys and ids, one array-bound statement inserting the
   * invoices and their audit records, one commit), in invoices per second.
   *
   * @param db the state
   * @return the stored invoices
   */
  @Benchmark
  @OperationsPerInvocation(INVOICE_BATCH)
  public java.util.List<Invoice> insertAllIfAbsentInvoices(Db db) {
    java.util.List<Invoice> batch = new java.util.ArrayList<>(INVOICE_BATCH);
    for (int i = 0; i < INVOICE_BATCH; i++) {
      batch.add(invoice(db.next++));
    }
    return db.invoices.insertAllIfAbsent(batch);
  }

  /**
   * Checks a batch of {@value #BATCH} new ids in one transaction.
   *
   * @param db the state
   * @return the outcomes
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Map<String, DedupOutcome> dedupBatch(Db db) {
    Map<String, Long> batch = new LinkedHashMap<>();
    for (int i = 0; i < BATCH; i++) {
      long n = db.next++;
      batch.put("evt_" + n, n * 31);
    }
    return db.dedup.firstSeenAll("bench", batch);
  }
}
