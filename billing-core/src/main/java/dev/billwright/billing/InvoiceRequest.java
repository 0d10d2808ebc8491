package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UsageWindows;
import dev.billwright.rating.UsageWindow;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.subscription.Subscription;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link InvoiceAssembler} needs to build the invoice of one billing cycle: pure
 * inputs, no stores.
 *
 * @param subscription the subscription, not null
 * @param catalog where its plan versions are looked up, not null
 * @param cycle the billing cycle to invoice, not null
 * @param usage where the usage of the subscription's usage windows is looked up: each window
 *     ({@link UsageWindows}) ending since the previous boundary, up to the cycle's boundary, is
 *     billed at the cycle, not null
 * @param billedInAdvance lines of earlier invoices of this subscription: at least every line
 *     whose service period ends after the start of the earliest period closing at the cycle
 *     (in-advance fees still running, such as a yearly fee billed months ago, from which
 *     proration credits are computed; fees counted towards a minimum commitment), not null, may
 *     be empty
 * @param coupons coupon redemptions of the subscription; those that still apply are used,
 *     not null
 * @param tax the parties and tax SPI, not null
 */
public record InvoiceRequest(Subscription subscription, PlanCatalog catalog, BillingCycle cycle, UsageSource usage,
    List<InvoiceLine> billedInAdvance, List<CouponRedemption> coupons, TaxContext tax) {
  /**
   * A request with the whole closing period's usage given at once, per charge: it is billed to
   * the window of each charge that ends with the closing period (priced by the plan in force at
   * the period's end); an earlier window of the period (before a plan change inside it) gets no
   * usage line. Give a {@link UsageSource} instead to bill each window its own usage.
   *
   * @param subscription the subscription, not null
   * @param catalog where its plan versions are looked up, not null
   * @param cycle the billing cycle to invoice, not null
   * @param periodUsage the usage of the cycle's closing period, per charge, not null
   * @param billedInAdvance lines of earlier invoices of this subscription, not null
   * @param coupons coupon redemptions of the subscription, not null
   * @param tax the parties and tax SPI, not null
   * @throws NullPointerException if a value is null
   */
  public InvoiceRequest(Subscription subscription, PlanCatalog catalog, BillingCycle cycle, PeriodUsage periodUsage,
      List<InvoiceLine> billedInAdvance, List<CouponRedemption> coupons, TaxContext tax) {
    this(subscription, catalog, cycle, closingUsage(cycle, periodUsage), billedInAdvance, coupons, tax);
  }

  private static UsageSource closingUsage(BillingCycle cycle, PeriodUsage periodUsage) {
    Objects.requireNonNull(periodUsage, "usage");
    return new ClosingPeriodUsage(cycle.boundary(), periodUsage);
  }

  /** A whole closing period's usage, billed to the windows that end with the period. */
  record ClosingPeriodUsage(java.time.Instant end, PeriodUsage periodUsage) implements UsageSource {
    @Override
    public PeriodUsage usage(Subscription subscription, UsageWindow window) {
      return billsWindow(window) ? periodUsage : PeriodUsage.NONE;
    }

    /** Whether a window is billed at all (an earlier window of the period has no line). */
    boolean billsWindow(UsageWindow window) {
      return window.period().end().equals(end);
    }
  }

  /**
   * Validates and copies.
   *
   * @param subscription the subscription
   * @param catalog the catalog
   * @param cycle the cycle
   * @param usage the usage
   * @param billedInAdvance earlier lines
   * @param coupons the coupons
   * @param tax the tax context
   * @throws NullPointerException if a value is null
   */
  public InvoiceRequest {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(cycle, "cycle");
    Objects.requireNonNull(usage, "usage");
    billedInAdvance = List.copyOf(billedInAdvance);
    coupons = List.copyOf(coupons);
    Objects.requireNonNull(tax, "tax");
  }
}
