package dev.billwright.pricing;

import dev.billwright.money.Money;

/**
 * The result of applying a price: the exact amount, not rounded (rounding happens per invoice
 * line through {@link dev.billwright.money.RoundingPolicy}), and how it was computed.
 *
 * @param amount the exact amount, zero or more
 * @param explanation the breakdown; its amount equals {@code amount}
 */
public record RatedAmount(Money amount, Explanation explanation) {}
