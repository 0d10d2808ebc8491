package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.testkit.invoice.InvoiceStoreContract;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The database's own guarantees and the bad conditions of a real PostgreSQL server: the unique
 * partial index, the append-only audit table, a schema newer or older than the code, and
 * connections killed by the server in the middle of a bill run.
 */
class BadConditionsTest {
  private static Connection admin(String url) throws SQLException {
    return DriverManager.getConnection(url, "postgres", "");
  }

  /** The partial unique index itself refuses a second live row of a key, and admits one after a void. */
  @Test
  void theDatabaseRefusesASecondLiveInvoicePerKey() throws Exception {
    String url = Databases.newPostgres();
    try (JdbcStore db = Databases.open(url); Connection c = admin(url)) {
      Invoice draft = db.invoices().insertIfAbsent(InvoiceStoreContractAccess.draft("inv_1"));
      String insert = "INSERT INTO bw_invoice (id, key_value, owner_id, period_start, period_end, kind, status,"
          + " customer_id, body) SELECT 'inv_2', key_value, owner_id, period_start, period_end, kind, 'draft',"
          + " customer_id, body FROM bw_invoice WHERE id = 'inv_1'";
      assertThatThrownBy(() -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate(insert);
        }
      }).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
      Invoice fin = db.invoices().compareAndSet(draft, InvoiceLifecycle.finalize(draft, "N1", draft.period().end()));
      db.invoices().compareAndSet(fin, InvoiceLifecycle.voidInvoice(fin, draft.period().end().plusSeconds(60)));
      try (Statement st = c.createStatement()) {
        assertThat(st.executeUpdate(insert)).isEqualTo(1);
      }
      // every step is in the audit log, with the state before and after
      List<AuditRecord> trail = db.auditLog().read(AuditRecord.ENTITY_INVOICE, "inv_1");
      assertThat(trail).extracting(AuditRecord::action).containsExactly("created", "finalized", "voided");
      assertThat(trail.get(1).before().orElseThrow()).containsPattern("\"status\" ?: ?\"draft\"");
      assertThat(trail.get(2).after().orElseThrow()).containsPattern("\"status\" ?: ?\"void\"");
      assertThat(trail).allMatch(r -> r.actor().equals("billwright"));
    }
  }

  /** The audit table refuses an update and a delete (a trigger). */
  @Test
  void theAuditTableIsAppendOnly() throws Exception {
    String url = Databases.newPostgres();
    try (JdbcStore db = Databases.open(url); Connection c = admin(url); Statement st = c.createStatement()) {
      db.auditLog().append(AuditRecord.of("plan", "p@1", "published", null, "{}", "ops", "", Instant.EPOCH));
      assertThatThrownBy(() -> st.executeUpdate("UPDATE bw_audit SET actor = 'someone else'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.executeUpdate("DELETE FROM bw_audit")).isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThat(db.auditLog().readAfter(0, 10)).singleElement().extracting(AuditRecord::actor).isEqualTo("ops");
    }
  }

  /** A schema newer than the code is refused with a clear error and left unchanged. */
  @Test
  void aNewerSchemaIsRefused() throws Exception {
    String url = Databases.newPostgres();
    Databases.open(url).close();
    try (Connection c = admin(url); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO bw_schema_history (installed_rank, version, description, type, script, checksum,"
          + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 1,"
          + " 'postgres', 1, true)");
    }
    assertThatThrownBy(() -> Databases.open(url)).isInstanceOf(BillingException.class)
        .hasMessageContaining("schema version 99").hasMessageContaining("newer than this code's " + JdbcStore.SCHEMA_VERSION)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.STORE_SCHEMA_MISMATCH);
  }

  /** An empty (older) schema is migrated on open; with migrate off it is refused instead. */
  @Test
  void anOlderSchemaIsMigratedOrRefused() {
    String url = Databases.newPostgres();
    assertThatThrownBy(() -> JdbcStore.open(url, "postgres", null, JdbcStoreSettings.DEFAULTS.withMigrate(false),
        java.time.Clock.systemUTC()))
        .isInstanceOf(BillingException.class).hasMessageContaining("pending migration")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.STORE_SCHEMA_MISMATCH);
    try (JdbcStore db = Databases.open(url)) {
      assertThat(db.invoiceNumbers().next("S")).isEqualTo(1);
    }
    try (JdbcStore db = JdbcStore.open(url, "postgres", null, JdbcStoreSettings.DEFAULTS.withMigrate(false),
        java.time.Clock.systemUTC())) {
      assertThat(db.invoiceNumbers().next("S")).isEqualTo(2);
    }
  }

  /**
   * A database at schema version 1 (written by an earlier release, with an invoice in it) is
   * migrated to the code's version on open: the invoice reads back, and the bodies written from
   * then on are stored uncompressed.
   */
  @Test
  void aVersionOneSchemaMigratesToTheCodesVersion() throws Exception {
    String url = Databases.newPostgres();
    org.flywaydb.core.Flyway.configure(JdbcStore.class.getClassLoader()).dataSource(url, "postgres", null)
        .locations(Dialect.POSTGRESQL.migrations()).table(JdbcStore.HISTORY_TABLE)
        .target(org.flywaydb.core.api.MigrationVersion.fromVersion("1")).load().migrate();
    try (Connection c = admin(url); Statement st = c.createStatement()) {
      try (var rs = st.executeQuery("SELECT attstorage FROM pg_attribute WHERE attrelid = 'bw_invoice'::regclass"
          + " AND attname = 'body'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("x"); // version 1: compressible
      }
    }
    try (JdbcStore db = Databases.open(url)) {
      Invoice draft = db.invoices().insertIfAbsent(InvoiceStoreContractAccess.draft("inv_v1"));
      assertThat(db.invoices().findById("inv_v1")).contains(draft);
    }
    try (Connection c = admin(url); Statement st = c.createStatement()) {
      try (var rs = st.executeQuery("SELECT attname, attstorage FROM pg_attribute WHERE attrelid IN"
          + " ('bw_invoice'::regclass, 'bw_audit'::regclass) AND attname IN ('body', 'before_state', 'after_state')"
          + " ORDER BY attname")) {
        List<String> got = new ArrayList<>();
        while (rs.next()) {
          got.add(rs.getString(1) + "=" + rs.getString(2));
        }
        assertThat(got).containsExactly("after_state=e", "before_state=e", "body=e");
      }
      try (var rs = st.executeQuery("SELECT max(version::int) FROM bw_schema_history WHERE success")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(JdbcStore.SCHEMA_VERSION);
      }
    }
  }

  /** A database that cannot be reached is a clear error. */
  @Test
  void anUnreachableDatabaseIsAClearError() {
    assertThatThrownBy(() -> JdbcStore.open("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "x", null))
        .isInstanceOf(BillingException.class).hasMessageContaining("cannot connect")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
  }

  /**
   * The server kills every connection of the store again and again during a bill run: whatever the
   * run reports, no invoice is half-applied (each stored invoice is a whole draft or finalized
   * with its number), and a recovering run then completes: one finalized invoice per key, unique
   * numbers.
   */
  @Test
  void connectionsKilledMidRunLeaveNothingHalfAppliedAndTheRerunCompletes() throws Exception {
    String url = Databases.newPostgres();
    try (JdbcStore db = Databases.open(url); Connection killer = admin(url)) {
      db.planCatalog().publish(BillRunChild.plan());
      AtomicInteger calls = new AtomicInteger();
      UsageSource flaky = (sub, w) -> {
        if (calls.incrementAndGet() % 5 == 0) {
          try (PreparedStatement ps = killer.prepareStatement("SELECT pg_terminate_backend(pid) FROM"
              + " pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            ps.executeQuery().close();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
        return PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal("1234")));
      };
      BillRun run = new BillRun(db.planCatalog(), db.invoices(), db.invoiceNumbers(), InvoiceAssembler.DEFAULT);
      List<Subscription> subs = BillRunChild.subscriptions();
      BillRunResult first = run.run(BillRunRequest.of(subs, flaky, Instant.parse("2026-07-01T00:00:00Z")));
      assertThat(first.created().size() + first.existing().size() + first.failures().size()).isPositive();
      for (Invoice i : all(db)) {
        assertThat(i.status() == InvoiceStatus.DRAFT || i.number().isPresent()).isTrue();
      }
      BillRunResult rerun = run.recover(BillRunChild.request());
      assertThat(rerun.failures()).isEmpty();
      List<Invoice> stored = all(db);
      assertThat(stored).hasSize(BillRunChild.INVOICES).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
      assertThat(stored.stream().map(i -> i.number().orElseThrow()).distinct()).hasSize(BillRunChild.INVOICES);
    }
  }

  private static List<Invoice> all(JdbcStore db) {
    List<Invoice> out = new ArrayList<>();
    BillingPeriod years = BillingPeriod.of(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"),
        ZoneOffset.UTC);
    for (Subscription s : BillRunChild.subscriptions()) {
      out.addAll(db.invoices().listByCustomer(s.customerId(), years));
    }
    return out;
  }

  /** Reaches the contract's protected draft builder. */
  private static final class InvoiceStoreContractAccess extends InvoiceStoreContract {
    static Invoice draft(String id) {
      return InvoiceStoreContract.draft(id, OCTOBER, "1000.00");
    }

    @Override
    protected dev.billwright.invoice.InvoiceStore newStore() {
      throw new UnsupportedOperationException();
    }
  }
}
