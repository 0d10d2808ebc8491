package dev.billwright.testkit.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.DiscountCalculator;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxResult;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Java example of docs/invoicing.md, kept compiling and checked here. */
class InvoicingDocExampleTest {
  @Test
  void docExample() {
    // --- example start
    BillingPeriod october = BillingPeriod.ofDates(
        LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), ZoneId.of("Asia/Kolkata"));
    Instant now = Instant.parse("2026-11-01T00:05:00Z");

    InvoiceLine fee = InvoiceLine.builder()
        .lineId(InvoiceLine.lineIdOf("sub_1", "pro_plan", Map.of(), LineKind.RECURRING_FEE))
        .subscriptionId("sub_1")
        .chargeCode("pro_plan")
        .description("Pro plan")
        .kind(LineKind.RECURRING_FEE)
        .servicePeriod(october)
        .exactAmount(Money.of("INR", "1499"), RoundingPolicy.DEFAULT)   // rounded per line
        .taxCode("998314")
        .build();

    Invoice draft = Invoice.builder()
        .id("inv_1")
        .key(InvoiceKey.of("sub_1", october, InvoiceKind.PERIOD))     // idempotency key
        .customerId("cus_1")
        .addSubscriptionIds("sub_1")
        .currency(Money.currency("INR"))
        .addLines(fee)
        .issuedAt(now)
        .build();

    // Coupons before tax, then tax lines from the tax SPI (here: CGST + SGST 9 % by hand).
    draft = DiscountCalculator.DEFAULT.applyTo(draft,
        List.of(Coupon.percentage("welcome10", BigDecimal.TEN, CouponDuration.repeating(3))));
    InvoiceLine line = draft.lines().get(0);                              // taxable 1349.10
    Money head = Money.of("INR", "121.42");                                // round(1349.10 × 9 %)
    TaxResult tax = TaxResult.of(draft.currency(), List.of(
        new TaxLine(line.lineId(), "CGST", new BigDecimal("9"), line.taxableAmount(), head, true),
        new TaxLine(line.lineId(), "SGST", new BigDecimal("9"), line.taxableAmount(), head, true)),
        Optional.empty(), List.of());
    draft = InvoiceLifecycle.applyTax(draft, tax);

    // Idempotent insert: a second bill run for the same period gets the same invoice back.
    InvoiceStore store = new InMemoryInvoiceStore();
    Invoice stored = store.insertIfAbsent(draft);

    // Finalize with a gap-free number of the financial year's series.
    InvoiceNumberSequence numbers = new InMemoryInvoiceNumberSequence();
    InvoiceSeries series = InvoiceSeries.indianFinancialYear("INV", LocalDate.of(2026, 11, 1), 6);
    Invoice finalized = InvoiceLifecycle.finalize(stored, numbers.nextNumber(series), now);
    store.compareAndSet(stored, finalized);

    // A partial credit note, tax reversed at the original rates.
    CreditNote note = CreditNoteCalculator.DEFAULT.issue("cn_1", finalized, List.of(),
        List.of(CreditRequest.partial(line.lineId(), Money.of("INR", "449.70"))),
        CreditNoteReason.PRODUCT_UNSATISFACTORY, "outage on 12 October", now);
    // --- example end

    assertThat(finalized.number()).contains("INV/26-27/000001");
    assertThat(finalized.totals().total()).isEqualTo(Money.of("INR", "1591.94"));
    assertThat(note.total()).isEqualTo(Money.of("INR", "530.64"));
    assertThat(store.insertIfAbsent(draft)).isEqualTo(finalized);
  }
}
