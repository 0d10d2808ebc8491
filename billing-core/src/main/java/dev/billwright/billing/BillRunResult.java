package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UnclaimedUsage;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.money.Money;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link BillRun} did.
 *
 * @param created invoices created by this run (finalized, or drafts for a preview), in order
 * @param existing invoices found already stored for a cycle (left unchanged), in order
 * @param creditNotes automatic credit notes for unused in-advance time after immediate
 *     cancellations; the host stores them idempotently by id
 * @param failures subscriptions that could not be billed (wholly: the invoices of their earlier
 *     cycles may be in {@code created}), with the stable error code and a message naming the
 *     cause (for a failed finalization also the invoice id, key and number); the others were
 *     billed, and a rerun bills the rest (see {@link BillRun})
 * @param unclaimed usage no subscription claims, and ambiguous events, from the run's
 *     {@link UsageSource#unclaimed()}; reported, never billed, not null
 */
public record BillRunResult(List<Invoice> created, List<Invoice> existing, List<CreditNote> creditNotes,
    List<Failure> failures, UnclaimedUsage unclaimed) {

  /**
   * A result with nothing unclaimed.
   *
   * @param created the created invoices
   * @param existing the existing invoices
   * @param creditNotes the credit notes
   * @param failures the failures
   */
  public BillRunResult(List<Invoice> created, List<Invoice> existing, List<CreditNote> creditNotes,
      List<Failure> failures) {
    this(created, existing, creditNotes, failures, UnclaimedUsage.NONE);
  }

  /**
   * Copies the lists.
   *
   * @param created the created invoices
   * @param existing the existing invoices
   * @param creditNotes the credit notes
   * @param failures the failures
   * @param unclaimed the unclaimed usage
   * @throws NullPointerException if a value is null
   */
  public BillRunResult {
    java.util.Objects.requireNonNull(unclaimed, "unclaimed");
    created = List.copyOf(created);
    existing = List.copyOf(existing);
    creditNotes = List.copyOf(creditNotes);
    failures = List.copyOf(failures);
  }

  /**
   * Returns the totals of the created invoices per currency (after tax, before prepaid credits).
   *
   * @return currency → total, in order of first appearance
   */
  public Map<Currency, Money> totals() {
    Map<Currency, Money> out = new LinkedHashMap<>();
    for (Invoice i : created) {
      out.merge(i.currency(), i.totals().total(), Money::plus);
    }
    return out;
  }

  /**
   * A subscription that could not be billed.
   *
   * @param subscriptionId the subscription id
   * @param code the stable error code
   * @param message what was wrong
   */
  public record Failure(String subscriptionId, String code, String message) {}
}
