package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches provider payouts (settlements) to the payments they settle: a pure function.
 *
 * <p>A payout is the money a provider sends to the bank: the payments it collected, less its fees,
 * refunds and adjustments (Stripe's "Payout reconciliation": the balance transactions of a payout
 * add up to its amount, net of fees; Razorpay's "Settlements": a settlement is the captured
 * payments less fees and tax, itemised by the settlement recon report). Each
 * {@link PayoutItem.Kind#PAYMENT} row is matched to the {@link ProviderPayment} of the same
 * reference. The report ({@link PayoutReport}) says, per payout, the gross, the fees, the net and
 * the difference between the amount paid out and what the known payments explain; the payments
 * no payout settles; the payment rows that name no known payment; and rows that settle a
 * payment a second time. Payouts are taken earliest first (then by reference), rows in their
 * order, so "first" is well defined. Every row and every payment lands in exactly one list.
 */
public final class PayoutReconciliation {
  private PayoutReconciliation() {}

  /**
   * Reconciles payouts with payments.
   *
   * @param payments the succeeded payments the provider collected, each reference once, not null
   * @param payouts the provider's payouts with their rows, not null
   * @return the report, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} naming {@code payments} if a
   *     payment reference is given twice, or {@code payouts} if a payout reference is given twice;
   *     with {@link ErrorCode#CURRENCY_MISMATCH} if a payment is settled in a payout of another
   *     currency (multi-currency settlement is not reconciled); nothing is reported then
   * @throws NullPointerException if an argument or an element is null
   */
  public static PayoutReport reconcile(List<ProviderPayment> payments, List<Payout> payouts) {
    Map<String, ProviderPayment> byReference = new LinkedHashMap<>();
    for (ProviderPayment p : payments) {
      if (byReference.putIfAbsent(p.reference(), p) != null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "payments", p.reference(),
            "each payment reference once (reconcile repeated provider rows with Reconciliation first)");
      }
    }
    List<Payout> ordered = new ArrayList<>(payouts);
    ordered.sort(Comparator.comparing(Payout::at).thenComparing(Payout::reference));
    Map<String, String> settledBy = new HashMap<>();
    List<PayoutReport.PayoutSummary> summaries = new ArrayList<>();
    List<PayoutReport.SettledPayment> settled = new ArrayList<>();
    List<PayoutReport.PayoutRow> unknown = new ArrayList<>();
    List<PayoutReport.SettledTwice> twice = new ArrayList<>();
    List<PayoutReport.PayoutRow> other = new ArrayList<>();
    java.util.Set<String> payoutIds = new java.util.HashSet<>();
    for (Payout payout : ordered) {
      if (!payoutIds.add(payout.reference())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "payouts", payout.reference(),
            "each payout reference once");
      }
      Money zero = Money.zero(payout.amount().currency());
      Money gross = zero;
      Money fees = zero;
      Money net = zero;
      Money explained = zero;
      for (PayoutItem item : payout.items()) {
        gross = gross.plus(item.gross());
        fees = fees.plus(item.fee());
        net = net.plus(item.net());
        if (item.kind() != PayoutItem.Kind.PAYMENT) {
          other.add(new PayoutReport.PayoutRow(payout.reference(), item));
          explained = explained.plus(item.net());
          continue;
        }
        ProviderPayment p = byReference.get(item.paymentReference());
        if (p == null) {
          unknown.add(new PayoutReport.PayoutRow(payout.reference(), item));
          continue;
        }
        String first = settledBy.putIfAbsent(p.reference(), payout.reference());
        if (first != null) {
          twice.add(new PayoutReport.SettledTwice(payout.reference(), item, first));
          continue;
        }
        if (!p.amount().currency().equals(payout.amount().currency())) {
          throw new BillingException(ErrorCode.CURRENCY_MISMATCH, "payment " + p.reference() + " in "
              + p.amount().currency() + " is settled by payout " + payout.reference() + " in "
              + payout.amount().currency() + "; multi-currency settlement is not reconciled");
        }
        settled.add(new PayoutReport.SettledPayment(p, payout.reference(), item, item.gross().minus(p.amount())));
        explained = explained.plus(p.amount().minus(item.fee()));
      }
      summaries.add(new PayoutReport.PayoutSummary(payout, gross, fees, net, explained,
          payout.amount().minus(explained)));
    }
    List<ProviderPayment> unsettled = byReference.values().stream()
        .filter(p -> !settledBy.containsKey(p.reference())).toList();
    return new PayoutReport(summaries, settled, unsettled, unknown, twice, other);
  }
}
