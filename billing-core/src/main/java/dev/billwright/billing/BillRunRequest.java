package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.subscription.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a {@link BillRun} bills: subscriptions up to an instant, with their usage, tax parties,
 * coupons, numbering series and prepaid credits.
 *
 * @param subscriptions the subscriptions, not null (billed in order of id)
 * @param usage where usage comes from, not null
 * @param tax the tax context of a subscription, not null
 * @param coupons the coupon redemptions of a subscription (as at its start), not null
 * @param asOf bill every boundary at or before this instant (catch-up included), not null
 * @param finalizeInvoices whether new invoices are stored, netted off and finalized with a number
 *     (true), or only assembled and returned as drafts (false, a preview run: see
 *     {@link #asPreview()})
 * @param series the numbering series of an invoice being finalized, not null
 * @param credits prepaid credits to net off a draft before it is finalized (for example a
 *     wallet's {@code netOff}); returns an empty list for none, not null. Called only by a
 *     finalizing run, once it holds the claim on the draft and before it takes the number; never
 *     by a preview. It must be idempotent per invoice id (as {@code Wallet.netOff} is): a run
 *     whose finalization fails after the call calls it again for the same invoice on the rerun
 * @param earlierCreditNotes credit notes already issued against an invoice (by invoice id), so
 *     automatic cancellation credits never exceed what remains, not null
 */
public record BillRunRequest(List<Subscription> subscriptions, UsageSource usage,
    Function<Subscription, TaxContext> tax, Function<Subscription, List<CouponRedemption>> coupons, Instant asOf,
    boolean finalizeInvoices, Function<Invoice, InvoiceSeries> series, Function<Invoice, List<AppliedCredit>> credits,
    Function<String, List<CreditNote>> earlierCreditNotes) {

  /**
   * Validates and copies.
   *
   * @param subscriptions the subscriptions
   * @param usage the usage source
   * @param tax the tax contexts
   * @param coupons the coupons
   * @param asOf the instant
   * @param finalizeInvoices whether to finalize
   * @param series the series
   * @param credits the prepaid credits
   * @param earlierCreditNotes the earlier credit notes
   * @throws NullPointerException if a value is null
   */
  public BillRunRequest {
    subscriptions = List.copyOf(subscriptions);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(tax, "tax");
    Objects.requireNonNull(coupons, "coupons");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(credits, "credits");
    Objects.requireNonNull(earlierCreditNotes, "earlierCreditNotes");
  }

  /**
   * A request with no tax, no coupons, no prepaid credits, finalizing into one series
   * {@code INV-000001}…
   *
   * @param subscriptions the subscriptions, not null
   * @param usage the usage source, not null
   * @param asOf the instant, not null
   * @return the request, never null
   */
  public static BillRunRequest of(List<Subscription> subscriptions, UsageSource usage, Instant asOf) {
    InvoiceSeries series = InvoiceSeries.of("INV", "INV-", 6);
    return new BillRunRequest(subscriptions, usage, s -> TaxContext.none(), s -> List.of(), asOf, true,
        i -> series, i -> List.of(), id -> List.of());
  }

  /**
   * Returns a copy with another tax context function.
   *
   * @param newTax the tax contexts, not null
   * @return the copy
   */
  public BillRunRequest withTax(Function<Subscription, TaxContext> newTax) {
    return new BillRunRequest(subscriptions, usage, newTax, coupons, asOf, finalizeInvoices, series, credits,
        earlierCreditNotes);
  }

  /**
   * Returns a copy with another coupon function.
   *
   * @param newCoupons the coupons, not null
   * @return the copy
   */
  public BillRunRequest withCoupons(Function<Subscription, List<CouponRedemption>> newCoupons) {
    return new BillRunRequest(subscriptions, usage, tax, newCoupons, asOf, finalizeInvoices, series, credits,
        earlierCreditNotes);
  }

  /**
   * Returns a copy with another numbering series function.
   *
   * @param newSeries the series, not null
   * @return the copy
   */
  public BillRunRequest withSeries(Function<Invoice, InvoiceSeries> newSeries) {
    return new BillRunRequest(subscriptions, usage, tax, coupons, asOf, finalizeInvoices, newSeries, credits,
        earlierCreditNotes);
  }

  /**
   * Returns a copy with another prepaid-credit function.
   *
   * @param newCredits the credits, not null
   * @return the copy
   */
  public BillRunRequest withCredits(Function<Invoice, List<AppliedCredit>> newCredits) {
    return new BillRunRequest(subscriptions, usage, tax, coupons, asOf, finalizeInvoices, series, newCredits,
        earlierCreditNotes);
  }

  /**
   * Returns a copy that nets each customer's prepaid wallet off its invoices before they are
   * finalized: {@code withCredits(WalletNetOff.of(wallet, accountsByCustomer))}. See
   * {@link WalletNetOff} for the amounts, idempotency and errors; replaces any earlier credits
   * function.
   *
   * @param wallet the wallet service over the host's ledger, not null
   * @param accountsByCustomer the wallet of each customer id that has one, not null
   * @return the copy
   * @throws NullPointerException if an argument, key or value is null
   */
  public BillRunRequest withWalletNetOff(Wallet wallet, Map<String, WalletAccount> accountsByCustomer) {
    return withCredits(WalletNetOff.of(wallet, accountsByCustomer));
  }

  /**
   * Returns a copy with another source of earlier credit notes (the host's stored credit notes,
   * by invoice id), so automatic credits are never issued twice across runs.
   *
   * @param newEarlierCreditNotes the earlier credit notes by invoice id, not null
   * @return the copy
   */
  public BillRunRequest withEarlierCreditNotes(Function<String, List<CreditNote>> newEarlierCreditNotes) {
    return new BillRunRequest(subscriptions, usage, tax, coupons, asOf, finalizeInvoices, series, credits,
        newEarlierCreditNotes);
  }

  /**
   * Returns a copy for a preview run, which has no side effect on any store: it reads the invoice
   * store (to know what is billed already) but inserts, claims and replaces nothing, never calls
   * the {@link #credits()} hook (the drafts show amounts before prepaid credits, since a hook such
   * as {@code Wallet.netOff} applies what it returns) and takes no invoice number. The drafts it
   * assembles are returned in {@link BillRunResult#created()}, unnumbered; a finalizing run
   * afterwards bills exactly as it would have without the preview.
   *
   * @return the copy
   */
  public BillRunRequest asPreview() {
    return new BillRunRequest(subscriptions, usage, tax, coupons, asOf, false, series, credits, earlierCreditNotes);
  }
}
