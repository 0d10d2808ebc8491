package dev.billwright.catalog;

/**
 * What a repeating coupon's {@code duration_in_periods} counts: the coupon's JSON
 * {@code duration_unit} ({@code invoices}, {@code months}); its default may come from a
 * {@link Conventions} preset.
 */
public enum CouponDurationUnit {
  /**
   * Default: the number of invoices (billing periods billed) the coupon discounts, whatever their
   * length (Billwright's version-1 behaviour; Lago counts a recurring coupon's
   * {@code frequency_duration} in billing periods).
   */
  INVOICES,
  /**
   * Calendar months from the redemption (the subscription's start, in its zone): every invoice
   * issued before that many months have passed is discounted, however many there are (Stripe's
   * {@code duration_in_months}: "applies to all invoices created within that many months of the
   * redemption", docs "Coupons and promotion codes").
   */
  MONTHS
}
