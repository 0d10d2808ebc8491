package dev.billwright.pricing;

/** How {@link QuantityTransform} rounds the divided quantity. Written lower case in JSON. */
public enum QuantityRounding {
  /** Round up to a whole number (Stripe {@code transform_quantity.round = up}). */
  UP,
  /** Round down to a whole number (Stripe {@code transform_quantity.round = down}). */
  DOWN,
  /** Keep the exact quotient (OpenMeter's unit conversion with rounding {@code none}). */
  NONE
}
