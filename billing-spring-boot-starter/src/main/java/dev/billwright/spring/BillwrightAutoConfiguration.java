package dev.billwright.spring;

import dev.billwright.alert.AlertSink;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceWorkflow;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.credit.WalletLedger;
import dev.billwright.invoice.AuditLog;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.PaymentTerms;
import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.MeteringCheckpointStore;
import dev.billwright.metering.UsageEventStore;
import dev.billwright.store.jdbc.JdbcStore;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Billwright's Spring Boot auto-configuration. Every bean of it and of the auto-configurations it
 * runs after ({@link BillwrightJdbcAutoConfiguration}, {@link BillwrightMemoryAutoConfiguration},
 * {@link BillwrightGstAutoConfiguration}) is {@link ConditionalOnMissingBean}: a host bean of the
 * same type replaces it.
 *
 * <ul>
 *   <li><b>Stores</b>: with billing-store-jdbc on the class path and a single {@link DataSource}
 *       bean (and {@code billwright.jdbc.enabled} not false), one {@link JdbcStore} over it
 *       (Flyway migrations applied at startup, history table {@code bw_schema_history}) and every
 *       store from it; otherwise the in-memory stores of billing-memory, which keep nothing
 *       across restarts. Beans: {@link PlanCatalog}, {@link InvoiceStore},
 *       {@link InvoiceNumberSequence}, {@link CreditNoteStore}, {@link WalletLedger},
 *       {@link AuditLog}, {@link DeduplicationStore}, {@link UsageEventStore},
 *       {@link MeteringCheckpointStore}, {@link AlertSink}.
 *   <li><b>Calculators</b>: {@link InvoiceAssembler#DEFAULT}, {@link CreditNoteCalculator#DEFAULT},
 *       and, with billing-tax-gst on the class path, a {@link GstTaxCalculator} as the
 *       {@link TaxCalculator} and the supplier {@link TaxParty} named {@code billwrightSupplier}
 *       when {@code billwright.gst.supplier.legal-name} is set.
 *   <li><b>The bill run</b>: a {@link BillRun} over those beans with the {@code billwright.*}
 *       options ({@link BillwrightProperties}), and the plans of {@code billwright.plans}
 *       published into the catalog at startup ({@link BillwrightPlans}).
 * </ul>
 */
@AutoConfiguration(after = {BillwrightJdbcAutoConfiguration.class, BillwrightMemoryAutoConfiguration.class,
    BillwrightGstAutoConfiguration.class})
@EnableConfigurationProperties(BillwrightProperties.class)
public class BillwrightAutoConfiguration {

  /** Created by Spring. */
  public BillwrightAutoConfiguration() {}

  /**
   * The clock the stores and the bill run stamp times with.
   *
   * @return the system clock in UTC, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public Clock billwrightClock() {
    return Clock.systemUTC();
  }

  /**
   * The invoice assembler: default pricing, proration and rating.
   *
   * @return {@link InvoiceAssembler#DEFAULT}, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public InvoiceAssembler billwrightInvoiceAssembler() {
    return InvoiceAssembler.DEFAULT;
  }

  /**
   * The calculator of credit notes (cancellation and proration credits).
   *
   * @return {@link CreditNoteCalculator#DEFAULT}, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public CreditNoteCalculator billwrightCreditNoteCalculator() {
    return CreditNoteCalculator.DEFAULT;
  }

  /**
   * The bill run over the catalog, invoice store, numbers and credit note store, with the
   * {@code billwright.*} options: the convention preset, where proration credits go, the grace
   * period and payment terms, the claim lease and the credit notes' series.
   *
   * @param properties the properties, not null
   * @param catalog the plan catalog, not null
   * @param invoices the invoice store, not null
   * @param numbers the invoice number sequence, not null
   * @param creditNotes the credit note store, not null
   * @param assembler the invoice assembler, not null
   * @param creditNoteCalculator the credit note calculator, not null
   * @param clock the clock of claims, not null
   * @return the bill run, never null
   * @throws dev.billwright.error.BillingException if a property is out of its bounds, naming it
   */
  @Bean
  @ConditionalOnMissingBean
  public BillRun billwrightBillRun(BillwrightProperties properties, PlanCatalog catalog, InvoiceStore invoices,
      InvoiceNumberSequence numbers, CreditNoteStore creditNotes, InvoiceAssembler assembler,
      CreditNoteCalculator creditNoteCalculator, Clock clock) {
    BillwrightProperties.CreditNotes cn = properties.creditNotes();
    InvoiceSeries series = InvoiceSeries.of(cn.series(), cn.prefix(), cn.width());
    Integer netDays = properties.paymentTermsNetDays();
    InvoiceWorkflow workflow = new InvoiceWorkflow(properties.gracePeriod(),
        netDays == null ? Optional.empty() : Optional.of(PaymentTerms.net(netDays)));
    BillRun run = new BillRun(catalog, invoices, numbers, assembler,
        new ProrationCredits(properties.prorationCredits(), creditNoteCalculator), creditNoteCalculator)
        .withWorkflow(workflow)
        .withClaimLease(properties.claimLease(), clock)
        .withCreditNotes(creditNotes, note -> series);
    return properties.conventions() == null ? run : run.withConventions(properties.conventions());
  }

  /**
   * Publishes the plans of {@code billwright.plans} into the catalog at startup.
   *
   * @param properties the properties, not null
   * @param catalog the plan catalog, not null
   * @param resources the resource loader of the context, not null
   * @return the publisher, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public BillwrightPlans billwrightPlans(BillwrightProperties properties, PlanCatalog catalog,
      ResourcePatternResolver resources) {
    return new BillwrightPlans(properties.plans(), Optional.ofNullable(properties.conventions()), catalog, resources);
  }
}
