package dev.billwright.testkit.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.pricing.ChargeAmount;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.GraduatedPrice;
import dev.billwright.pricing.MatrixCell;
import dev.billwright.pricing.MatrixExplanation;
import dev.billwright.pricing.MatrixPrice;
import dev.billwright.pricing.PackagePrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.pricing.PackageRounding;
import dev.billwright.pricing.PriceCalculator;
import dev.billwright.pricing.PriceJson;
import dev.billwright.pricing.PricingInput;
import dev.billwright.pricing.Tier;
import dev.billwright.pricing.VolumePrice;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property tests of the price models against independent oracles. */
class PricePropertiesTest {
  private static final Currency USD = Currency.getInstance("USD");
  private static final PriceCalculator CALC = PriceCalculator.DEFAULT;

  private static BigDecimal amount(dev.billwright.pricing.Price p, BigDecimal q) {
    return CALC.calculate(p, q, USD).amount().amount();
  }

  @Test
  void graduatedIsNeverNegativeAndNeverDecreases() {
    qt().forAll(PriceGenerators.graduated(), PriceGenerators.decimals(100_000, 2),
        PriceGenerators.decimals(10_000, 2)).checkAssert((price, q, more) -> {
          BigDecimal a = amount(price, q);
          assertThat(a.signum()).isGreaterThanOrEqualTo(0);
          assertThat(amount(price, q.add(more))).isGreaterThanOrEqualTo(a);
        });
  }

  /** Unit-by-unit oracle: unit u (1-based) is priced in the first tier whose bound is at least u. */
  private static BigDecimal naiveGraduated(GraduatedPrice p, int q) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int u = 1; u <= q; u++) {
      for (Tier t : p.tiers()) {
        if (t.upTo() == null || BigDecimal.valueOf(u).compareTo(t.upTo()) <= 0) {
          sum = sum.add(t.unitPrice());
          break;
        }
      }
    }
    BigDecimal previous = BigDecimal.ZERO;
    for (int i = 0; i < p.tiers().size(); i++) {
      boolean reached = i == 0 ? q > 0 || p.billFirstTierAtZero() : BigDecimal.valueOf(q).compareTo(previous) > 0;
      if (reached) {
        sum = sum.add(p.tiers().get(i).flatFee());
      }
      previous = p.tiers().get(i).upTo() == null ? previous : p.tiers().get(i).upTo();
    }
    return sum;
  }

  @Test
  void graduatedEqualsTheUnitByUnitOracle() {
    qt().forAll(PriceGenerators.graduated(), integers().between(0, 300)).checkAssert((price, q) ->
        assertThat(amount(price, BigDecimal.valueOf(q))).isEqualByComparingTo(naiveGraduated(price, q)));
  }

  @Test
  void volumeIsQuantityTimesTheUnitPriceOfItsTier() {
    qt().forAll(PriceGenerators.volume(), PriceGenerators.decimals(30_000, 2)).checkAssert((price, q) -> {
      Tier tier = price.tiers().stream()
          .filter(t -> t.upTo() == null || q.compareTo(t.upTo()) <= 0).findFirst().orElseThrow();
      BigDecimal expected = q.signum() == 0 && !price.billFirstTierAtZero() ? BigDecimal.ZERO
          : q.multiply(tier.unitPrice()).add(tier.flatFee());
      assertThat(amount(price, q)).isEqualByComparingTo(expected);
    });
  }

  @Test
  void packageIsCeilingOrFloorArithmetic() {
    qt().forAll(PriceGenerators.packages(), integers().between(0, 100_000)).checkAssert((price, q) -> {
      // Integer oracle on whole sizes: ceil(a/b) = (a + b - 1) / b.
      BigInteger paid = BigInteger.valueOf(q).subtract(price.freeUnits().toBigIntegerExact()).max(BigInteger.ZERO);
      BigInteger size = price.packageSize().toBigIntegerExact();
      BigInteger packages = price.round() == PackageRounding.UP
          ? paid.add(size).subtract(BigInteger.ONE).divide(size) : paid.divide(size);
      assertThat(amount(price, BigDecimal.valueOf(q)))
          .isEqualByComparingTo(new BigDecimal(packages).multiply(price.packagePrice()));
    });
  }

  @Test
  void matrixPicksTheMostSpecificMatchingCell() {
    qt().forAll(PriceGenerators.matrix(), integers().between(0, 3), integers().between(0, 3))
        .checkAssert((price, c, ch) -> {
          Map<String, String> group = new LinkedHashMap<>();
          if (c < 2) {
            group.put("country", PriceGenerators.VALUES.get(c));
          }
          if (ch < 2) {
            group.put("channel", PriceGenerators.VALUES.get(2 + ch));
          }
          int best = -1;
          for (MatrixCell cell : price.cells()) {
            if (cell.matches(group)) {
              best = Math.max(best, cell.when().size());
            }
          }
          PricingInput input = PricingInput.ofGroups(Map.of(group, BigDecimal.TEN));
          if (best < 0 && price.defaultPrice() == null) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CALC.calculate(price, input, USD))
                .hasMessageContaining("no matrix cell matches");
            return;
          }
          MatrixExplanation e = (MatrixExplanation) CALC.calculate(price, input, USD).explanation();
          Map<String, String> matched = e.groups().get(0).matchedWhen();
          if (best < 0) {
            assertThat(matched).isNull();
          } else {
            assertThat(matched).hasSize(best);
            group.forEach((k, v) -> assertThat(matched.getOrDefault(k, v)).isEqualTo(v));
            assertThat(group.entrySet()).containsAll(matched.entrySet());
          }
        });
  }

  @Test
  void jsonRoundTripIsTheIdentity() {
    qt().forAll(PriceGenerators.prices()).checkAssert(price -> {
      String text = Json.write(PriceJson.write(price));
      assertThat(PriceJson.read(JsonObjectReader.root(Json.parse(text, "test"), "test"))).isEqualTo(price);
    });
  }

  @Test
  void chargeJsonRoundTripIsTheIdentity() {
    qt().forAll(PriceGenerators.quantityPrices(), PriceGenerators.transforms(), PriceGenerators.bounds())
        .checkAssert((price, transform, bounds) -> {
          ChargePrice charge = new ChargePrice(price, transform, bounds);
          var node = Json.object();
          PriceJson.writeChargePrice(charge, node);
          String text = Json.write(node);
          assertThat(PriceJson.readChargePrice(JsonObjectReader.root(Json.parse(text, "t"), "t"))).isEqualTo(charge);
        });
  }

  @Test
  void explanationAmountsEqualTheRatedAmount() {
    qt().forAll(PriceGenerators.quantityPrices(), PriceGenerators.decimals(100_000, 3)).checkAssert((price, q) -> {
      var rated = CALC.calculate(price, q, USD);
      assertThat(rated.explanation().amount()).isEqualTo(rated.amount());
    });
  }

  @Test
  void spendBoundsCapTheLineAndTrueUpToTheMinimum() {
    qt().forAll(PriceGenerators.quantityPrices(), PriceGenerators.bounds(), PriceGenerators.decimals(100_000, 2))
        .checkAssert((price, bounds, q) -> {
          ChargeAmount r = ChargePricing.DEFAULT.price(new ChargePrice(price, null, bounds), PricingInput.ofQuantity(q), USD);
          BigDecimal rated = r.rated().amount().amount();
          BigDecimal capped = bounds.maximum() == null ? rated : rated.min(bounds.maximum());
          assertThat(r.amount().amount()).isEqualByComparingTo(capped);
          assertThat(r.amount().plus(r.maximumReduction()).amount()).isEqualByComparingTo(rated);
          BigDecimal trueUp = bounds.minimum() == null ? BigDecimal.ZERO : bounds.minimum().subtract(capped).max(BigDecimal.ZERO);
          assertThat(r.trueUp().amount()).isEqualByComparingTo(trueUp);
        });
  }

  @Test
  void percentageIsNeverNegativeAndFreeEventsCostNothing() {
    qt().forAll(PriceGenerators.percentage(), org.quicktheories.generators.SourceDSL.lists()
        .of(PriceGenerators.decimals(100_000, 2)).ofSizeBetween(0, 12)).checkAssert((price, values) -> {
          List<dev.billwright.pricing.PricedEvent> events = values.stream()
              .map(v -> dev.billwright.pricing.PricedEvent.of(v, Map.of())).collect(java.util.stream.Collectors.toList());
          var e = (dev.billwright.pricing.PercentageExplanation) CALC.calculate(price, PricingInput.ofEvents(events), USD).explanation();
          assertThat(e.amount().isNegative()).isFalse();
          assertThat(e.freeEvents() + e.paidEvents()).isEqualTo(values.size());
          if (price.freeEvents() != null) {
            assertThat(e.freeEvents()).isLessThanOrEqualTo(price.freeEvents());
          }
          if (price.freeEvents() == null && price.freeAmount() == null) {
            assertThat(e.freeEvents()).isZero();
          }
          if (price.minPerEvent() != null) {
            assertThat(e.amount().amount()).isGreaterThanOrEqualTo(price.minPerEvent().multiply(BigDecimal.valueOf(e.paidEvents())));
          }
          if (price.maxPerEvent() != null) {
            assertThat(e.amount().amount()).isLessThanOrEqualTo(price.maxPerEvent().multiply(BigDecimal.valueOf(e.paidEvents())));
          }
        });
  }

  @Test
  void generatedMatricesAndTiersAreValid() {
    // Guards the generators themselves: they must cover bounded and unbounded tiers.
    qt().forAll(PriceGenerators.tiers()).checkAssert(tiers -> {
      assertThat(tiers.get(tiers.size() - 1).upTo()).isNull();
      assertThat(new VolumePrice(tiers, true).tiers()).isEqualTo(List.copyOf(tiers));
    });
    assertThat(new MatrixPrice(PriceGenerators.DIMENSIONS, List.of(), PerUnitPrice.of(BigDecimal.ONE)).cells()).isEmpty();
    qt().forAll(PriceGenerators.matrix()).checkAssert(m ->
        assertThat(!m.cells().isEmpty() || m.defaultPrice() != null).isTrue());
    assertThat(PackagePrice.of(BigDecimal.ONE, BigDecimal.ONE).round()).isEqualTo(PackageRounding.UP);
  }
}
