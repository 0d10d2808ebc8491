package dev.billwright.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.catalog.Conventions;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.tax.TaxParty;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application.yml of docs/spring-boot.md (test resource docs-application.yml) starts and binds. */
class DocsExampleTest {

  @Test
  void theDocumentedPropertiesStartAContext() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BillwrightJdbcAutoConfiguration.class,
            BillwrightMemoryAutoConfiguration.class, BillwrightGstAutoConfiguration.class,
            BillwrightAutoConfiguration.class))
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withPropertyValues("spring.config.name=docs-application")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          BillwrightProperties p = ctx.getBean(BillwrightProperties.class);
          assertThat(p.conventions()).isEqualTo(Conventions.STRIPE);
          assertThat(p.prorationCredits()).isEqualTo(ProrationCredits.Mode.INVOICE_LINE);
          assertThat(p.paymentTermsNetDays()).isEqualTo(15);
          assertThat(p.jdbc().dedupRetention()).isEqualTo(Duration.ofDays(34));
          assertThat(ctx.getBean(BillRun.class).conventions()).contains(Conventions.STRIPE);
          assertThat(ctx.getBean(PlanCatalog.class).find("api", 1)).isPresent();
          assertThat(ctx.getBean("billwrightSupplier", TaxParty.class).regionCode()).contains("29");
        });
  }
}
