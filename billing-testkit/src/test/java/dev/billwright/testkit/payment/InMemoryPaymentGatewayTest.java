package dev.billwright.testkit.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.memory.InMemoryPaymentGateway;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.payment.InvoiceCollection;
import dev.billwright.payment.PaymentGateway;
import dev.billwright.payment.PaymentResult;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryPaymentGatewayTest extends PaymentGatewayContractTest {
  static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

  @Override
  protected PaymentGateway gateway() {
    return new InMemoryPaymentGateway(Set.of("cus_declined"), AT);
  }

  @Override
  protected long collectionsFor(PaymentGateway gateway, String idempotencyKey) {
    return ((InMemoryPaymentGateway) gateway).operationsFor(idempotencyKey);
  }

  static Invoice invoice(String customer) {
    BillingPeriod october = BillingPeriod.parse("2026-10-01T00:00Z/2026-11-01T00:00Z");
    InvoiceKey key = InvoiceKey.of("sub_" + customer, october, InvoiceKind.PERIOD);
    Invoice draft = Invoice.builder().id("inv_" + customer).key(key).customerId(customer).currency(Currency.getInstance("INR"))
        .addLines(InvoiceLine.builder().lineId("l1").chargeCode("fee").kind(LineKind.RECURRING_FEE)
            .servicePeriod(october).exactAmount(Money.of("INR", "1000.00"), RoundingPolicy.DEFAULT).build())
        .issuedAt(october.end()).build();
    return InvoiceLifecycle.finalize(draft, "INV-1", october.end());
  }

  @Test
  void collectionMarksPaidOnSuccessAndNeverChargesTwice() {
    InMemoryPaymentGateway gateway = new InMemoryPaymentGateway(Set.of("cus_declined"), AT);
    InvoiceCollection collection = new InvoiceCollection(gateway);
    InvoiceCollection.Outcome ok = collection.collect(invoice("cus_ok"));
    assertThat(ok.invoice().status()).isEqualTo(InvoiceStatus.PAID);
    assertThat(ok.invoice().paidAt()).contains(AT);
    collection.collect(invoice("cus_ok"));
    assertThat(gateway.collected()).hasSize(1);
    assertThat(gateway.collected().get(0).amount()).isEqualTo(Money.of("INR", "1000.00"));

    InvoiceCollection.Outcome declined = collection.collect(invoice("cus_declined"));
    assertThat(declined.invoice().status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(declined.result().orElseThrow().status()).isEqualTo(PaymentResult.Status.FAILED);
  }

  @Test
  void onlyFinalizedInvoicesAreCollected() {
    Invoice paid = InvoiceLifecycle.markPaid(invoice("cus_ok"), AT);
    assertThatThrownBy(() -> new InvoiceCollection(gateway()).collect(paid))
        .isInstanceOf(BillingException.class).hasMessageContaining("a finalized invoice");
  }
}
