package dev.billwright.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.CapacityPrice;
import dev.billwright.pricing.CapacityTier;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.Commitment;
import dev.billwright.pricing.Included;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.pricing.PricePer;
import dev.billwright.pricing.UsageBuckets;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.TimeBucket;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rater with the plan format 1.1 terms: capacity, commitment true-up, buckets. */
class UsageRaterFormat11Test {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final BillingPeriod MARCH =
      BillingPeriod.ofDates(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), ZoneOffset.UTC);
  private static final UsageWindow WINDOW = new UsageWindow("sub_1", "api", "pro@1", MARCH, MARCH);

  private static List<InvoiceLine> rate(Charge charge, PeriodUsage usage) {
    return UsageRater.DEFAULT.rate("sub_1", charge, charge.price(), EUR, WINDOW, usage, Map.of(),
        RoundingPolicy.DEFAULT, Optional.empty());
  }

  @Test
  void capacityPricesTheGroupsTogether() {
    ChargePrice price = ChargePrice.of(new CapacityPrice(List.of(
        new CapacityTier(Map.of("small", new BigDecimal("10")), new BigDecimal("5")),
        new CapacityTier(Map.of(), new BigDecimal("9")))));
    Charge charge = Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").addGroupBy("size")
        .price(price).build();
    List<InvoiceLine> lines = rate(charge, new PeriodUsage(Map.of("api", Map.of(Map.of("size", "small"),
        new BigDecimal("11"), Map.of("size", "large"), new BigDecimal("2"))), Map.of()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).amount().amount()).isEqualByComparingTo("9.00");
    assertThatThrownBy(() -> Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").price(price).build())
        .hasMessageContaining("group_by");
  }

  @Test
  void commitmentShortfallIsItsOwnTrueUpLine() {
    ChargePrice price = new ChargePrice(PerUnitPrice.of(new BigDecimal("2")), null, null, PricePer.PERIOD, null,
        new Commitment(new BigDecimal("1000"), new BigDecimal("1.5"), true));
    Charge charge = Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").price(price).build();
    List<InvoiceLine> lines = rate(charge, PeriodUsage.ofQuantities(Map.of("api", new BigDecimal("300"))));
    assertThat(lines).extracting(InvoiceLine::kind).containsExactly(LineKind.USAGE, LineKind.MINIMUM_TRUE_UP);
    assertThat(lines.get(1).amount().amount()).isEqualByComparingTo("400.00");
    assertThat(lines.get(1).description()).contains("commitment true-up");
    assertThat(lines.get(0).explanation().get("commitment").asText()).isEqualTo("1000");
    List<InvoiceLine> over = rate(charge, PeriodUsage.ofQuantities(Map.of("api", new BigDecimal("700"))));
    assertThat(over).extracting(InvoiceLine::kind).containsExactly(LineKind.USAGE);
    assertThat(over.get(0).amount().amount()).isEqualByComparingTo("1600.00");
    assertThat(new BigDecimal(over.get(0).explanation().get("overage_uplift").asText())).isEqualByComparingTo("200");
  }

  @Test
  void bucketsReachThePricer() {
    ChargePrice price = new ChargePrice(PerUnitPrice.of(new BigDecimal("1")), null, null, PricePer.PERIOD,
        new Included(new BigDecimal("10"), TimeBucket.parse("reset", "P1D")), null);
    Charge charge = Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").price(price).build();
    UsageBuckets days = new UsageBuckets(MARCH, TimeBucket.parse("bucket", "P1D"), Map.of(
        Instant.parse("2026-03-01T00:00:00Z"), new BigDecimal("13"), Instant.parse("2026-03-02T00:00:00Z"),
        new BigDecimal("7")));
    PeriodUsage usage = new PeriodUsage(Map.of("api", Map.of(Map.of(), new BigDecimal("20"))), Map.of(),
        Map.of(), Map.of("api", Map.of(Map.of(), days)));
    List<InvoiceLine> lines = rate(charge, usage);
    assertThat(lines.get(0).amount().amount()).isEqualByComparingTo("3.00");
    assertThat(lines.get(0).explanation().get("included_used").asText()).isEqualTo("17");
    assertThatThrownBy(() -> rate(charge, PeriodUsage.ofQuantities(Map.of("api", new BigDecimal("20")))))
        .hasMessageContaining("bucket");
  }

  @Test
  void termsOnSeveralGroupsAreRefused() {
    ChargePrice price = new ChargePrice(PerUnitPrice.of(new BigDecimal("1")), null, null, PricePer.PERIOD,
        new Included(new BigDecimal("10"), null), null);
    Charge charge = Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").price(price).build();
    assertThatThrownBy(() -> rate(charge, new PeriodUsage(Map.of("api", Map.of(Map.of("r", "eu"), BigDecimal.ONE,
        Map.of("r", "us"), BigDecimal.TEN)), Map.of())))
        .hasMessageContaining("charges[api]").hasMessageContaining("whole quantity");
    assertThatThrownBy(() -> Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").addGroupBy("r")
        .price(price).build()).hasMessageContaining("charges.api.included");
    assertThatThrownBy(() -> Charge.builder().code("fee").kind(ChargeKind.RECURRING).price(price).build())
        .hasMessageContaining("charges.fee.included");
  }
}
