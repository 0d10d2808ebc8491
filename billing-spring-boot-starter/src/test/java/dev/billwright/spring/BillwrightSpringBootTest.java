package dev.billwright.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunResult;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.money.Money;
import dev.billwright.store.jdbc.JdbcInvoiceStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole Spring Boot application: H2 from {@code spring.datasource.*}, the plan from
 * {@code billwright.plans}, and one subscription billed through the {@link BillRun} bean.
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:billwright-boot;DB_CLOSE_DELAY=-1",
    "spring.datasource.username=sa",
    "billwright.plans=classpath:plans/*.json",
    // Spring Boot 3.5's own Flyway auto-configuration is compiled against Flyway 11 and fails on
    // the Flyway 13 Billwright builds with; the starter migrates Billwright's schema itself.
    "spring.flyway.enabled=false"})
class BillwrightSpringBootTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Autowired
  BillRun run;

  @Autowired
  InvoiceStore invoices;

  @Test
  void billsOneSubscriptionThroughTheBeansIntoTheDatabase() {
    assertThat(invoices).isInstanceOf(JdbcInvoiceStore.class);
    BillRunResult result = run.run(Fixtures.request());
    assertThat(result.failures()).isEmpty();
    // 1 October: the opening invoice with October's platform fee (in advance). 1 November:
    // October's requests, the first 100 000 free and the rest at 0.0004 each, and November's fee.
    assertThat(result.created()).hasSize(2);
    BigDecimal fee = new BigDecimal("49.00");
    BigDecimal usage = Fixtures.REQUESTS.subtract(new BigDecimal("100000")).multiply(new BigDecimal("0.0004"));
    Invoice opening = result.created().get(0);
    Invoice november = result.created().get(1);
    assertThat(opening.totals().total()).isEqualTo(Money.of("USD", fee.toPlainString()));
    assertThat(november.totals().total())
        .isEqualTo(Money.of("USD", usage.add(fee).setScale(2, RoundingMode.HALF_UP).toPlainString()));
    assertThat(opening.number()).contains("INV-000001");
    assertThat(november.number()).contains("INV-000002");
    // stored in the database, and a second run bills nothing again
    assertThat(invoices.findById(november.id())).contains(november);
    assertThat(run.run(Fixtures.request()).created()).isEmpty();
  }
}
