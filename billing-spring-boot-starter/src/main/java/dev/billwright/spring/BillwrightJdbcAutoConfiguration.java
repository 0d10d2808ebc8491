package dev.billwright.spring;

import dev.billwright.alert.AlertSink;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.credit.WalletLedger;
import dev.billwright.invoice.AuditLog;
import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.MeteringCheckpointStore;
import dev.billwright.metering.UsageEventStore;
import dev.billwright.store.jdbc.JdbcStore;
import dev.billwright.store.jdbc.JdbcStoreSettings;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The JDBC stores of billing-store-jdbc over the host's single {@link DataSource} (after Spring
 * Boot's {@code DataSourceAutoConfiguration}, so {@code spring.datasource.*} is seen): one
 * {@link JdbcStore}, which applies the Flyway migrations when it is created (history table
 * {@code bw_schema_history}), and every store from it. Off with {@code billwright.jdbc.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@EnableConfigurationProperties(BillwrightProperties.class)
@ConditionalOnClass(JdbcStore.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "billwright.jdbc", name = "enabled", havingValue = "true", matchIfMissing = true)
public class BillwrightJdbcAutoConfiguration {
  /** Created by Spring. */
  public BillwrightJdbcAutoConfiguration() {}

  /**
   * The store over the data source; migrations are applied when it is created.
   *
   * @param dataSource the host's data source, not null
   * @param properties the properties, not null
   * @param clock the clock, not null
   * @return the store, never null
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public JdbcStore billwrightJdbcStore(DataSource dataSource, BillwrightProperties properties, Clock clock) {
    BillwrightProperties.Jdbc jdbc = properties.jdbc();
    JdbcStoreSettings settings = JdbcStoreSettings.DEFAULTS.withDedupRetention(jdbc.dedupRetention())
        .withActor(jdbc.actor()).withMigrate(jdbc.migrate());
    return JdbcStore.open(dataSource, settings, clock);
  }

  /**
   * The plan catalog in table {@code bw_plan}.
   *
   * @param db the store, not null
   * @return the catalog, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public PlanCatalog billwrightPlanCatalog(JdbcStore db) {
    return db.planCatalog();
  }

  /**
   * The invoice store in table {@code bw_invoice}.
   *
   * @param db the store, not null
   * @return the invoice store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public InvoiceStore billwrightInvoiceStore(JdbcStore db) {
    return db.invoices();
  }

  /**
   * The gap-free invoice numbers in table {@code bw_sequence}.
   *
   * @param db the store, not null
   * @return the sequence, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public InvoiceNumberSequence billwrightInvoiceNumberSequence(JdbcStore db) {
    return db.invoiceNumbers();
  }

  /**
   * The credit note store.
   *
   * @param db the store, not null
   * @return the credit note store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public CreditNoteStore billwrightCreditNoteStore(JdbcStore db) {
    return db.creditNotes();
  }

  /**
   * The wallet ledger in table {@code bw_ledger_entry}.
   *
   * @param db the store, not null
   * @return the ledger, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public WalletLedger billwrightWalletLedger(JdbcStore db) {
    return db.walletLedger();
  }

  /**
   * The append-only audit log in table {@code bw_audit}.
   *
   * @param db the store, not null
   * @return the log, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public AuditLog billwrightAuditLog(JdbcStore db) {
    return db.auditLog();
  }

  /**
   * The exact deduplication store with {@code billwright.jdbc.dedup-retention}.
   *
   * @param db the store, not null
   * @return the dedup store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public DeduplicationStore billwrightDeduplicationStore(JdbcStore db) {
    return db.deduplication();
  }

  /**
   * The usage event store in table {@code bw_usage_event}.
   *
   * @param db the store, not null
   * @return the event store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public UsageEventStore billwrightUsageEventStore(JdbcStore db) {
    return db.usageEvents();
  }

  /**
   * The durable metering checkpoints.
   *
   * @param db the store, not null
   * @return the checkpoints, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public MeteringCheckpointStore billwrightMeteringCheckpointStore(JdbcStore db) {
    return db.meteringCheckpoints();
  }

  /**
   * The alert outbox in table {@code bw_alert_outbox}.
   *
   * @param db the store, not null
   * @return the outbox, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public AlertSink billwrightAlertSink(JdbcStore db) {
    return db.alertOutbox();
  }
}
