package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prices one charge for one period: applies the quantity transform (to the aggregate quantity,
 * or to each pre-grouped quantity for a matrix), the price (free units are part of the
 * {@code per_unit} and {@code package} models), then the spend bounds: a maximum caps the line,
 * a minimum adds a separate true-up. Stateless; amounts stay exact.
 */
public final class ChargePricing {
  /** The instance using {@link PriceCalculator#DEFAULT}. */
  public static final ChargePricing DEFAULT = new ChargePricing(PriceCalculator.DEFAULT);

  private final PriceCalculator calculator;

  /**
   * Creates a charge pricer.
   *
   * @param calculator the price calculator, not null
   */
  public ChargePricing(PriceCalculator calculator) {
    this.calculator = PriceChecks.required(calculator, "calculator");
  }

  /**
   * Prices a charge.
   *
   * @param charge the price, transform and bounds, not null
   * @param input the quantity, events or groups, not null
   * @param currency the currency, not null
   * @return the line amount, the true-up and the explanation
   * @throws dev.billwright.error.BillingException if the input does not suit the price (see
   *     {@link PriceCalculator#calculate(Price, PricingInput, Currency)}), or a transform is
   *     given with events for a matrix
   */
  public ChargeAmount price(ChargePrice charge, PricingInput input, Currency currency) {
    PriceChecks.required(charge, "charge");
    PriceChecks.required(input, "input");
    PriceChecks.required(currency, "currency");
    BigDecimal quantity = input.totalQuantity();
    PricingInput priced = input;
    QuantityTransform t = charge.transform();
    if (t != null) {
      if (!input.groups().isEmpty()) {
        Map<Map<String, String>, BigDecimal> groups = new LinkedHashMap<>();
        input.groups().forEach((k, v) -> groups.put(k, t.apply(v)));
        priced = PricingInput.ofGroups(groups);
      } else if (charge.price() instanceof MatrixPrice) {
        throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE,
            "quantity_transform", "divide_by " + t.divideBy().toPlainString(),
            "grouped quantities as input: a matrix transforms each group's quantity");
      } else {
        priced = PricingInput.ofQuantity(t.apply(quantity));
      }
    }
    RatedAmount rated = calculator.calculate(charge.price(), priced, currency);
    Money amount = rated.amount();
    Money reduction = Money.zero(currency);
    SpendBounds b = charge.bounds();
    if (b.maximum() != null) {
      Money max = Money.of(currency, b.maximum());
      if (amount.compareTo(max) > 0) {
        reduction = amount.minus(max);
        amount = max;
      }
    }
    Money trueUp = Money.zero(currency);
    if (b.minimum() != null) {
      Money min = Money.of(currency, b.minimum());
      if (amount.compareTo(min) < 0) {
        trueUp = min.minus(amount);
      }
    }
    return new ChargeAmount(quantity, priced.totalQuantity(), rated, reduction, amount, trueUp);
  }
}
