package dev.billwright.payments.razorpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import dev.billwright.payment.Payout;
import dev.billwright.payment.PayoutItem;
import dev.billwright.payment.PayoutReconciliation;
import dev.billwright.payment.PayoutReport;
import dev.billwright.payment.ProviderPayment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Rows in the shape of Razorpay's "Fetch Settlement Recon Details" response example (the
 * payment {@code pay_DEXrnipqTmWVGE}: amount 100000, fee 2900, credit 97100; the refund
 * {@code rfnd_DGRcGzZSLyEdg1}: debit 242500), settlement {@code setl_DGlQ1Rj8os78Ec}. The
 * settlement's amount and the second payment are derived so that the rows add up.
 */
class RazorpaySettlementsTest {
  static final String PAYMENT = "{\"entity_id\": \"pay_DEXrnipqTmWVGE\", \"type\": \"payment\", \"debit\": 0,"
      + " \"credit\": 97100, \"amount\": 100000, \"currency\": \"INR\", \"fee\": 2900, \"tax\": 0, \"on_hold\": false,"
      + " \"settled\": true, \"created_at\": 1567692556, \"settled_at\": 1568176960,"
      + " \"settlement_id\": \"setl_DGlQ1Rj8os78Ec\", \"order_id\": \"order_DEXrnRiR3SNDHA\", \"method\": \"card\"}";
  static final String REFUND = "{\"entity_id\": \"rfnd_DGRcGzZSLyEdg1\", \"type\": \"refund\", \"debit\": 242500,"
      + " \"credit\": 0, \"amount\": 242500, \"currency\": \"INR\", \"fee\": 0, \"tax\": 0, \"settled\": true,"
      + " \"created_at\": 1568107224, \"settled_at\": 1568176960, \"settlement_id\": \"setl_DGlQ1Rj8os78Ec\","
      + " \"payment_id\": \"pay_DEXq1pACSqFxtS\"}";
  static final String BIG = "{\"entity_id\": \"pay_Big\", \"type\": \"payment\", \"debit\": 0, \"credit\": 490000,"
      + " \"amount\": 500000, \"currency\": \"INR\", \"fee\": 10000, \"tax\": 1525, \"settlement_id\": \"setl_DGlQ1Rj8os78Ec\"}";
  static final String OTHER = "{\"entity_id\": \"pay_Other\", \"type\": \"payment\", \"debit\": 0, \"credit\": 100,"
      + " \"amount\": 100, \"currency\": \"INR\", \"fee\": 0, \"tax\": 0, \"settlement_id\": \"setl_Other\"}";
  static final String SETTLEMENT = "{\"id\": \"setl_DGlQ1Rj8os78Ec\", \"entity\": \"settlement\", \"amount\": 344600,"
      + " \"status\": \"processed\", \"fees\": 12900, \"tax\": 1525, \"utr\": \"1568176960vxp0rj\","
      + " \"created_at\": 1568176960}";

  @Test
  void aSettlementOfTheDocumentedRowsReconciles() {
    Payout p = RazorpaySettlements.payout(new JSONObject(SETTLEMENT), List.of(new JSONObject(PAYMENT),
        new JSONObject(REFUND), new JSONObject(BIG), new JSONObject(OTHER)));
    assertThat(p.reference()).isEqualTo("setl_DGlQ1Rj8os78Ec");
    assertThat(p.amount()).isEqualTo(Money.of("INR", "3446.00"));
    assertThat(p.at()).isEqualTo(Instant.ofEpochSecond(1568176960L));
    assertThat(p.items()).extracting(PayoutItem::reference)
        .containsExactly("pay_DEXrnipqTmWVGE", "rfnd_DGRcGzZSLyEdg1", "pay_Big");
    assertThat(p.items().get(1).gross()).isEqualTo(Money.of("INR", "-2425.00"));
    assertThat(p.items().get(1).kind()).isEqualTo(PayoutItem.Kind.REFUND);

    Instant t = Instant.ofEpochSecond(1567692556L);
    PayoutReport r = PayoutReconciliation.reconcile(List.of(
        new ProviderPayment("pay_DEXrnipqTmWVGE", Money.of("INR", "1000.00"), t, Map.of()),
        new ProviderPayment("pay_Big", Money.of("INR", "5000.00"), t, Map.of())), List.of(p));
    PayoutReport.PayoutSummary s = r.payouts().get(0);
    assertThat(s.fees()).isEqualTo(Money.of("INR", "129.00")); // the settlement's own "fees": 12900
    assertThat(s.balanced()).isTrue();
    assertThat(r.clean()).isTrue();
  }

  @Test
  void rowsThatDoNotAddUpOrLackAFieldAreRejected() {
    JSONObject wrong = new JSONObject(PAYMENT).put("credit", 97000);
    assertThatThrownBy(() -> RazorpaySettlements.item(wrong)).isInstanceOf(BillingException.class)
        .hasMessageContaining("net");
    JSONObject missing = new JSONObject(PAYMENT);
    missing.remove("fee");
    assertThatThrownBy(() -> RazorpaySettlements.item(missing)).isInstanceOf(BillingException.class)
        .hasMessageContaining("fee").hasMessageContaining("pay_DEXrnipqTmWVGE");
  }
}
