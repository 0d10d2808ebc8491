package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The capacity model (plan format 1.1; Kill Bill CAPACITY usage). */
class CapacityPriceTest {
  private static final Currency USD = Currency.getInstance("USD");

  /** Kill Bill TestContiguousIntervalCapacityInArrear.testComputeBilledUsage's three tiers. */
  private static final CapacityPrice KILL_BILL = new CapacityPrice(List.of(
      new CapacityTier(limits("unit1", "100", "unit2", "1000", "unit3", "50"), new BigDecimal("10")),
      new CapacityTier(limits("unit1", "200", "unit2", "2000", "unit3", "100"), new BigDecimal("20")),
      new CapacityTier(Map.of(), new BigDecimal("30"))));

  private static Map<String, BigDecimal> limits(String... kv) {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], new BigDecimal(kv[i + 1]));
    }
    return m;
  }

  private static BigDecimal price(CapacityPrice p, String... unitQuantity) {
    Map<Map<String, String>, BigDecimal> groups = new LinkedHashMap<>();
    for (int i = 0; i < unitQuantity.length; i += 2) {
      groups.put(Map.of("unit", unitQuantity[i]), new BigDecimal(unitQuantity[i + 1]));
    }
    return PriceCalculator.DEFAULT.calculate(p, PricingInput.ofGroups(groups), USD).amount().amount();
  }

  @Test
  void firstTierWhoseEveryLimitHoldsIsBilled() {
    assertThat(price(KILL_BILL, "unit1", "100", "unit2", "1000", "unit3", "50")).isEqualByComparingTo("10");
    assertThat(price(KILL_BILL, "unit1", "100", "unit2", "1001")).isEqualByComparingTo("20");
    assertThat(price(KILL_BILL, "unit1", "101", "unit2", "1000")).isEqualByComparingTo("20");
    assertThat(price(KILL_BILL, "unit1", "101", "unit2", "1001")).isEqualByComparingTo("20");
    assertThat(price(KILL_BILL, "unit1", "10", "unit2", "2001")).isEqualByComparingTo("30");
    assertThat(price(KILL_BILL)).as("no usage: every quantity is zero").isEqualByComparingTo("10");
  }

  @Test
  void noTierFitsIsAnErrorNeverZero() {
    CapacityPrice bounded = new CapacityPrice(List.of(new CapacityTier(limits("unit1", "5"), BigDecimal.ONE)));
    assertThatThrownBy(() -> price(bounded, "unit1", "6"))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_CAPACITY_TIER))
        .hasMessageContaining("unit1=6");
  }

  @Test
  void inputMustBeGroupedByOneDimension() {
    assertThatThrownBy(() -> PriceCalculator.DEFAULT.calculate(KILL_BILL, BigDecimal.TEN, USD))
        .hasMessageContaining("group_by");
    assertThatThrownBy(() -> PriceCalculator.DEFAULT.calculate(KILL_BILL,
        PricingInput.ofGroups(Map.of(Map.of("a", "x", "b", "y"), BigDecimal.ONE)), USD))
        .hasMessageContaining("exactly one dimension");
  }

  @Test
  void jsonRoundTripsAndRejectsBadInputWithItsPath() {
    String json = "{\"model\": \"capacity\", \"tiers\": [{\"limits\": {\"unit1\": \"100\"}, \"flat_fee\": \"10\"},"
        + " {\"flat_fee\": \"30\"}]}";
    Price p = PriceJson.read(JsonObjectReader.at(Json.parse(json, "test"), "price"));
    assertThat(p).isInstanceOf(CapacityPrice.class);
    assertThat(PriceJson.read(JsonObjectReader.at(PriceJson.write(p), "price"))).isEqualTo(p);
    assertThatThrownBy(() -> PriceJson.read(JsonObjectReader.at(Json.parse(
        "{\"model\": \"capacity\", \"tiers\": [{\"limits\": {\"u\": \"-1\"}, \"flat_fee\": \"1\"}]}", "test"), "price")))
        .hasMessageContaining("price.tiers[0]").hasMessageContaining("limits.u");
    assertThatThrownBy(() -> PriceJson.read(JsonObjectReader.at(Json.parse(
        "{\"model\": \"capacity\", \"tiers\": [{\"flat_fee\": \"1\", \"max\": \"3\"}]}", "test"), "price")))
        .hasMessageContaining("price.tiers[0].max");
    assertThatThrownBy(() -> PriceJson.read(JsonObjectReader.at(Json.parse(
        "{\"model\": \"capacity\", \"tiers\": [{\"limits\": {}}]}", "test"), "price")))
        .hasMessageContaining("flat_fee");
  }

  /**
   * Invariant (monotone): with tiers whose limits and fees increase, more usage of any value never
   * bills less.
   */
  @Test
  void capacityIsMonotoneInEachQuantity() {
    CapacityPrice p = new CapacityPrice(List.of(
        new CapacityTier(limits("a", "10", "b", "100"), new BigDecimal("1")),
        new CapacityTier(limits("a", "20", "b", "200"), new BigDecimal("2")),
        new CapacityTier(limits("a", "40"), new BigDecimal("3")),
        new CapacityTier(Map.of(), new BigDecimal("4"))));
    qt().withExamples(500).forAll(SourceDSL.integers().between(0, 60), SourceDSL.integers().between(0, 300),
        SourceDSL.integers().between(0, 30), SourceDSL.booleans().all())
        .checkAssert((a, b, more, onA) -> {
          BigDecimal before = price(p, "a", a.toString(), "b", b.toString());
          BigDecimal after = onA ? price(p, "a", String.valueOf(a + more), "b", b.toString())
              : price(p, "a", a.toString(), "b", String.valueOf(b + more));
          assertThat(after).isGreaterThanOrEqualTo(before);
        });
  }
}
