package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the draft invoices of several subscriptions of one account for one period into one
 * {@link InvoiceKind#CONSOLIDATED} draft. Stateless.
 *
 * <p>The drafts must all be drafts, in one currency, for the same period, and belong to the
 * account or (only when the host passes them) to its child accounts, as Lago's and Kill Bill's
 * parent-account invoicing do. Lines keep their ids and amounts (nothing is re-rounded, so the
 * consolidated totals are the sums of the drafts' totals) and are ordered by subscription id,
 * then charge code, then line id; discount lines and applied credits are carried over. Line ids
 * must be unique across the drafts. The result's key is {@code (accountId, period, CONSOLIDATED)};
 * its metadata records the merged draft ids under {@code consolidated_from}
 * (comma-separated, in id order). The merged drafts should be deleted by the host. The drafts'
 * {@link Invoice#taxDecision()} is kept when they all have the same one; when they differ (for
 * example child accounts with different places of supply, which one GST document cannot carry:
 * CGST Rule 46(n)) the consolidated draft has none, and tax must be applied to it again with
 * {@link InvoiceLifecycle#applyTax} before it is finalized.
 */
public final class InvoiceConsolidator {
  /** The consolidator. */
  public static final InvoiceConsolidator DEFAULT = new InvoiceConsolidator();

  private static final Comparator<InvoiceLine> ORDER = Comparator
      .comparing((InvoiceLine l) -> l.subscriptionId().orElse(""))
      .thenComparing(InvoiceLine::chargeCode)
      .thenComparing(InvoiceLine::lineId);

  /** Creates the consolidator; use {@link #DEFAULT}. */
  public InvoiceConsolidator() {}

  /**
   * Consolidates drafts.
   *
   * @param id the id of the consolidated invoice, not blank
   * @param accountId the account billed, not blank
   * @param childAccountIds the child accounts whose drafts may be included; empty to include
   *     only the account's own drafts, not null
   * @param drafts the drafts to merge, at least one, not null
   * @param issuedAt the creation instant of the consolidated draft, not null
   * @return the consolidated draft, never null
   * @throws BillingException with {@link ErrorCode#ILLEGAL_TRANSITION} if an invoice is not a
   *     draft, {@link ErrorCode#CURRENCY_MISMATCH} for mixed currencies, or
   *     {@link ErrorCode#INVALID_VALUE} for no drafts, another period, another customer or a
   *     repeated line id
   */
  public Invoice consolidate(String id, String accountId, Set<String> childAccountIds, List<Invoice> drafts,
      Instant issuedAt) {
    if (drafts.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "drafts", "[]", "at least one draft invoice");
    }
    Invoice first = drafts.get(0);
    List<InvoiceLine> lines = new ArrayList<>();
    List<DiscountLine> discounts = new ArrayList<>();
    List<AppliedCredit> credits = new ArrayList<>();
    Set<String> subscriptions = new TreeSet<>();
    Set<String> merged = new TreeSet<>();
    for (Invoice draft : drafts) {
      InvoiceLifecycle.requireDraft(draft, "consolidate it");
      if (!draft.currency().equals(first.currency())) {
        throw BillingException.invalid(ErrorCode.CURRENCY_MISMATCH, "drafts[" + draft.id() + "].currency",
            draft.currency(), "the currency of the other drafts " + first.currency());
      }
      if (!draft.period().equals(first.period())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "drafts[" + draft.id() + "].period", draft.period(),
            "the period of the other drafts " + first.period());
      }
      if (!draft.customerId().equals(accountId) && !childAccountIds.contains(draft.customerId())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "drafts[" + draft.id() + "].customer_id",
            draft.customerId(), "the account " + accountId
                + (childAccountIds.isEmpty() ? "" : " or one of its child accounts " + new TreeSet<>(childAccountIds)));
      }
      lines.addAll(draft.lines());
      discounts.addAll(draft.discountLines());
      credits.addAll(draft.creditsApplied());
      subscriptions.addAll(draft.subscriptionIds());
      merged.add(draft.id());
    }
    lines.sort(ORDER);
    TreeMap<String, String> metadata = new TreeMap<>();
    metadata.put("consolidated_from", String.join(",", merged));
    return Invoice.builder()
        .id(id)
        .key(InvoiceKey.of(accountId, first.period(), InvoiceKind.CONSOLIDATED))
        .customerId(accountId)
        .addAllSubscriptionIds(subscriptions)
        .currency(first.currency())
        .addAllLines(lines)
        .addAllDiscountLines(discounts)
        .addAllCreditsApplied(credits)
        .issuedAt(issuedAt)
        .taxDecision(drafts.stream().allMatch(d -> d.taxDecision().equals(first.taxDecision()))
            ? first.taxDecision() : java.util.Optional.empty())
        .putAllMetadata(metadata)
        .build();
  }
}
