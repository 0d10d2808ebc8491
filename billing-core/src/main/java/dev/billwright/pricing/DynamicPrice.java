package dev.billwright.pricing;

import org.jspecify.annotations.Nullable;

/**
 * An amount carried by each event (model {@code dynamic}): amount = Σ of each event's amount,
 * read from the property {@code amount_property}, or the event's value when the property name is
 * null. Matches Lago's dynamic charge model (the amount is supplied per event).
 *
 * @param amountProperty the event property holding the amount in major units, or null to use
 *     {@link PricedEvent#value()}; not blank when present
 */
public record DynamicPrice(@Nullable String amountProperty) implements Price {
  /**
   * Validates the property name.
   *
   * @param amountProperty the property name, or null
   * @throws dev.billwright.error.BillingException if the name is blank
   */
  public DynamicPrice {
    if (amountProperty != null && amountProperty.isBlank()) {
      throw dev.billwright.error.BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE,
          "amount_property", amountProperty, "a property name or null");
    }
  }

  @Override
  public String model() {
    return "dynamic";
  }

  @Override
  public boolean needsEvents() {
    return true;
  }
}
