package dev.billwright.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.alert.AlertSink;
import dev.billwright.billing.BillRun;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.catalog.Conventions;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.credit.WalletLedger;
import dev.billwright.error.BillingException;
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
import dev.billwright.store.jdbc.Dialect;
import dev.billwright.store.jdbc.JdbcAlertOutbox;
import dev.billwright.store.jdbc.JdbcAuditLog;
import dev.billwright.store.jdbc.JdbcCreditNoteStore;
import dev.billwright.store.jdbc.JdbcDeduplicationStore;
import dev.billwright.store.jdbc.JdbcInvoiceNumberSequence;
import dev.billwright.store.jdbc.JdbcInvoiceStore;
import dev.billwright.store.jdbc.JdbcMeteringCheckpoints;
import dev.billwright.store.jdbc.JdbcPlanCatalog;
import dev.billwright.store.jdbc.JdbcStore;
import dev.billwright.store.jdbc.JdbcStoreSettings;
import dev.billwright.store.jdbc.JdbcUsageEventStore;
import dev.billwright.store.jdbc.JdbcWalletLedger;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in application contexts built by Spring Boot's test runner. */
class BillwrightAutoConfigurationTest {

  /** Billwright's auto-configurations, as the imports file lists them. */
  private static final AutoConfigurations BILLWRIGHT = AutoConfigurations.of(BillwrightJdbcAutoConfiguration.class,
      BillwrightMemoryAutoConfiguration.class, BillwrightGstAutoConfiguration.class, BillwrightAutoConfiguration.class);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class)).withConfiguration(BILLWRIGHT);

  /** A fresh in-memory H2 database per context: Spring Boot's DataSource properties. */
  private static String[] h2() {
    return new String[] {"spring.datasource.url=jdbc:h2:mem:bw" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa"};
  }

  /** The innermost cause, or the throwable itself when it has none. */
  private static Throwable root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  @Test
  void withoutADataSourceEveryStoreIsInMemory() {
    // an application without spring-boot-starter-jdbc: no DataSource auto-configuration at all
    new ApplicationContextRunner().withConfiguration(BILLWRIGHT).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).doesNotHaveBean(DataSource.class);
      assertThat(ctx).doesNotHaveBean(JdbcStore.class);
      assertThat(ctx.getBean(PlanCatalog.class)).isInstanceOf(InMemoryPlanCatalog.class);
      assertThat(ctx.getBean(InvoiceStore.class)).isInstanceOf(InMemoryInvoiceStore.class);
      assertThat(ctx.getBean(InvoiceNumberSequence.class)).isInstanceOf(InMemoryInvoiceNumberSequence.class);
      assertThat(ctx.getBean(CreditNoteStore.class)).isInstanceOf(InMemoryCreditNoteStore.class);
      assertThat(ctx.getBean(WalletLedger.class)).isInstanceOf(InMemoryWalletLedger.class);
      assertThat(ctx.getBean(AuditLog.class)).isInstanceOf(InMemoryAuditLog.class);
      assertThat(ctx.getBean(DeduplicationStore.class)).isInstanceOf(InMemoryDeduplicationStore.class);
      assertThat(ctx.getBean(UsageEventStore.class)).isInstanceOf(InMemoryUsageEventStore.class);
      assertThat(ctx.getBean(MeteringCheckpointStore.class)).isInstanceOf(InMemoryMeteringCheckpointStore.class);
      assertThat(ctx.getBean(AlertSink.class)).isInstanceOf(InMemoryAlertSink.class);
      assertThat(ctx).hasSingleBean(BillRun.class);
      assertThat(ctx.getBean(InvoiceAssembler.class)).isSameAs(InvoiceAssembler.DEFAULT);
    });
  }

  @Test
  void withoutTheJdbcModuleEveryStoreIsInMemoryEvenWithADataSource() {
    runner.withPropertyValues(h2()).withClassLoader(new FilteredClassLoader(JdbcStore.class)).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).hasSingleBean(DataSource.class);
      assertThat(ctx.getBean(InvoiceStore.class)).isInstanceOf(InMemoryInvoiceStore.class);
    });
  }

  @Test
  void withAnH2DataSourceEveryStoreIsJdbcAndTheSchemaIsMigrated() {
    runner.withPropertyValues(h2()).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      JdbcStore db = ctx.getBean(JdbcStore.class);
      assertThat(db.dialect()).isEqualTo(Dialect.H2);
      assertThat(ctx.getBean(PlanCatalog.class)).isInstanceOf(JdbcPlanCatalog.class);
      assertThat(ctx.getBean(InvoiceStore.class)).isInstanceOf(JdbcInvoiceStore.class);
      assertThat(ctx.getBean(InvoiceNumberSequence.class)).isInstanceOf(JdbcInvoiceNumberSequence.class);
      assertThat(ctx.getBean(CreditNoteStore.class)).isInstanceOf(JdbcCreditNoteStore.class);
      assertThat(ctx.getBean(WalletLedger.class)).isInstanceOf(JdbcWalletLedger.class);
      assertThat(ctx.getBean(AuditLog.class)).isInstanceOf(JdbcAuditLog.class);
      assertThat(ctx.getBean(DeduplicationStore.class)).isInstanceOf(JdbcDeduplicationStore.class);
      assertThat(ctx.getBean(UsageEventStore.class)).isInstanceOf(JdbcUsageEventStore.class);
      assertThat(ctx.getBean(MeteringCheckpointStore.class)).isInstanceOf(JdbcMeteringCheckpoints.class);
      assertThat(ctx.getBean(AlertSink.class)).isInstanceOf(JdbcAlertOutbox.class);
      // Flyway ran through the host's DataSource: its history table records version 1, and the
      // tables of the schema exist.
      try (Connection c = ctx.getBean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
        List<String> versions = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"" + JdbcStore.HISTORY_TABLE
            + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
          while (rs.next()) {
            assertThat(rs.getBoolean(2)).isTrue();
            versions.add(rs.getString(1));
          }
        }
        assertThat(versions).containsExactly("1", JdbcStore.SCHEMA_VERSION);
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM bw_invoice")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isZero();
        }
      }
    });
  }

  @Test
  void jdbcDisabledKeepsTheInMemoryStoresBesideADataSource() {
    runner.withPropertyValues(h2()).withPropertyValues("billwright.jdbc.enabled=false").run(ctx -> {
      assertThat(ctx).hasSingleBean(DataSource.class);
      assertThat(ctx).doesNotHaveBean(JdbcStore.class);
      assertThat(ctx.getBean(InvoiceStore.class)).isInstanceOf(InMemoryInvoiceStore.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class HostStores {
    static final InMemoryInvoiceStore INVOICES = new InMemoryInvoiceStore();

    @Bean
    InvoiceStore hostInvoices() {
      return INVOICES;
    }

    @Bean
    TaxCalculator hostTax() {
      return TaxCalculator.none();
    }
  }

  @Test
  void aHostBeanReplacesOursAndTheBillRunUsesIt() {
    runner.withPropertyValues(h2()).withUserConfiguration(HostStores.class).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).hasSingleBean(InvoiceStore.class);
      assertThat(ctx.getBean(InvoiceStore.class)).isSameAs(HostStores.INVOICES);
      assertThat(ctx.getBean(TaxCalculator.class)).isNotInstanceOf(GstTaxCalculator.class);
      // the other stores still come from the data source
      assertThat(ctx.getBean(InvoiceNumberSequence.class)).isInstanceOf(JdbcInvoiceNumberSequence.class);
      ctx.getBean(PlanCatalog.class).publish(Fixtures.plan());
      BillRun run = ctx.getBean(BillRun.class);
      var result = run.run(Fixtures.request());
      assertThat(result.failures()).isEmpty();
      assertThat(result.created()).isNotEmpty();
      assertThat(HostStores.INVOICES.findById(result.created().get(0).id())).isPresent();
    });
  }

  @Test
  void defaultsAreTheLibrarysDefaults() {
    runner.withPropertyValues(h2()).run(ctx -> {
      BillwrightProperties p = ctx.getBean(BillwrightProperties.class);
      assertThat(p.conventions()).isNull();
      assertThat(p.prorationCredits()).isEqualTo(ProrationCredits.INVOICE_LINE.mode());
      assertThat(p.gracePeriod()).isZero();
      assertThat(p.paymentTermsNetDays()).isNull();
      assertThat(p.claimLease()).isEqualTo(BillRun.DEFAULT_CLAIM_LEASE);
      assertThat(p.plans()).isEmpty();
      JdbcStoreSettings settings = ctx.getBean(JdbcStore.class).settings();
      assertThat(settings.dedupRetention()).isEqualTo(JdbcStoreSettings.DEFAULTS.dedupRetention());
      assertThat(settings.actor()).isEqualTo(JdbcStoreSettings.DEFAULTS.actor());
      assertThat(settings.migrate()).isEqualTo(JdbcStoreSettings.DEFAULTS.migrate());
      assertThat(ctx.getBean(BillRun.class).conventions()).isEmpty();
    });
  }

  @Test
  void propertiesBindToTheNamedOptions() {
    runner.withPropertyValues(h2()).withPropertyValues(
        "billwright.conventions=lago",
        "billwright.proration-credits=credit-note",
        "billwright.grace-period=2d",
        "billwright.payment-terms-net-days=15",
        "billwright.claim-lease=5m",
        "billwright.credit-notes.series=CRN",
        "billwright.credit-notes.prefix=CRN/",
        "billwright.credit-notes.width=5",
        "billwright.jdbc.actor=billing-service",
        "billwright.jdbc.dedup-retention=7d").run(ctx -> {
          assertThat(ctx).hasNotFailed();
          BillwrightProperties p = ctx.getBean(BillwrightProperties.class);
          assertThat(p.conventions()).isEqualTo(Conventions.LAGO);
          assertThat(p.prorationCredits()).isEqualTo(ProrationCredits.Mode.CREDIT_NOTE);
          assertThat(p.gracePeriod()).isEqualTo(Duration.ofDays(2));
          assertThat(p.paymentTermsNetDays()).isEqualTo(15);
          assertThat(p.claimLease()).isEqualTo(Duration.ofMinutes(5));
          assertThat(p.creditNotes()).isEqualTo(new BillwrightProperties.CreditNotes("CRN", "CRN/", 5));
          assertThat(ctx.getBean(BillRun.class).conventions()).contains(Conventions.LAGO);
          JdbcStoreSettings settings = ctx.getBean(JdbcStore.class).settings();
          assertThat(settings.actor()).isEqualTo("billing-service");
          assertThat(settings.dedupRetention()).isEqualTo(Duration.ofDays(7));
        });
  }

  @Test
  void aPropertyOutOfBoundsStopsTheStartupNamingIt() {
    runner.withPropertyValues(h2()).withPropertyValues("billwright.grace-period=400d").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(root(ctx.getStartupFailure())).isInstanceOf(BillingException.class)
          .hasMessageContaining("grace_period");
    });
  }

  @Test
  void gstCalculatorAndSupplierFromProperties() {
    runner.withPropertyValues(h2()).withPropertyValues(
        "billwright.gst.supplier.legal-name=Acme Cloud Private Limited",
        "billwright.gst.supplier.gstin=29AABCT1332L1ZA",
        "billwright.gst.supplier.address=Bengaluru").run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(TaxCalculator.class)).isInstanceOf(GstTaxCalculator.class);
          TaxParty supplier = ctx.getBean("billwrightSupplier", TaxParty.class);
          assertThat(supplier.legalName()).isEqualTo("Acme Cloud Private Limited");
          assertThat(supplier.taxId()).contains("29AABCT1332L1ZA");
          assertThat(supplier.countryCode()).isEqualTo("IN");
          assertThat(supplier.regionCode()).contains("29");   // Karnataka, from the GSTIN
          assertThat(supplier.address()).isEqualTo(Optional.of("Bengaluru"));
        });
  }

  @Test
  void anInvalidSupplierGstinStopsTheStartup() {
    // last character changed: the check character no longer matches
    runner.withPropertyValues(h2()).withPropertyValues(
        "billwright.gst.supplier.legal-name=Acme", "billwright.gst.supplier.gstin=29AABCT1332L1ZB").run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(root(ctx.getStartupFailure())).isInstanceOf(BillingException.class);
        });
  }

  @Test
  void noSupplierBeanWithoutALegalNameAndNoGstWhenDisabled() {
    runner.withPropertyValues(h2()).run(ctx -> {
      assertThat(ctx).doesNotHaveBean("billwrightSupplier");
      assertThat(ctx).hasSingleBean(TaxCalculator.class);
    });
    runner.withPropertyValues(h2()).withPropertyValues("billwright.gst.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(TaxCalculator.class));
    runner.withPropertyValues(h2()).withClassLoader(new FilteredClassLoader(GstTaxCalculator.class))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).doesNotHaveBean(TaxCalculator.class);
        });
  }

  @Test
  void plansArePublishedAtStartupAndAMissingLocationStopsIt() {
    runner.withPropertyValues(h2()).withPropertyValues("billwright.plans=classpath:plans/api.json").run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(PlanCatalog.class).find("api", 1)).isPresent();
      assertThat(ctx.getBean(BillwrightPlans.class).published()).hasSize(1);
    });
    runner.withPropertyValues(h2()).withPropertyValues("billwright.plans=classpath:plans/none.json").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(root(ctx.getStartupFailure())).isInstanceOf(BillingException.class)
          .hasMessageContaining("billwright.plans");
    });
  }
}
