package dev.billwright.billing;

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
 * @param usage the usage per charge, each usage charge's for its own period closing at the
 *     cycle ({@link BillingCycle#closing(String)}), not null
 * @param billedInAdvance lines of earlier invoices of this subscription: at least every line
 *     whose service period ends after the start of the earliest period closing at the cycle
 *     (in-advance fees still running, such as a yearly fee billed months ago, from which
 *     proration credits are computed; fees counted towards a minimum commitment), not null, may
 *     be empty
 * @param coupons coupon redemptions of the subscription; those that still apply are used,
 *     not null
 * @param tax the parties and tax SPI, not null
 */
public record InvoiceRequest(Subscription subscription, PlanCatalog catalog, BillingCycle cycle, PeriodUsage usage,
    List<InvoiceLine> billedInAdvance, List<CouponRedemption> coupons, TaxContext tax) {
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
