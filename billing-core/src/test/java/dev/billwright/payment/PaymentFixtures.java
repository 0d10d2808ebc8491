package dev.billwright.payment;

import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

final class PaymentFixtures {
  static final BillingPeriod OCTOBER = BillingPeriod.parse("2026-10-01T00:00Z/2026-11-01T00:00Z");
  static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

  private PaymentFixtures() {}

  static Invoice invoice(String id, String amount) {
    return invoice(id, List.of(InvoiceLine.builder().lineId("l1").chargeCode("fee").kind(LineKind.RECURRING_FEE)
        .servicePeriod(OCTOBER).exactAmount(Money.of("INR", amount), RoundingPolicy.DEFAULT).build()));
  }

  static Invoice invoice(String id, List<InvoiceLine> lines) {
    Invoice draft = Invoice.builder().id(id).key(InvoiceKey.of("sub_" + id, OCTOBER, InvoiceKind.PERIOD))
        .customerId("cus_1").currency(Currency.getInstance("INR")).addAllLines(lines).issuedAt(OCTOBER.end()).build();
    return InvoiceLifecycle.finalize(draft, "INV-" + id, OCTOBER.end());
  }

  static CreditNote creditNote(String id, String invoiceId, String lineId, String amount, Instant issuedAt) {
    return new CreditNote(id, Optional.empty(), invoiceId, Currency.getInstance("INR"),
        CreditNoteReason.ORDER_CHANGE, "", List.of(new CreditNoteLine(lineId, Money.of("INR", amount), List.of())),
        CreditNoteStatus.ISSUED, issuedAt, CreditNoteOrigin.MANUAL);
  }

  static Payment paid(String id, String invoiceId, String amount) {
    return new Payment(id, invoiceId, Money.of("INR", amount), PaymentStatus.SUCCEEDED, "pi_" + id, AT,
        Optional.empty());
  }
}
