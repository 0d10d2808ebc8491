package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChargePricingTest {
  private static final Currency INR = Currency.getInstance("INR");

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  @Test
  void minimumAddsASeparateTrueUp() {
    ChargePrice charge = new ChargePrice(PerUnitPrice.of(d("1")), null, new SpendBounds(d("100"), null));
    ChargeAmount r = ChargePricing.DEFAULT.price(charge, PricingInput.ofQuantity(d("30")), INR);
    assertThat(r.amount().amount()).isEqualByComparingTo("30");
    assertThat(r.trueUp().amount()).isEqualByComparingTo("70");
    assertThat(r.total().amount()).isEqualByComparingTo("100");
    ChargeAmount above = ChargePricing.DEFAULT.price(charge, PricingInput.ofQuantity(d("130")), INR);
    assertThat(above.trueUp().isZero()).isTrue();
  }

  @Test
  void maximumCapsTheLine() {
    ChargePrice charge = new ChargePrice(PerUnitPrice.of(d("1")), null, new SpendBounds(d("5"), d("20")));
    ChargeAmount r = ChargePricing.DEFAULT.price(charge, PricingInput.ofQuantity(d("30")), INR);
    assertThat(r.amount().amount()).isEqualByComparingTo("20");
    assertThat(r.maximumReduction().amount()).isEqualByComparingTo("10");
    assertThat(r.rated().amount().amount()).isEqualByComparingTo("30");
    assertThatThrownBy(() -> new SpendBounds(d("30"), d("20"))).hasMessageContaining("maximum");
  }

  /** Stripe docs, transform quantities: 150 minutes at 10 USD per started hour = 3 hours = 30. */
  @Test
  void transformDividesThenRounds() {
    ChargePrice up = new ChargePrice(PerUnitPrice.of(d("10")), new QuantityTransform(d("60"), QuantityRounding.UP), null);
    ChargeAmount r = ChargePricing.DEFAULT.price(up, PricingInput.ofQuantity(d("150")), INR);
    assertThat(r.pricedQuantity()).isEqualByComparingTo("3");
    assertThat(r.amount().amount()).isEqualByComparingTo("30");
    assertThat(new QuantityTransform(d("60"), QuantityRounding.DOWN).apply(d("150"))).isEqualByComparingTo("2");
    assertThat(new QuantityTransform(d("60"), QuantityRounding.NONE).apply(d("150"))).isEqualByComparingTo("2.5");
    assertThat(new QuantityTransform(d("3"), QuantityRounding.NONE).apply(d("1")).precision()).isEqualTo(34);
  }

  @Test
  void transformAppliesToEachGroupOfAMatrix() {
    MatrixPrice m = new MatrixPrice(java.util.List.of("country"), java.util.List.of(), PerUnitPrice.of(d("1")));
    ChargePrice charge = new ChargePrice(m, new QuantityTransform(d("1000"), QuantityRounding.UP), null);
    ChargeAmount r = ChargePricing.DEFAULT.price(charge,
        PricingInput.ofGroups(Map.of(Map.of("country", "IN"), d("1500"))), INR);
    assertThat(r.amount().amount()).isEqualByComparingTo("2");
  }

  @Test
  void transformIsRejectedForEventModels() {
    assertThatThrownBy(() -> new ChargePrice(PercentagePrice.of(d("1")),
        new QuantityTransform(d("10"), QuantityRounding.UP), null))
        .hasMessageContaining("quantity_transform");
  }
}
