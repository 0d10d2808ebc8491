package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceCalculatorTest {
  private static final Currency USD = Currency.getInstance("USD");
  private static final PriceCalculator CALC = PriceCalculator.DEFAULT;

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static PricedEvent ev(String value, String... kv) {
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    return PricedEvent.of(d(value), props);
  }

  /** Stripe docs, tiered pricing, "Add a flat rate": 12 units cost (5×5+10) + (5×4+20) + (2×3+30) = 111. */
  @Test
  void graduatedExplainsEachTier() {
    GraduatedPrice p = GraduatedPrice.of(List.of(new Tier(d("5"), d("5"), d("10")),
        new Tier(d("10"), d("4"), d("20")), new Tier(d("15"), d("3"), d("30")),
        new Tier(d("20"), d("2"), d("40")), new Tier(null, d("1"), d("50"))));
    RatedAmount r = CALC.calculate(p, d("12"), USD);
    assertThat(r.amount().amount()).isEqualByComparingTo("111");
    TierExplanation e = (TierExplanation) r.explanation();
    assertThat(e.steps().stream().map(s -> s.units().toPlainString())).containsExactly("5", "5", "2");
    assertThat(e.steps().stream().map(s -> s.subtotal().amount().toPlainString()))
        .containsExactly("35.00", "40.00", "36.00");
    assertThat(e.steps().get(2).from()).isEqualByComparingTo("10");
    assertThat(e.steps().get(2).to()).isEqualByComparingTo("15");
  }

  @Test
  void firstTierFlatFeeAtZeroIsAnOption() {
    List<Tier> tiers = List.of(new Tier(d("5"), d("5"), d("10")), new Tier(null, d("4"), d("20")));
    assertThat(CALC.calculate(GraduatedPrice.of(tiers), BigDecimal.ZERO, USD).amount().amount())
        .isEqualByComparingTo("10");
    assertThat(CALC.calculate(new GraduatedPrice(tiers, false), BigDecimal.ZERO, USD).amount().amount())
        .isEqualByComparingTo("0");
    assertThat(CALC.calculate(new VolumePrice(tiers, false), BigDecimal.ZERO, USD).amount().amount())
        .isEqualByComparingTo("0");
    // A quantity equal to up_to stays in that tier (inclusive bounds): volume at 5 is 5×5 + 10.
    assertThat(CALC.calculate(VolumePrice.of(tiers), d("5"), USD).amount().amount()).isEqualByComparingTo("35");
  }

  /** A stepped fee: 0–10 costs 50, 11–100 costs 200, above 500. */
  @Test
  void stairstepBillsTheFlatFeeOfTheContainingTier() {
    StairstepPrice p = StairstepPrice.of(List.of(new Tier(d("10"), null, d("50")),
        new Tier(d("100"), null, d("200")), new Tier(null, null, d("500"))));
    assertThat(CALC.calculate(p, d("0"), USD).amount().amount()).isEqualByComparingTo("50");
    assertThat(CALC.calculate(p, d("10"), USD).amount().amount()).isEqualByComparingTo("50");
    assertThat(CALC.calculate(p, d("10.5"), USD).amount().amount()).isEqualByComparingTo("200");
    assertThat(CALC.calculate(p, d("1000"), USD).amount().amount()).isEqualByComparingTo("500");
    assertThatThrownBy(() -> StairstepPrice.of(List.of(new Tier(null, d("1"), d("5")))))
        .hasMessageContaining("tiers[0].unit_price");
  }

  @Test
  void malformedTiersAreRejectedNamingTheTierIndex() {
    assertThatThrownBy(() -> GraduatedPrice.of(List.of(Tier.of(d("10"), d("1")), Tier.of(d("10"), d("1")),
        Tier.of(null, d("1")))))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIERS))
        .hasMessageContaining("tiers[1].up_to").hasMessageContaining("strictly increase");
    assertThatThrownBy(() -> GraduatedPrice.of(List.of(Tier.of(null, d("1")), Tier.of(null, d("1")))))
        .hasMessageContaining("tiers[0].up_to");
    assertThatThrownBy(() -> VolumePrice.of(List.of(Tier.of(d("10"), d("1")))))
        .hasMessageContaining("tiers[0].up_to").hasMessageContaining("last tier must be unbounded");
    assertThatThrownBy(() -> VolumePrice.of(List.of()))
        .hasMessageContaining("at least one tier");
  }

  @Test
  void unitPricesCarryAtMostTwelveDecimals() {
    assertThat(PerUnitPrice.of(d("0.000000000001")).unitPrice()).isEqualByComparingTo("1E-12");
    assertThatThrownBy(() -> PerUnitPrice.of(d("0.0000000000001")))
        .hasMessageContaining("unit_price").hasMessageContaining("at most 12 decimal places");
    assertThatThrownBy(() -> PerUnitPrice.of(d("-1"))).hasMessageContaining("zero or more");
    // Trailing zeros beyond 12 places are not precision: they are accepted.
    assertThat(PerUnitPrice.of(d("0.50000000000000")).unitPrice()).isEqualTo(d("0.5"));
  }

  /**
   * OTP price per country × channel (hand-computed): IN+sms 0.20, any IN 0.15, default 0.50. Three
   * IN sms, two IN whatsapp, one US sms = 0.60 + 0.30 + 0.50 = 1.40.
   */
  @Test
  void matrixPricesEachGroupByItsMostSpecificCell() {
    MatrixPrice p = new MatrixPrice(List.of("country", "channel"), List.of(
        new MatrixCell(Map.of("country", "IN"), PerUnitPrice.of(d("0.15"))),
        new MatrixCell(Map.of("country", "IN", "channel", "sms"), PerUnitPrice.of(d("0.20")))),
        PerUnitPrice.of(d("0.50")));
    List<PricedEvent> events = List.of(ev("1", "country", "IN", "channel", "sms"),
        ev("1", "country", "IN", "channel", "whatsapp"), ev("1", "country", "IN", "channel", "sms"),
        ev("1", "country", "US", "channel", "sms"), ev("1", "country", "IN", "channel", "sms"),
        ev("1", "country", "IN", "channel", "whatsapp"));
    RatedAmount fromEvents = CALC.calculate(p, PricingInput.ofEvents(events), USD);
    assertThat(fromEvents.amount().amount()).isEqualByComparingTo("1.40");
    MatrixExplanation e = (MatrixExplanation) fromEvents.explanation();
    assertThat(e.groups()).hasSize(3);
    assertThat(e.groups().get(0).matchedWhen()).isEqualTo(Map.of("country", "IN", "channel", "sms"));
    assertThat(e.groups().get(1).matchedWhen()).isEqualTo(Map.of("country", "IN"));
    assertThat(e.groups().get(2).matchedWhen()).isNull();

    Map<Map<String, String>, BigDecimal> groups = new LinkedHashMap<>();
    groups.put(Map.of("country", "IN", "channel", "sms"), d("3"));
    groups.put(Map.of("country", "IN", "channel", "whatsapp"), d("2"));
    groups.put(Map.of("country", "US", "channel", "sms"), d("1"));
    assertThat(CALC.calculate(p, PricingInput.ofGroups(groups), USD).amount())
        .isEqualTo(fromEvents.amount());
  }

  @Test
  void unmatchedMatrixGroupWithoutDefaultNamesTheDimensionValues() {
    MatrixPrice p = new MatrixPrice(List.of("country", "channel"), List.of(
        new MatrixCell(Map.of("country", "IN"), PerUnitPrice.of(d("0.15")))), null);
    assertThatThrownBy(() -> CALC.calculate(p, PricingInput.ofEvents(List.of(
        ev("1", "country", "IN"), ev("1", "country", "US", "channel", "sms"))), USD))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_MATRIX_MATCH))
        .hasMessageContaining("{country=US, channel=sms}");
  }

  /**
   * Lago docs, percentage charge model: with free units for both the number of events (3) and the
   * amount ($500), the 4th event is charged although the total is still under $500.
   * 1 % + $0.10 per paid event: 4th event of $100 costs 1.00 + 0.10.
   */
  @Test
  void percentageFreeEventsAndFreeAmountMustBothHold() {
    PercentagePrice p = new PercentagePrice(d("1"), d("0.10"), 3, d("500"), null, null);
    RatedAmount r = CALC.calculate(p, PricingInput.ofEvents(List.of(ev("100"), ev("100"), ev("100"), ev("100"))), USD);
    assertThat(r.amount().amount()).isEqualByComparingTo("1.10");
    PercentageExplanation e = (PercentageExplanation) r.explanation();
    assertThat(List.of(e.events(), e.freeEvents(), e.paidEvents())).containsExactly(4, 3, 1);
    assertThat(e.freeAmountUsed()).isEqualByComparingTo("300");
  }

  /** Free amount only: 300 is free, the second event pays on the 100 above the $500 allowance. */
  @Test
  void percentageChargesOnlyTheValueAboveTheFreeAmount() {
    PercentagePrice p = new PercentagePrice(d("1"), d("0.10"), null, d("500"), null, null);
    RatedAmount r = CALC.calculate(p, PricingInput.ofEvents(List.of(ev("300"), ev("300"), ev("50"))), USD);
    // event 2: 100 × 1 % + 0.10 = 1.10; event 3: 50 × 1 % + 0.10 = 0.60.
    assertThat(r.amount().amount()).isEqualByComparingTo("1.70");
    assertThat(((PercentageExplanation) r.explanation()).freeAmountUsed()).isEqualByComparingTo("500");
  }

  /** 2 % with per-event minimum 1 and maximum 5: 10 → 0.20 raised to 1; 1000 → 20 capped to 5; 100 → 2. */
  @Test
  void percentageAppliesPerEventMinimumAndMaximum() {
    PercentagePrice p = new PercentagePrice(d("2"), null, null, null, d("1"), d("5"));
    RatedAmount r = CALC.calculate(p, PricingInput.ofEvents(List.of(ev("10"), ev("1000"), ev("100"))), USD);
    assertThat(r.amount().amount()).isEqualByComparingTo("8");
    PercentageExplanation e = (PercentageExplanation) r.explanation();
    assertThat(e.minAdjustment().amount()).isEqualByComparingTo("0.80");
    assertThat(e.maxAdjustment().amount()).isEqualByComparingTo("15");
    assertThat(e.percentageAmount().amount()).isEqualByComparingTo("22.20");
    assertThatThrownBy(() -> CALC.calculate(p, d("100"), USD))
        .isInstanceOfSatisfying(BillingException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("percentage model prices each event");
  }

  @Test
  void dynamicSumsTheAmountEachEventCarries() {
    DynamicPrice p = new DynamicPrice("cost");
    assertThat(CALC.calculate(p, PricingInput.ofEvents(List.of(ev("7", "cost", "0.70"), ev("5", "cost", "0.55"))), USD)
        .amount().amount()).isEqualByComparingTo("1.25");
    assertThat(CALC.calculate(new DynamicPrice(null), PricingInput.ofEvents(List.of(ev("0.7"), ev("0.55"))), USD)
        .amount().amount()).isEqualByComparingTo("1.25");
    assertThatThrownBy(() -> CALC.calculate(p, PricingInput.ofEvents(List.of(ev("7"))), USD))
        .hasMessageContaining("events[0].properties.cost");
  }

  /** Lago docs, package: $5 per 100 units, first 100 free: 201 units cost 0 + 5 + 5 = 10. */
  @Test
  void packageRemovesFreeUnitsThenCountsStartedPackages() {
    PackagePrice up = new PackagePrice(d("100"), d("5"), d("100"), PackageRounding.UP);
    assertThat(CALC.calculate(up, d("201"), USD).amount().amount()).isEqualByComparingTo("10");
    PackagePrice down = new PackagePrice(d("100"), d("5"), d("100"), PackageRounding.DOWN);
    assertThat(CALC.calculate(down, d("201"), USD).amount().amount()).isEqualByComparingTo("5");
    assertThat(CALC.calculate(up, d("50"), USD).amount().amount()).isEqualByComparingTo("0");
  }

  /**
   * The whole-number fast path of package counting gives what the decimal division gives: the
   * same packages (value and scale) and amount, for whole and fractional quantities, package
   * sizes written with and without a fraction, free units and both roundings.
   */
  @Test
  void packageCountsEqualTheDecimalDivision() {
    org.quicktheories.QuickTheory.qt().withExamples(3000).forAll(
        org.quicktheories.generators.SourceDSL.longs().between(0, 5_000_000_000L),
        org.quicktheories.generators.SourceDSL.integers().between(1, 10_000),
        org.quicktheories.generators.SourceDSL.integers().between(0, 3),
        org.quicktheories.generators.SourceDSL.integers().between(0, 7)).checkAssert((q, size, free, shape) -> {
          BigDecimal quantity = (shape & 1) == 0 ? BigDecimal.valueOf(q) : BigDecimal.valueOf(q, 2);
          BigDecimal packageSize = (shape & 2) == 0 ? BigDecimal.valueOf(size) : BigDecimal.valueOf(size * 10L, 1);
          PackageRounding round = (shape & 4) == 0 ? PackageRounding.UP : PackageRounding.DOWN;
          BigDecimal freeUnits = BigDecimal.valueOf(free * 100L);
          PackagePrice p = new PackagePrice(packageSize, d("2.5"), freeUnits, round);
          RatedAmount r = CALC.calculate(p, quantity, USD);
          BigDecimal paid = quantity.subtract(quantity.min(freeUnits));
          BigDecimal[] divRem = paid.divideAndRemainder(packageSize);
          BigDecimal packages = divRem[0];
          if (round == PackageRounding.UP && divRem[1].signum() != 0) {
            packages = packages.add(BigDecimal.ONE);
          }
          BigDecimal expected = dev.billwright.money.Decimals.canonical(packages, 0);
          LineExplanation.Line line = ((LineExplanation) r.explanation()).lines()
              .get(((LineExplanation) r.explanation()).lines().size() - 1);
          assertThat(line.quantity()).isEqualTo(expected);
          assertThat(line.quantity().scale()).isEqualTo(expected.scale());
          assertThat(r.amount().amount()).isEqualByComparingTo(expected.multiply(d("2.5")));
        });
  }

  @Test
  void amountsStayExact() {
    // AWS Lambda example 1: 1,100,000 GB-s × 0.00001667 = 18.337 exactly, rounded only later.
    PerUnitPrice p = new PerUnitPrice(d("0.00001667"), d("400000"));
    assertThat(CALC.calculate(p, d("1500000"), USD).amount().amount()).isEqualTo(d("18.337"));
  }
}
