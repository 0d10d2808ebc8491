package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.jspecify.annotations.Nullable;

/**
 * One database holding every Billwright store. {@link #open} connects, checks the schema
 * (Flyway history table {@code bw_schema_history}), applies pending migrations, and refuses a
 * schema newer than this code; the stores it hands out share its connections.
 *
 * <pre>{@code
 * try (JdbcStore db = JdbcStore.open("jdbc:postgresql://localhost:5432/billing", "billing", secret)) {
 *   BillRun run = new BillRun(db.planCatalog(), db.invoices(), db.invoiceNumbers(), InvoiceAssembler.DEFAULT)
 *       .withCreditNotes(db.creditNotes(), note -> InvoiceSeries.of("CN", "CN-", 6));
 * }
 * }</pre>
 *
 * <p>Every store method is one transaction (applied whole or not at all) and is safe to call
 * from many threads and many processes against the same database.
 */
public final class JdbcStore implements AutoCloseable {
  /** The newest schema version this code knows. */
  public static final String SCHEMA_VERSION = "2";
  /** The Flyway history table. */
  public static final String HISTORY_TABLE = "bw_schema_history";

  private final Sql sql;
  private final JdbcStoreSettings settings;
  private final Clock clock;
  private final JdbcAuditLog audit;

  private JdbcStore(Sql sql, JdbcStoreSettings settings, Clock clock) {
    this.sql = sql;
    this.settings = settings;
    this.clock = clock;
    this.audit = new JdbcAuditLog(sql);
  }

  /**
   * Opens a database with the default settings ({@link JdbcStoreSettings#DEFAULTS}).
   *
   * @param url the JDBC URL ({@code jdbc:postgresql://...} or {@code jdbc:h2:...}), not null
   * @param user the user, or null for none (H2, or a URL that names it)
   * @param password the password, or null for none
   * @return the open store, never null
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database cannot be
   *     reached, {@link ErrorCode#STORE_SCHEMA_MISMATCH} if its schema is newer than the code or
   *     does not match its migration history, {@link ErrorCode#INVALID_VALUE} for another database
   */
  public static JdbcStore open(String url, @Nullable String user, @Nullable String password) {
    return open(url, user, password, JdbcStoreSettings.DEFAULTS, Clock.systemUTC());
  }

  /**
   * Opens a database.
   *
   * @param url the JDBC URL, not null
   * @param user the user, or null
   * @param password the password, or null
   * @param settings the settings, not null
   * @param clock the clock that stamps audit records, dedup times and outbox entries, not null
   * @return the open store, never null
   * @throws BillingException as {@link #open(String, String, String)}; with
   *     {@link ErrorCode#STORE_SCHEMA_MISMATCH} also if {@code migrate} is off and migrations are
   *     pending
   */
  public static JdbcStore open(String url, @Nullable String user, @Nullable String password, JdbcStoreSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Sql sql = new Sql(url, user, password, settings.poolSize());
    migrate(sql, user, password, settings.migrate());
    return new JdbcStore(sql, settings, clock);
  }

  /**
   * Opens a database through a host's {@link DataSource} (a Spring Boot or application-server
   * pool): the same schema check and migrations as {@link #open(String, String, String,
   * JdbcStoreSettings, Clock)}, the dialect read from the connection's URL, and every transaction
   * on a connection taken from the data source and handed back after it. The data source does the
   * pooling, so {@link JdbcStoreSettings#poolSize()} is not used; {@link #close()} closes nothing
   * of the data source's.
   *
   * @param dataSource the data source of a PostgreSQL or H2 database, not null
   * @param settings the settings, not null
   * @param clock the clock that stamps audit records, dedup times and outbox entries, not null
   * @return the open store, never null
   * @throws BillingException as {@link #open(String, String, String, JdbcStoreSettings, Clock)}
   */
  public static JdbcStore open(DataSource dataSource, JdbcStoreSettings settings, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    String url;
    try (var c = dataSource.getConnection()) {
      url = c.getMetaData().getURL();
    } catch (SQLException e) {
      throw new BillingException(ErrorCode.STORE_UNAVAILABLE, "cannot connect to the data source: " + e.getMessage());
    }
    if (url == null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "store", dataSource,
          "a data source whose connections report their JDBC URL");
    }
    Sql sql = new Sql(dataSource, url);
    migrate(sql, null, null, settings.migrate());
    return new JdbcStore(sql, settings, clock);
  }

  /**
   * Opens (creating if needed) the embedded default: an H2 file database in a directory, which
   * other processes may open at the same time (H2's automatic server mode).
   *
   * @param directory the directory of the database files, not null (created if missing)
   * @return the open store, never null
   * @throws BillingException as {@link #open(String, String, String)}
   */
  public static JdbcStore openEmbedded(Path directory) {
    return open(embeddedUrl(directory), null, null);
  }

  /**
   * The JDBC URL of the embedded default in a directory.
   *
   * @param directory the directory, not null
   * <p>{@code WRITE_DELAY=0}: a commit is on disk before it returns. H2's default flushes commits
   * up to half a second later, so a process killed just after finalizing an invoice could come
   * back without it while its number was already printed or sent; billing prefers durability to
   * speed here.
   *
   * @return {@code jdbc:h2:file:DIR/billwright;AUTO_SERVER=TRUE;WRITE_DELAY=0}, never null
   */
  public static String embeddedUrl(Path directory) {
    return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("billwright") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
  }

  private static void migrate(Sql sql, @Nullable String user, @Nullable String password, boolean apply) {
    // Try the connection first, so a database that is down reads as such and not as a Flyway error.
    try (var c = sql.open()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new BillingException(ErrorCode.STORE_UNAVAILABLE, "cannot connect to " + redact(sql.url()) + ": "
          + e.getMessage());
    }
    var configuration = Flyway.configure(JdbcStore.class.getClassLoader());
    DataSource dataSource = sql.dataSource();
    if (dataSource != null) {
      configuration.dataSource(dataSource);
    } else {
      configuration.dataSource(sql.url(), user, password);
    }
    Flyway flyway = configuration
        .locations(sql.dialect().migrations())
        .table(HISTORY_TABLE)
        .baselineOnMigrate(false)
        .load();
    try {
      MigrationInfo[] applied = flyway.info().applied();
      for (MigrationInfo m : applied) {
        if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
          throw new BillingException(ErrorCode.STORE_SCHEMA_MISMATCH, "the database " + redact(sql.url())
              + " has schema version " + m.getVersion() + " (" + m.getDescription() + "), newer than this code's "
              + SCHEMA_VERSION + ": upgrade Billwright before using this database; nothing was changed");
        }
      }
      MigrationInfo[] pending = flyway.info().pending();
      if (pending.length > 0 && !apply) {
        throw new BillingException(ErrorCode.STORE_SCHEMA_MISMATCH, "the database " + redact(sql.url())
            + " has " + pending.length + " pending migration(s) up to version "
            + pending[pending.length - 1].getVersion() + " and migrate is off: run with migrate on");
      }
      if (pending.length > 0) {
        flyway.migrate();
      }
      flyway.validate();
    } catch (FlywayException e) {
      throw new BillingException(ErrorCode.STORE_SCHEMA_MISMATCH, "the schema of " + redact(sql.url())
          + " does not match this code's migrations: " + e.getMessage());
    }
  }

  /**
   * A JDBC URL fit to print: the value of a {@code password} parameter replaced by {@code ***}.
   *
   * @param url the URL, not null
   * @return the URL without its password, never null
   */
  public static String redactedUrl(String url) {
    return redact(url);
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /**
   * The database's dialect.
   *
   * @return the dialect, never null
   */
  public Dialect dialect() {
    return sql.dialect();
  }

  /**
   * The settings the store was opened with.
   *
   * @return the settings, never null
   */
  public JdbcStoreSettings settings() {
    return settings;
  }

  /**
   * The plan catalog (table {@code bw_plan}); every publish is audited.
   *
   * @return the catalog, never null
   */
  public JdbcPlanCatalog planCatalog() {
    return new JdbcPlanCatalog(sql, audit, settings.actor(), clock);
  }

  /**
   * The invoice store (table {@code bw_invoice}); every insert and transition is audited.
   *
   * @return the store, never null
   */
  public JdbcInvoiceStore invoices() {
    return new JdbcInvoiceStore(sql, audit, settings.actor(), clock);
  }

  /**
   * The gap-free invoice number sequence (table {@code bw_sequence}).
   *
   * @return the sequence, never null
   */
  public JdbcInvoiceNumberSequence invoiceNumbers() {
    return new JdbcInvoiceNumberSequence(sql);
  }

  /**
   * The credit note store, numbering from its own series in {@code bw_sequence} (series names
   * are the credit note series', such as {@code CN/26-27}); every note stored is audited.
   *
   * @return the store, never null
   */
  public JdbcCreditNoteStore creditNotes() {
    return new JdbcCreditNoteStore(sql, audit, settings.actor(), clock);
  }

  /**
   * The wallet ledger (table {@code bw_ledger_entry}); every movement is audited.
   *
   * @return the ledger, never null
   */
  public JdbcWalletLedger walletLedger() {
    return new JdbcWalletLedger(sql, audit, settings.actor(), clock);
  }

  /**
   * The exact deduplication store (table {@code bw_dedup}) with the {@code dedup_retention}
   * setting.
   *
   * @return the store, never null
   */
  public JdbcDeduplicationStore deduplication() {
    return new JdbcDeduplicationStore(sql, settings.dedupRetention(), clock);
  }

  /**
   * The usage event store (table {@code bw_usage_event}), deduplicating through
   * {@link #deduplication()} in the same transaction.
   *
   * @return the store, never null
   */
  public JdbcUsageEventStore usageEvents() {
    return new JdbcUsageEventStore(sql, clock);
  }

  /**
   * The alert outbox (table {@code bw_alert_outbox}).
   *
   * @return the outbox, never null
   */
  public JdbcAlertOutbox alertOutbox() {
    return new JdbcAlertOutbox(sql, clock);
  }

  /**
   * The audit log (table {@code bw_audit}), append-only.
   *
   * @return the log, never null
   */
  public JdbcAuditLog auditLog() {
    return audit;
  }

  /**
   * The durable metering checkpoints (table {@code bw_metering_checkpoint}).
   *
   * @return the checkpoints, never null
   */
  public JdbcMeteringCheckpoints meteringCheckpoints() {
    return new JdbcMeteringCheckpoints(sql, clock);
  }

  /** Closes the store's idle connections; the stores it handed out stop working. */
  @Override
  public void close() {
    sql.close();
  }
}
