package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.pricing.PriceCalculator;
import dev.billwright.pricing.PricingInput;
import dev.billwright.pricing.RatedAmount;
import dev.billwright.pricing.TierExplanation;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Checks that {@link PricingBenchmark}'s baselines compute the same amounts as Billwright on the
 * benchmark's own inputs, and that the baselines agree with independent oracles (a unit-by-unit
 * walk for graduated, the documented Autumn and Stripe examples), so the ratios compare like with
 * like.
 */
class PricingBenchmarkTest {
  private static final Blackhole BH = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  private static PricingBenchmark.Tiered tiered(int tiers) {
    PricingBenchmark.Tiered in = new PricingBenchmark.Tiered();
    in.tiers = tiers;
    in.setUp();
    return in;
  }

  @Test
  void graduatedAndVolumeBaselinesMatchBillwrightOnTheBenchmarkInputs() {
    for (int tiers : new int[] {4, 20}) {
      PricingBenchmark.Tiered in = tiered(tiers);
      boolean reachedLast = false;
      for (BigDecimal q : in.quantities) {
        assertThat(PriceCalculator.DEFAULT.calculate(in.graduated, PricingInput.ofQuantity(q), PricingBenchmark.INR)
            .amount().amount()).isEqualByComparingTo(PricingBenchmark.graduatedAmount(in.upTo, in.unitPrice, q));
        assertThat(PriceCalculator.DEFAULT.calculate(in.volume, PricingInput.ofQuantity(q), PricingBenchmark.INR)
            .amount().amount()).isEqualByComparingTo(PricingBenchmark.volumeAmount(in.upTo, in.unitPrice, q));
        reachedLast |= q.compareTo(in.upTo[tiers - 2]) > 0;
        // the steps graduatedExplained reads (derived when first read) add up to the amount,
        // each tier's units to the quantity
        RatedAmount rated = PriceCalculator.DEFAULT.calculate(in.graduated, PricingInput.ofQuantity(q),
            PricingBenchmark.INR);
        List<TierExplanation.Step> steps = ((TierExplanation) rated.explanation()).steps();
        assertThat(steps.stream().map(st -> st.subtotal().amount()).reduce(BigDecimal.ZERO, BigDecimal::add))
            .isEqualByComparingTo(rated.amount().amount());
        assertThat(steps.stream().map(TierExplanation.Step::units).reduce(BigDecimal.ZERO, BigDecimal::add))
            .isEqualByComparingTo(q);
      }
      assertThat(reachedLast).as("some quantity reaches the last of %d tiers", tiers).isTrue();
    }
  }

  @Test
  void graduatedBaselineEqualsTheUnitByUnitSum() {
    // Oracle: price each whole unit at the tier holding it (bounds are inclusive).
    PricingBenchmark.Tiered in = tiered(4);
    qt().forAll(integers().between(0, 12_000)).checkAssert(q -> {
      BigDecimal expected = BigDecimal.ZERO;
      for (int unit = 1; unit <= q; unit++) {
        int tier = 0;
        while (in.upTo[tier] != null && unit > in.upTo[tier].intValue()) {
          tier++;
        }
        expected = expected.add(in.unitPrice[tier]);
      }
      assertThat(PricingBenchmark.graduatedAmount(in.upTo, in.unitPrice, BigDecimal.valueOf(q)))
          .isEqualByComparingTo(expected);
    });
  }

  @Test
  void baselinesReproduceDocumentedExamples() {
    // Autumn docs, graduated (conformance/price/autumn-graduated-15000.json): 1,000 at 0.01,
    // 9,000 at 0.008, above 10,000 at 0.005; 15,000 → 10 + 72 + 25 = 107.
    BigDecimal[] upTo = {BigDecimal.valueOf(1000), BigDecimal.valueOf(10000), null};
    BigDecimal[] prices = {new BigDecimal("0.01"), new BigDecimal("0.008"), new BigDecimal("0.005")};
    assertThat(PricingBenchmark.graduatedAmount(upTo, prices, BigDecimal.valueOf(15000)))
        .isEqualByComparingTo("107");
    // Stripe docs, tiered pricing, volume (conformance/price/stripe-volume-6.json): 1–5 at 7.00,
    // 6–10 at 6.50, 11+ at 6.00 per unit; 6 units → 39.00, all at the tier holding the total.
    BigDecimal[] vUpTo = {BigDecimal.valueOf(5), BigDecimal.valueOf(10), null};
    BigDecimal[] vPrices = {new BigDecimal("7.00"), new BigDecimal("6.50"), new BigDecimal("6.00")};
    assertThat(PricingBenchmark.volumeAmount(vUpTo, vPrices, BigDecimal.valueOf(6))).isEqualByComparingTo("39.00");
    assertThat(PricingBenchmark.volumeAmount(vUpTo, vPrices, BigDecimal.valueOf(5))).isEqualByComparingTo("35.00");
  }

  @Test
  void matrixBaselineMatchesBillwrightOverFiftyCells() {
    PricingBenchmark.Matrix in = new PricingBenchmark.Matrix();
    in.setUp();
    assertThat(in.price.cells()).hasSize(50);
    assertThat(in.input.groups()).hasSize(50);
    PricingBenchmark b = new PricingBenchmark();
    // Oracle: quantity × the unit price the setup gave that cell, summed independently.
    BigDecimal expected = BigDecimal.ZERO;
    for (int i = 0; i < in.quantities.length; i++) {
      expected = expected.add(in.quantities[i].multiply(in.unitPrices.get(in.regions[i] + "|" + in.sizes[i])));
    }
    assertThat(b.matrix(in).amount().amount()).isEqualByComparingTo(expected);
    assertThat(b.matrix_baseline(in)).isEqualByComparingTo(expected);
  }

  @Test
  void percentageBaselineMatchesBillwright() {
    PricingBenchmark.Percentage in = new PricingBenchmark.Percentage();
    in.setUp();
    assertThat(in.input.events()).hasSize(PricingBenchmark.EVENTS);
    PricingBenchmark b = new PricingBenchmark();
    // Oracle: 2.9 % of the summed values plus 0.30 per event.
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal v : in.values) {
      sum = sum.add(v);
    }
    BigDecimal expected = sum.multiply(new BigDecimal("0.029"))
        .add(new BigDecimal("0.30").multiply(BigDecimal.valueOf(PricingBenchmark.EVENTS)));
    assertThat(b.percentage(in).amount().amount()).isEqualByComparingTo(expected);
    assertThat(b.percentage_baseline(in)).isEqualByComparingTo(expected);
  }

  @Test
  void everyBenchmarkMethodRuns() {
    PricingBenchmark b = new PricingBenchmark();
    for (PricingBenchmark.Tiered in : List.of(tiered(4), tiered(20))) {
      b.graduated(in, BH);
      b.graduatedExplained(in, BH);
      b.graduated_baseline(in, BH);
      b.volume(in, BH);
      b.volume_baseline(in, BH);
    }
  }
}
