package dev.billwright.spring;

import dev.billwright.alert.AlertSink;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.credit.WalletLedger;
import dev.billwright.invoice.AuditLog;
import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.memory.InMemoryAlertSink;
import dev.billwright.memory.InMemoryAuditLog;
import dev.billwright.memory.InMemoryCreditNoteStore;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryMeteringCheckpointStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.memory.InMemoryUsageEventStore;
import dev.billwright.memory.InMemoryWalletLedger;
import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.MeteringCheckpointStore;
import dev.billwright.metering.UsageEventStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The in-memory stores, for every store type no bean exists for (after {@link BillwrightJdbcAutoConfiguration}):
 * state lives as long as the application context.
 */
@AutoConfiguration(after = BillwrightJdbcAutoConfiguration.class)
public class BillwrightMemoryAutoConfiguration {
  /** Created by Spring. */
  public BillwrightMemoryAutoConfiguration() {}

  /**
   * An empty in-memory plan catalog.
   *
   * @return the catalog, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public PlanCatalog billwrightPlanCatalog() {
    return new InMemoryPlanCatalog();
  }

  /**
   * An in-memory invoice store.
   *
   * @return the store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public InvoiceStore billwrightInvoiceStore() {
    return new InMemoryInvoiceStore();
  }

  /**
   * An in-memory gap-free number sequence.
   *
   * @return the sequence, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public InvoiceNumberSequence billwrightInvoiceNumberSequence() {
    return new InMemoryInvoiceNumberSequence();
  }

  /**
   * An in-memory credit note store numbering from its own sequence.
   *
   * @return the store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public CreditNoteStore billwrightCreditNoteStore() {
    return new InMemoryCreditNoteStore();
  }

  /**
   * An in-memory wallet ledger.
   *
   * @return the ledger, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public WalletLedger billwrightWalletLedger() {
    return new InMemoryWalletLedger();
  }

  /**
   * An in-memory audit log (the in-memory stores do not write to it).
   *
   * @return the log, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public AuditLog billwrightAuditLog() {
    return new InMemoryAuditLog();
  }

  /**
   * The in-memory deduplication store (probabilistic at 64 bits).
   *
   * @return the store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public DeduplicationStore billwrightDeduplicationStore() {
    return new InMemoryDeduplicationStore();
  }

  /**
   * An in-memory usage event store.
   *
   * @return the store, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public UsageEventStore billwrightUsageEventStore() {
    return new InMemoryUsageEventStore();
  }

  /**
   * In-memory metering checkpoints.
   *
   * @return the checkpoints, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public MeteringCheckpointStore billwrightMeteringCheckpointStore() {
    return new InMemoryMeteringCheckpointStore();
  }

  /**
   * An in-memory alert sink.
   *
   * @return the sink, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public AlertSink billwrightAlertSink() {
    return new InMemoryAlertSink();
  }
}
