package dev.billwright.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Payout (settlement) reconciliation. Figures are derived: a fee of 2% of the gross (Razorpay's
 * documented standard domestic rate, with 18% GST on it folded into the row's fee as the recon
 * report's {@code fee} includes {@code tax}), amounts chosen by hand.
 */
class PayoutReconciliationTest {
  static final Instant T = Instant.parse("2026-11-02T00:00:00Z");

  static ProviderPayment pay(String ref, String amount) {
    return new ProviderPayment(ref, Money.of("INR", amount), T, Map.of());
  }

  static PayoutItem charge(String txn, String payment, String gross, String fee) {
    Money g = Money.of("INR", gross);
    Money f = Money.of("INR", fee);
    return new PayoutItem(txn, PayoutItem.Kind.PAYMENT, payment, g, f, g.minus(f));
  }

  static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  @Test
  void aPayoutNetOfFeesBalances() {
    // 1,180.00 and 500.00 collected; fee 2% + 18% GST on it: 27.85 and 11.80; refund 100.00
    Payout po = new Payout("setl_1", inr("1540.35"), T.plusSeconds(86_400 * 2), List.of(
        charge("txn_1", "pay_1", "1180.00", "27.85"),
        charge("txn_2", "pay_2", "500.00", "11.80"),
        PayoutItem.of("txn_3", PayoutItem.Kind.REFUND, "rfnd_1", inr("-100.00"))));
    PayoutReport r = PayoutReconciliation.reconcile(List.of(pay("pay_1", "1180.00"), pay("pay_2", "500.00")),
        List.of(po));
    PayoutReport.PayoutSummary s = r.payouts().get(0);
    assertThat(s.gross()).isEqualTo(inr("1580.00"));
    assertThat(s.fees()).isEqualTo(inr("39.65"));
    assertThat(s.net()).isEqualTo(inr("1540.35")); // the refund is in the gross
    assertThat(s.explained()).isEqualTo(inr("1540.35"));
    assertThat(s.balanced()).isTrue();
    assertThat(r.settled()).extracting(x -> x.payment().reference()).containsExactly("pay_1", "pay_2");
    assertThat(r.otherItems()).extracting(x -> x.item().reference()).containsExactly("txn_3");
    assertThat(r.clean()).isTrue();
  }

  @Test
  void everyKindOfDifferenceIsReported() {
    List<ProviderPayment> payments = List.of(pay("pi_a", "1000.00"), pay("pi_b", "250.00"), pay("pi_c", "90.00"),
        pay("pi_d", "40.00"));
    Payout first = new Payout("po_1", inr("1221.00"), T.plusSeconds(86_400), List.of(
        charge("txn_a", "pi_a", "1000.00", "29.00"),
        charge("txn_b", "pi_b", "240.00", "7.00"),      // settled for 10.00 less than collected
        charge("txn_x", "pi_x", "17.00", "0.00")));     // a payment nobody here knows
    Payout second = new Payout("po_2", inr("88.00"), T.plusSeconds(86_400 * 2), List.of(
        charge("txn_c", "pi_c", "90.00", "2.00"),
        charge("txn_a2", "pi_a", "1000.00", "29.00"))); // pi_a again
    // given out of order: reconciled earliest first
    PayoutReport r = PayoutReconciliation.reconcile(payments, List.of(second, first));
    assertThat(r.payouts()).extracting(s -> s.payout().reference()).containsExactly("po_1", "po_2");
    PayoutReport.PayoutSummary one = r.payouts().get(0);
    assertThat(one.fees()).isEqualTo(inr("36.00"));
    assertThat(one.net()).isEqualTo(inr("1221.00"));
    assertThat(one.explained()).isEqualTo(inr("1214.00")); // 971.00 + 243.00
    assertThat(one.difference()).isEqualTo(inr("7.00"));   // +17.00 unknown − 10.00 short
    assertThat(r.settled()).filteredOn(x -> x.payment().reference().equals("pi_b")).singleElement()
        .satisfies(x -> assertThat(x.difference()).isEqualTo(inr("-10.00")));
    PayoutReport.PayoutSummary two = r.payouts().get(1);
    assertThat(two.difference()).isEqualTo(inr("0.00"));   // 88.00 paid: pi_c explains it, the repeat row is extra
    assertThat(two.net()).isEqualTo(inr("1059.00"));        // the provider's own rows do not add up to its amount
    assertThat(r.unknown()).extracting(x -> x.item().paymentReference()).containsExactly("pi_x");
    assertThat(r.settledTwice()).singleElement().satisfies(x -> {
      assertThat(x.item().reference()).isEqualTo("txn_a2");
      assertThat(x.firstPayoutReference()).isEqualTo("po_1");
    });
    assertThat(r.unsettled()).extracting(ProviderPayment::reference).containsExactly("pi_d");
    assertThat(r.unbalanced()).extracting(s -> s.payout().reference()).containsExactly("po_1");
    assertThat(r.clean()).isFalse();
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> PayoutReconciliation.reconcile(List.of(pay("p", "1.00"), pay("p", "2.00")), List.of()))
        .isInstanceOf(BillingException.class).hasMessageContaining("payments").hasMessageContaining("p");
    assertThatThrownBy(() -> new PayoutItem("t", PayoutItem.Kind.PAYMENT, "p", inr("10.00"), inr("1.00"), inr("10.00")))
        .isInstanceOf(BillingException.class).hasMessageContaining("net").hasMessageContaining("9.00");
    assertThatThrownBy(() -> new PayoutItem("t", PayoutItem.Kind.PAYMENT, "p", inr("10.00"), inr("-1.00"),
        inr("11.00"))).isInstanceOf(BillingException.class).hasMessageContaining("fee");
    assertThatThrownBy(() -> new Payout("po", Money.of("USD", "1.00"), T, List.of(charge("t", "p", "1.00", "0.00"))))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH));
    Payout usd = new Payout("po_usd", Money.of("USD", "1.00"), T, List.of(PayoutItem.of("t", PayoutItem.Kind.PAYMENT,
        "p", Money.of("USD", "1.00"))));
    assertThatThrownBy(() -> PayoutReconciliation.reconcile(List.of(pay("p", "1.00")), List.of(usd)))
        .isInstanceOf(BillingException.class).hasMessageContaining("multi-currency");
    assertThatThrownBy(() -> PayoutReconciliation.reconcile(List.of(), List.of(usd, usd)))
        .isInstanceOf(BillingException.class).hasMessageContaining("payouts");
  }

  /**
   * Every row lands in exactly one list, every payment in exactly one of settled/unsettled, a
   * payment is settled at most once, and each payout's difference is its amount minus what it
   * explains.
   */
  @Test
  void noRowIsLostOrCountedTwice() {
    qt().forAll(lists().of(integers().between(1, 9)).ofSizeBetween(0, 8),
        lists().of(integers().between(0, 11)).ofSizeBetween(0, 16), integers().between(1, 4))
        .checkAssert((amounts, rows, payoutCount) -> {
          List<ProviderPayment> payments = new ArrayList<>();
          for (int i = 0; i < amounts.size(); i++) {
            payments.add(pay("pay_" + i, amounts.get(i) + ".00"));
          }
          List<List<PayoutItem>> items = new ArrayList<>();
          for (int k = 0; k < payoutCount; k++) {
            items.add(new ArrayList<>());
          }
          for (int j = 0; j < rows.size(); j++) {
            int target = rows.get(j);
            PayoutItem item = target == 11
                ? PayoutItem.of("txn_" + j, PayoutItem.Kind.REFUND, "re_" + j, inr("-1.00"))
                : charge("txn_" + j, "pay_" + target, (1 + j % 4) + ".00", j % 2 == 0 ? "0.00" : "0.50");
            items.get(j % payoutCount).add(item);
          }
          List<Payout> payouts = new ArrayList<>();
          for (int k = 0; k < payoutCount; k++) {
            Money net = Money.total(Money.currency("INR"), items.get(k).stream().map(PayoutItem::net).toList());
            payouts.add(new Payout("po_" + k, net, T.plusSeconds(k), items.get(k)));
          }
          PayoutReport r = PayoutReconciliation.reconcile(payments, payouts);
          assertThat(r.settled().size() + r.unknown().size() + r.settledTwice().size() + r.otherItems().size())
              .isEqualTo(rows.size());
          Set<String> rowIds = new HashSet<>();
          r.settled().forEach(x -> rowIds.add(x.item().reference()));
          r.unknown().forEach(x -> rowIds.add(x.item().reference()));
          r.settledTwice().forEach(x -> rowIds.add(x.item().reference()));
          r.otherItems().forEach(x -> rowIds.add(x.item().reference()));
          assertThat(rowIds).hasSize(rows.size());
          Set<String> settledPayments = new HashSet<>();
          r.settled().forEach(x -> assertThat(settledPayments.add(x.payment().reference())).isTrue());
          r.unsettled().forEach(p -> assertThat(settledPayments).doesNotContain(p.reference()));
          assertThat(settledPayments.size() + r.unsettled().size()).isEqualTo(payments.size());
          for (PayoutReport.PayoutSummary s : r.payouts()) {
            assertThat(s.difference()).isEqualTo(s.payout().amount().minus(s.explained()));
            assertThat(s.net()).isEqualTo(s.gross().minus(s.fees()));
          }
          // balanced everywhere exactly when every payment row is known, settled once, for its amount
          boolean exact = r.unknown().isEmpty() && r.settledTwice().isEmpty()
              && r.settled().stream().allMatch(x -> x.difference().isZero());
          if (exact) {
            assertThat(r.unbalanced()).isEmpty();
          }
        });
  }
}
