package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Previews, without storing or applying anything: the upcoming invoice of a subscription, and
 * the effect of a change on it (Stripe's "upcoming invoice" with {@code subscription_items} and
 * {@code proration_date}).
 *
 * <p>The upcoming invoice is the one issued at the first billing boundary after the given
 * instant, assembled with the usage so far; a change's effect is that invoice assembled for the
 * subscription with the change added, next to the same invoice without it, with proration lines
 * for an immediate change inside the period. Stateless and thread-safe.
 *
 * @param assembler the assembler, not null
 */
public record InvoicePreview(InvoiceAssembler assembler) {
  /** The default preview, with {@link InvoiceAssembler#DEFAULT}. */
  public static final InvoicePreview DEFAULT = new InvoicePreview(InvoiceAssembler.DEFAULT);

  /**
   * Validates the assembler.
   *
   * @param assembler the assembler
   * @throws NullPointerException if null
   */
  public InvoicePreview {
    Objects.requireNonNull(assembler, "assembler");
  }

  /**
   * Returns the next billing cycle after an instant.
   *
   * @param subscription the subscription, not null
   * @param catalog the plan catalog, not null
   * @param at the instant, not null
   * @return the first cycle whose boundary is after {@code at}, empty if the subscription has
   *     ended by then
   * @throws dev.billwright.error.BillingException if the plans cannot be resolved
   */
  public Optional<BillingCycle> nextCycle(Subscription subscription, PlanCatalog catalog, Instant at) {
    return nextCycle(subscription.resolve(catalog), at);
  }

  private static Optional<BillingCycle> nextCycle(ResolvedSubscription resolved, Instant at) {
    Subscription subscription = resolved.subscription();
    // the plan's own boundaries are boundaries of every phase, so the next one bounds the search
    Instant from = at.isBefore(subscription.start()) ? subscription.start() : at;
    dev.billwright.subscription.SubscriptionPhase current = null;
    for (dev.billwright.subscription.SubscriptionPhase p : resolved.phases()) {
      if (current == null || !p.start().isAfter(from)) {
        current = p;
      }
    }
    Instant nextBoundary = current.schedule().periodContaining(from).end();
    for (BillingCycle c : SubscriptionCycles.cycles(resolved, subscription.start(), nextBoundary)) {
      if (c.boundary().isAfter(at)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Previews the upcoming invoice.
   *
   * @param subscription the subscription, not null
   * @param catalog the plan catalog, not null
   * @param at the instant of the preview, not null
   * @param usageSoFar the usage of the current period so far, not null
   * @param billedInAdvance lines of the invoice that billed the current period in advance, not null
   * @param coupons the coupon redemptions, not null
   * @param tax the tax context, not null
   * @return the draft of the upcoming invoice, empty if it bills nothing or the subscription
   *     has ended
   * @throws dev.billwright.error.BillingException as {@link InvoiceAssembler#assemble} throws
   */
  public Optional<Invoice> upcoming(Subscription subscription, PlanCatalog catalog, Instant at, PeriodUsage usageSoFar,
      List<InvoiceLine> billedInAdvance, List<CouponRedemption> coupons, TaxContext tax) {
    ResolvedSubscription resolved = subscription.resolve(catalog);
    return nextCycle(resolved, at).flatMap(cycle -> assembler.assemble(
        new InvoiceRequest(subscription, catalog, cycle, usageSoFar, billedInAdvance, coupons, tax), resolved));
  }

  /**
   * Previews the effect of a change on the upcoming invoice.
   *
   * @param subscription the subscription without the change, not null
   * @param change the change to preview, not null
   * @param catalog the plan catalog, not null
   * @param at the instant of the preview (usually the change's request time), not null
   * @param usageSoFar the usage of the current period so far, not null
   * @param billedInAdvance lines of the invoice that billed the current period in advance, not null
   * @param coupons the coupon redemptions, not null
   * @param tax the tax context, not null
   * @return the upcoming invoice without and with the change, never null
   * @throws dev.billwright.error.BillingException as {@link InvoiceAssembler#assemble} throws
   */
  public ChangeEffect change(Subscription subscription, SubscriptionChange change, PlanCatalog catalog, Instant at,
      PeriodUsage usageSoFar, List<InvoiceLine> billedInAdvance, List<CouponRedemption> coupons, TaxContext tax) {
    Optional<Invoice> before = upcoming(subscription, catalog, at, usageSoFar, billedInAdvance, coupons, tax);
    Optional<Invoice> after = upcoming(subscription.withChange(change), catalog, at, usageSoFar, billedInAdvance,
        coupons, tax);
    return new ChangeEffect(before, after);
  }

  /**
   * The upcoming invoice without and with a change.
   *
   * @param before without the change
   * @param after with the change
   */
  public record ChangeEffect(Optional<Invoice> before, Optional<Invoice> after) {
    /**
     * Returns how much the change adds to the upcoming invoice's total (negative if it lowers it).
     *
     * @return after's total minus before's total, zero-valued totals when absent
     * @throws dev.billwright.error.BillingException if both are absent
     */
    public Money difference() {
      Invoice any = after.or(() -> before).orElseThrow(() -> new dev.billwright.error.BillingException(
          dev.billwright.error.ErrorCode.INVALID_VALUE, "neither invoice bills anything"));
      Money zero = Money.zero(any.currency());
      return after.map(i -> i.totals().total()).orElse(zero).minus(before.map(i -> i.totals().total()).orElse(zero));
    }
  }
}
