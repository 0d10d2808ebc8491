package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.pricing.ChargePrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-customer changes to a plan for a custom contract, kept beside the subscription instead of
 * copying the plan: replace a charge's price, or add a percentage discount to a charge. Like
 * Lago's plan overrides and Kill Bill's price overrides, the plan version itself never changes.
 *
 * <p>JSON form: {@code {"prices": {"sms_otp": {"price": {…}}}, "discounts": {"sms_otp": "10"}}}.
 *
 * @param prices replacement prices keyed by charge code, not null
 * @param discountPercents discounts in percent keyed by charge code, not null
 */
public record PlanOverrides(Map<String, ChargePrice> prices, Map<String, BigDecimal> discountPercents) {
  /** No overrides. */
  public static final PlanOverrides NONE = new PlanOverrides(Map.of(), Map.of());

  /**
   * Copies the maps.
   *
   * @param prices the replacement prices
   * @param discountPercents the discounts, each above 0 and at most 100
   * @throws NullPointerException if a map is null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming
   *     {@code discounts.CHARGE} if a discount is not above 0 and at most 100
   */
  public PlanOverrides {
    prices = Map.copyOf(new LinkedHashMap<>(prices));
    discountPercents = Map.copyOf(discountPercents);
    for (Map.Entry<String, BigDecimal> e : discountPercents.entrySet()) {
      if (!Charge.isDiscount(e.getValue())) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "discounts." + e.getKey(),
            e.getValue().toPlainString(), Charge.DISCOUNT_RANGE);
      }
    }
  }

  /**
   * Returns whether there is nothing to override.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return prices.isEmpty() && discountPercents.isEmpty();
  }

  /**
   * Resolves a plan with these overrides: a new in-memory value with the replaced prices and
   * discounts; code, version and everything else unchanged.
   *
   * @param plan the plan, not null
   * @return the resolved plan, never null ({@code plan} itself if there are no overrides)
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if an override names a
   *     charge the plan does not have
   */
  public Plan applyTo(Plan plan) {
    if (isEmpty()) {
      return plan;
    }
    for (String code : prices.keySet()) {
      requireCharge(plan, code, "overrides.prices");
    }
    for (String code : discountPercents.keySet()) {
      requireCharge(plan, code, "overrides.discounts");
    }
    List<Charge> charges = new ArrayList<>();
    for (Charge c : plan.charges()) {
      Charge resolved = c;
      if (prices.containsKey(c.code()) || discountPercents.containsKey(c.code())) {
        Charge copy = ImmutableCharge.copyOf(c);
        if (prices.containsKey(c.code())) {
          copy = copy.withPrice(prices.get(c.code()));
        }
        if (discountPercents.containsKey(c.code())) {
          copy = copy.withDiscountPercent(discountPercents.get(c.code()));
        }
        resolved = copy;
      }
      charges.add(resolved);
    }
    return ImmutablePlan.copyOf(plan).withCharges(charges);
  }

  private static void requireCharge(Plan plan, String code, String field) {
    if (plan.charge(code).isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, field + "." + code, code,
          "a charge code of plan " + plan.reference() + ": "
              + plan.charges().stream().map(Charge::code).toList());
    }
  }
}
