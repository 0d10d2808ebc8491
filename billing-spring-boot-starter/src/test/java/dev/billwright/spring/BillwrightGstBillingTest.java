package dev.billwright.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.TaxContext;
import dev.billwright.invoice.Invoice;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.Subscription;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * GST through the beans: the supplier from {@code billwright.gst.supplier.*} (Karnataka), the
 * {@link GstTaxCalculator} bean, a plan from {@code billwright.plans}, in-memory stores.
 */
class BillwrightGstBillingTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BillwrightJdbcAutoConfiguration.class,
          BillwrightMemoryAutoConfiguration.class, BillwrightGstAutoConfiguration.class,
          BillwrightAutoConfiguration.class))
      .withPropertyValues(
          "billwright.plans=classpath:gst-plans/saas_in.json",
          "billwright.gst.supplier.legal-name=Acme Cloud Private Limited",
          "billwright.gst.supplier.gstin=29AABCT1332L1ZA");

  @Test
  void anInterStateCustomerIsChargedIgstAtEighteenPercent() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      TaxParty supplier = ctx.getBean("billwrightSupplier", TaxParty.class);
      TaxCalculator gst = ctx.getBean(TaxCalculator.class);
      TaxParty maharashtra = TaxParty.of("Buyer MH", "IN").withTaxId("27AAPFU0939F1ZV");
      Instant start = Instant.parse("2026-04-01T00:00:00+05:30");
      Subscription sub = Subscription.builder().id("sub_gst").customerId("cus_mh").planCode("saas_in")
          .planVersion(1).start(start).seats(new BigDecimal("2")).build();
      BillRunResult result = ctx.getBean(BillRun.class).run(
          BillRunRequest.of(List.of(sub), (s, w) -> PeriodUsage.ofQuantities(Map.of()), start)
              .withTax(s -> new TaxContext(supplier, maharashtra, gst)));
      assertThat(result.failures()).isEmpty();
      assertThat(result.created()).hasSize(1);
      Invoice april = result.created().get(0);
      // April's seats in advance: 2 × 999; Karnataka to Maharashtra is inter-state (IGST Act
      // s.7), SAC 998319 at 18 %, rounded HALF_UP to paise
      BigDecimal taxable = new BigDecimal("999").multiply(new BigDecimal("2"));
      BigDecimal igst = taxable.multiply(new BigDecimal("18")).divide(new BigDecimal("100"))
          .setScale(2, RoundingMode.HALF_UP);
      assertThat(april.totals().taxableTotal()).isEqualTo(Money.of("INR", taxable.setScale(2).toPlainString()));
      assertThat(april.totals().taxOf(GstTaxCalculator.IGST)).isEqualTo(Money.of("INR", igst.toPlainString()));
      assertThat(april.totals().taxOf(GstTaxCalculator.CGST).isZero()).isTrue();
      assertThat(april.totals().total())
          .isEqualTo(Money.of("INR", taxable.add(igst).setScale(2).toPlainString()));
    });
  }
}
