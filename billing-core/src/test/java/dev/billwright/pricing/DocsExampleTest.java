package dev.billwright.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** The Java example of docs/pricing.md, kept compiling and true. Numbers: Stripe docs examples. */
class DocsExampleTest {
  @Test
  void docsExample() {
    Currency usd = Currency.getInstance("USD");
    Price price = PriceJson.read(JsonObjectReader.root(Json.parse("""
        {"model": "graduated", "tiers": [
          {"up_to": "5",  "unit_price": "7.00"},
          {"up_to": "10", "unit_price": "6.50"},
          {"up_to": null, "unit_price": "6.00"}]}""", "example"), "example"));

    RatedAmount rated = PriceCalculator.DEFAULT.calculate(price, new BigDecimal("20"), usd);
    Money line = RoundingPolicy.DEFAULT.round(rated.amount());
    ObjectNode why = ExplanationJson.write(rated.explanation());

    ChargePrice charge = new ChargePrice(PerUnitPrice.of(new BigDecimal("10")),
        new QuantityTransform(new BigDecimal("60"), QuantityRounding.UP),
        new SpendBounds(new BigDecimal("50"), null));
    ChargeAmount result = ChargePricing.DEFAULT.price(charge,
        PricingInput.ofQuantity(new BigDecimal("150")), usd);

    assertThat(line).isEqualTo(Money.of("USD", "127.50"));
    assertThat(why.get("steps")).hasSize(3);
    assertThat(result.amount()).isEqualTo(Money.of("USD", "30.00"));
    assertThat(result.trueUp()).isEqualTo(Money.of("USD", "20.00"));
  }
}
