package dev.billwright.payment;

import dev.billwright.money.Money;
import java.util.List;

/**
 * The result of {@link PayoutReconciliation#reconcile}: every payout row and every payment in
 * exactly one place.
 *
 * @param payouts per payout, what it settles and whether its amount agrees, in the order
 *     reconciled (earliest payout first)
 * @param settled payments found in a payout (each once)
 * @param unsettled payments in no payout (not yet paid out, or missing from the payouts)
 * @param unknown payment rows of a payout that name no payment given
 * @param settledTwice payment rows for a payment already settled by an earlier row
 * @param otherItems refund and adjustment rows (they count towards their payout's amount)
 */
public record PayoutReport(List<PayoutSummary> payouts, List<SettledPayment> settled, List<ProviderPayment> unsettled,
    List<PayoutRow> unknown, List<SettledTwice> settledTwice, List<PayoutRow> otherItems) {
  /**
   * Copies the lists.
   *
   * @param payouts see the record component
   * @param settled see the record component
   * @param unsettled see the record component
   * @param unknown see the record component
   * @param settledTwice see the record component
   * @param otherItems see the record component
   */
  public PayoutReport {
    payouts = List.copyOf(payouts);
    settled = List.copyOf(settled);
    unsettled = List.copyOf(unsettled);
    unknown = List.copyOf(unknown);
    settledTwice = List.copyOf(settledTwice);
    otherItems = List.copyOf(otherItems);
  }

  /**
   * Whether nothing needs a look: every payout balanced, every payment settled, no unknown or
   * repeated rows.
   *
   * @return true when clean
   */
  public boolean clean() {
    return payouts.stream().allMatch(PayoutSummary::balanced) && unsettled.isEmpty() && unknown.isEmpty()
        && settledTwice.isEmpty();
  }

  /**
   * The payouts whose amount differs from what the payments they settle explain.
   *
   * @return those summaries, never null
   */
  public List<PayoutSummary> unbalanced() {
    return payouts.stream().filter(s -> !s.balanced()).toList();
  }

  /**
   * One payout checked against the payments it settles. All amounts are in the payout's currency.
   *
   * @param payout the payout
   * @param gross Σ gross of all its rows
   * @param fees Σ fees of all its rows (what the provider kept)
   * @param net Σ net of all its rows (what the provider says it paid out)
   * @param explained what the known payments explain: Σ (payment amount − row fee) over its
   *     settled payment rows plus Σ net of its refund and adjustment rows; unknown and repeated
   *     payment rows explain nothing
   * @param difference {@code payout.amount − explained}: zero when balanced; positive when more was
   *     paid out than the payments explain (an unknown payment), negative when less (a payment
   *     settled for less than collected)
   */
  public record PayoutSummary(Payout payout, Money gross, Money fees, Money net, Money explained, Money difference) {
    /**
     * Whether the payout's amount is exactly what its payments explain.
     *
     * @return true when the difference is zero
     */
    public boolean balanced() {
      return difference.isZero();
    }
  }

  /**
   * A payment found in a payout.
   *
   * @param payment the payment
   * @param payoutReference the payout that settled it
   * @param item the row that settled it
   * @param difference {@code item.gross − payment.amount}: zero when the provider settled what it collected
   */
  public record SettledPayment(ProviderPayment payment, String payoutReference, PayoutItem item, Money difference) {}

  /**
   * A row of a payout.
   *
   * @param payoutReference the payout
   * @param item the row
   */
  public record PayoutRow(String payoutReference, PayoutItem item) {}

  /**
   * A payment row for a payment an earlier row already settled.
   *
   * @param payoutReference the payout of this row
   * @param item this row
   * @param firstPayoutReference the payout that settled the payment first
   */
  public record SettledTwice(String payoutReference, PayoutItem item, String firstPayoutReference) {}
}
