package dev.billwright.spring;

import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.tax.gst.Gstin;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Indian GST, when billing-tax-gst is on the class path. */
@AutoConfiguration
@EnableConfigurationProperties(BillwrightProperties.class)
@ConditionalOnClass(GstTaxCalculator.class)
@ConditionalOnProperty(prefix = "billwright.gst", name = "enabled", havingValue = "true", matchIfMissing = true)
public class BillwrightGstAutoConfiguration {
  /** Created by Spring. */
  public BillwrightGstAutoConfiguration() {}

  /**
   * The GST calculator: the standard rate table, the place-of-supply rule of services, half-up
   * rounding to paise, with {@code billwright.gst.round-total-to-rupee} and
   * {@code billwright.gst.sandbox}.
   *
   * @param properties the properties, not null
   * @return the calculator, never null
   */
  @Bean
  @ConditionalOnMissingBean
  public TaxCalculator billwrightTaxCalculator(BillwrightProperties properties) {
    BillwrightProperties.Gst gst = properties.gst();
    GstTaxCalculator calculator = GstTaxCalculator.DEFAULT.withRoundTotalToRupee(gst.roundTotalToRupee());
    return gst.sandbox() ? calculator.withGstinMode(Gstin.Mode.SANDBOX) : calculator;
  }

  /**
   * The supplier of the invoices, for the {@code TaxContext} of a bill run request.
   *
   * @param properties the properties, not null
   * @return the supplier, country {@code IN}, never null
   * @throws dev.billwright.error.BillingException if the GSTIN is not valid (in the mode of
   *     {@code billwright.gst.sandbox}), naming it
   */
  @Bean
  @ConditionalOnMissingBean(name = "billwrightSupplier")
  @ConditionalOnProperty(prefix = "billwright.gst.supplier", name = "legal-name")
  public TaxParty billwrightSupplier(BillwrightProperties properties) {
    BillwrightProperties.Supplier s = properties.gst().supplier();
    Gstin.Mode mode = properties.gst().sandbox() ? Gstin.Mode.SANDBOX : Gstin.Mode.STRICT;
    Optional<String> gstin = Optional.ofNullable(s.gstin()).map(g -> Gstin.parse(g, mode).value());
    Optional<String> state = Optional.ofNullable(s.state()).or(() -> gstin.map(g -> g.substring(0, 2)));
    return new TaxParty(String.valueOf(s.legalName()), gstin, "IN", state, Optional.ofNullable(s.address()),
        Map.of());
  }
}
