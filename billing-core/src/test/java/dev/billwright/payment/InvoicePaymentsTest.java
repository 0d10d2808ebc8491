package dev.billwright.payment;

import static dev.billwright.payment.PaymentFixtures.AT;
import static dev.billwright.payment.PaymentFixtures.creditNote;
import static dev.billwright.payment.PaymentFixtures.invoice;
import static dev.billwright.payment.PaymentFixtures.paid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.money.Money;
import dev.billwright.payment.webhook.PaymentEvent;
import dev.billwright.payment.webhook.PaymentEventType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvoicePaymentsTest {
  static Money inr(String s) {
    return Money.of("INR", s);
  }

  @Test
  void partialPaymentsAddUpAndPendingOnesDoNotCount() {
    Invoice inv = invoice("inv_1", "1000.00");
    Payment pending = new Payment("p3", "inv_1", inr("100.00"), PaymentStatus.PENDING, "pi_p3", AT, Optional.empty());
    InvoiceBalance half = InvoicePayments.DEFAULT.balance(inv, List.of(), List.of(paid("p1", "inv_1", "400.00"), pending),
        List.of());
    assertThat(half.status()).isEqualTo(SettlementStatus.PARTIALLY_PAID);
    assertThat(half.amountDue()).isEqualTo(inr("600.00"));
    assertThat(half.pending()).isEqualTo(inr("100.00"));
    InvoiceBalance full = InvoicePayments.DEFAULT.balance(inv, List.of(),
        List.of(paid("p1", "inv_1", "400.00"), paid("p2", "inv_1", "600.00")), List.of());
    assertThat(full.status()).isEqualTo(SettlementStatus.PAID);
    assertThat(full.amountDue().isZero()).isTrue();
    assertThat(InvoicePayments.settle(inv, full, AT).status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(InvoicePayments.settle(inv, half, AT).status()).isEqualTo(InvoiceStatus.FINALIZED);
  }

  @Test
  void aCreditNoteOnAPaidInvoiceIsAnOverpaymentUntilItsRefund() {
    Invoice inv = invoice("inv_2", "1000.00");
    CreditNote note = creditNote("cn_1", "inv_2", "l1", "200.00", AT);
    List<Payment> payments = List.of(paid("p1", "inv_2", "1000.00"));
    InvoiceBalance over = new InvoicePayments(OverpaymentPolicy.WALLET).balance(inv, List.of(note), payments, List.of());
    assertThat(over.status()).isEqualTo(SettlementStatus.OVERPAID);
    assertThat(over.overpayment()).isEqualTo(inr("200.00"));
    assertThat(InvoicePayments.overpaymentCredit(over)).contains(Map.entry(OverpaymentPolicy.WALLET, inr("200.00")));
    Refund refund = new Refund("r1", "p1", inr("200.00"), Optional.of("cn_1"), AT);
    InvoiceBalance settled = InvoicePayments.DEFAULT.balance(inv, List.of(note), payments, List.of(refund));
    assertThat(settled.status()).isEqualTo(SettlementStatus.PAID);
    assertThat(settled.overpayment().isZero()).isTrue();
    assertThat(settled.netPaid()).isEqualTo(inr("800.00"));
  }

  @Test
  void badRefundsAndForeignDocumentsAreRejected() {
    Invoice inv = invoice("inv_3", "100.00");
    List<Payment> payments = List.of(paid("p1", "inv_3", "100.00"));
    assertThatThrownBy(() -> InvoicePayments.DEFAULT.balance(inv, List.of(), payments,
        List.of(new Refund("r1", "p1", inr("60.00"), Optional.empty(), AT),
            new Refund("r2", "p1", inr("60.00"), Optional.empty(), AT))))
        .isInstanceOf(BillingException.class).hasMessageContaining("at most INR 40.00 left")
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_PAYMENT));
    assertThatThrownBy(() -> InvoicePayments.DEFAULT.balance(inv, List.of(), payments,
        List.of(new Refund("r1", "p9", inr("1.00"), Optional.empty(), AT))))
        .hasMessageContaining("a succeeded payment of invoice inv_3");
    assertThatThrownBy(() -> InvoicePayments.DEFAULT.balance(inv, List.of(), payments,
        List.of(new Refund("r1", "p1", inr("1.00"), Optional.of("cn_x"), AT))))
        .hasMessageContaining("a credit note of invoice inv_3");
    assertThatThrownBy(() -> InvoicePayments.DEFAULT.balance(inv, List.of(), List.of(paid("p1", "inv_9", "1.00")),
        List.of())).hasMessageContaining("invoice inv_3");
  }

  @Test
  void webhooksMoveAPendingPaymentAndRepeatsAreNoOps() {
    Payment p = new Payment("p1", "inv_1", inr("10.00"), PaymentStatus.PENDING, "pi_1", AT, Optional.empty());
    PaymentEvent failed = new PaymentEvent("evt_1", "stripe", "payment_intent.payment_failed",
        PaymentEventType.PAYMENT_FAILED, "pi_1", Optional.empty(), AT.plusSeconds(5), Optional.of("card_declined"),
        Map.of());
    PaymentEvent succeeded = new PaymentEvent("evt_2", "stripe", "payment_intent.succeeded",
        PaymentEventType.PAYMENT_SUCCEEDED, "pi_1", Optional.empty(), AT.plusSeconds(9), Optional.empty(), Map.of());
    Payment f = p.apply(failed);
    assertThat(f.status()).isEqualTo(PaymentStatus.FAILED);
    assertThat(f.failureReason()).contains("card_declined");
    assertThat(f.apply(failed)).isSameAs(f);
    Payment s = f.apply(succeeded); // retried with another card
    assertThat(s.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(s.failureReason()).isEmpty();
    assertThatThrownBy(() -> s.apply(failed)).isInstanceOf(BillingException.class)
        .hasMessageContaining("cannot move from SUCCEEDED to FAILED");
  }

  /** amount due − overpayment = total − credits − (payments − refunds), for any mix. */
  @Test
  void amountDueIsAlwaysTotalMinusCreditsMinusNetPayments() {
    qt().forAll(integers().between(1, 500_000), lists().of(integers().between(1, 200_000)).ofSizeBetween(0, 5),
        integers().between(0, 100), integers().between(0, 100)).checkAssert((totalPaise, paise, notePct, refundPct) -> {
          Invoice inv = invoice("inv_q", BigDecimal.valueOf(totalPaise, 2).toPlainString());
          Money total = inv.totals().total();
          long notePaise = totalPaise * (long) notePct / 100;
          List<CreditNote> notes = notePaise == 0 ? List.of()
              : List.of(creditNote("cn_q", "inv_q", "l1", BigDecimal.valueOf(notePaise, 2).toPlainString(), AT));
          List<Payment> payments = new ArrayList<>();
          List<Refund> refunds = new ArrayList<>();
          for (int i = 0; i < paise.size(); i++) {
            payments.add(paid("p" + i, "inv_q", BigDecimal.valueOf(paise.get(i), 2).toPlainString()));
            long r = paise.get(i) * (long) refundPct / 100;
            if (r > 0) {
              refunds.add(new Refund("r" + i, "p" + i, Money.of("INR", BigDecimal.valueOf(r, 2).toPlainString()), Optional.empty(), AT));
            }
          }
          InvoiceBalance b = InvoicePayments.DEFAULT.balance(inv, notes, payments, refunds);
          Money identity = total.minus(b.credits()).minus(b.paid().minus(b.refunded()));
          assertThat(b.amountDue().minus(b.overpayment())).isEqualTo(identity);
          assertThat(b.amountDue().isPositive() && b.overpayment().isPositive()).isFalse();
          assertThat(b.status() == SettlementStatus.OVERPAID).isEqualTo(b.overpayment().isPositive());
        });
  }
}
