package dev.billwright.rating;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.pricing.SpendBounds;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spend bounds are applied the same to a single quantity and to the sum of a charge's groups. */
class UsageRaterTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final BillingPeriod MARCH =
      BillingPeriod.ofDates(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), ZoneOffset.UTC);
  private static final UsageWindow WINDOW = new UsageWindow("sub_1", "api", "pro@1", MARCH, MARCH);

  /** 1.00 per call, bounded; usage given per group of {@code region} (one group: a single quantity). */
  private static List<InvoiceLine> rate(SpendBounds bounds, Map<Map<String, String>, BigDecimal> groups) {
    ChargePrice price = new ChargePrice(PerUnitPrice.of(new BigDecimal("1.00")), null, bounds);
    Charge charge = Charge.builder().code("api").kind(ChargeKind.USAGE).meter("calls").addGroupBy("region")
        .price(price).build();
    return UsageRater.DEFAULT.rate("sub_1", charge, price, EUR, WINDOW,
        new PeriodUsage(Map.of("api", groups), Map.of()), Map.of(), RoundingPolicy.DEFAULT, Optional.empty());
  }

  private static BigDecimal total(List<InvoiceLine> lines) {
    return lines.stream().map(l -> l.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void maximumCapsASingleQuantityAndTheSumOfGroups() {
    SpendBounds max10 = new SpendBounds(null, new BigDecimal("10.00"));
    // 15 calls at 1.00 = 15.00, capped at 10.00 on the line itself
    List<InvoiceLine> single = rate(max10, Map.of(Map.of("region", "eu"), new BigDecimal("15")));
    assertThat(single).extracting(InvoiceLine::kind).containsExactly(LineKind.USAGE);
    assertThat(total(single)).isEqualByComparingTo("10.00");
    // 8 + 7 calls = 15.00 over two groups, capped at 10.00 by a -5.00 adjustment on the sum
    List<InvoiceLine> grouped = rate(max10, Map.of(Map.of("region", "eu"), new BigDecimal("8"),
        Map.of("region", "us"), new BigDecimal("7")));
    assertThat(grouped).extracting(InvoiceLine::kind)
        .containsExactlyInAnyOrder(LineKind.USAGE, LineKind.USAGE, LineKind.ADJUSTMENT);
    assertThat(total(grouped)).isEqualByComparingTo("10.00");
  }

  @Test
  void minimumRaisesASingleQuantityAndTheSumOfGroups() {
    SpendBounds min12 = new SpendBounds(new BigDecimal("12.00"), null);
    // 5 calls = 5.00, raised to 12.00 by a 7.00 true-up; 3 + 2 calls the same
    List<InvoiceLine> single = rate(min12, Map.of(Map.of("region", "eu"), new BigDecimal("5")));
    List<InvoiceLine> grouped = rate(min12, Map.of(Map.of("region", "eu"), new BigDecimal("3"),
        Map.of("region", "us"), new BigDecimal("2")));
    assertThat(total(single)).isEqualByComparingTo("12.00");
    assertThat(total(grouped)).isEqualByComparingTo("12.00");
    assertThat(single).filteredOn(l -> l.kind() == LineKind.MINIMUM_TRUE_UP).extracting(l -> l.amount().amount())
        .containsExactly(new BigDecimal("7.00"));
    assertThat(grouped).filteredOn(l -> l.kind() == LineKind.MINIMUM_TRUE_UP).extracting(l -> l.amount().amount())
        .containsExactly(new BigDecimal("7.00"));
  }
}
