package dev.billwright.pricing;

/**
 * How a started package is counted by {@link PackagePrice}. Written lower case in JSON
 * ({@code "round": "up"}).
 */
public enum PackageRounding {
  /** A started package is billed in full: ⌈units / size⌉ (default; Stripe {@code round: up}, Lago). */
  UP,
  /** Only complete packages are billed: ⌊units / size⌋ (Stripe {@code round: down}). */
  DOWN
}
