package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.ManualLine;
import dev.billwright.billing.OneOffInvoices;
import dev.billwright.billing.TaxContext;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.PaymentTerms;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One-off invoices of manual lines, taxed through the tax SPI, numbered once per host key. */
class OneOffInvoicesTest {
  static final Instant AT = Instant.parse("2026-11-15T10:00:00Z");
  static final BillingPeriod DAY = BillingPeriod.ofDates(LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 16),
      ZoneOffset.UTC);
  static final InvoiceSeries SERIES = InvoiceSeries.of("ONE", "ONE-", 4);

  /** A flat 20 % VAT on every line, rounded per line (the SPI a host would plug in). */
  static final TaxCalculator VAT = request -> {
    List<TaxLine> lines = new ArrayList<>();
    for (TaxableLine l : request.lines()) {
      lines.add(new TaxLine(l.lineId(), "VAT", new BigDecimal("20"), l.taxableAmount(),
          RoundingPolicy.DEFAULT.round(l.taxableAmount().multipliedBy(new BigDecimal("0.20"))), true));
    }
    return TaxResult.of(request.currency(), lines, Optional.empty(), List.of());
  };

  static TaxContext vat() {
    TaxParty party = new TaxParty("acme", Optional.empty(), "GB", Optional.empty(), Optional.empty(), Map.of());
    return new TaxContext(party, party, VAT);
  }

  static OneOffInvoices.Request request(String key, String hours) {
    return new OneOffInvoices.Request(key, "cus_1", Optional.of("sub_1"), DAY, List.of(
        new ManualLine("setup", "Onboarding workshop", new BigDecimal(hours), Money.of("USD", "150.00"), "SVC"),
        new ManualLine("travel", "Travel expenses", BigDecimal.ONE, Money.of("USD", "89.995"), "")),
        AT, vat(), SERIES, Optional.of(PaymentTerms.net(14)), Map.of("po", "PO-7"));
  }

  /**
   * 2.5 h × 150.00 = 375.00, VAT 75.00; travel 89.995 rounds HALF_UP to 90.00, VAT 18.00;
   * total 375.00 + 90.00 + 75.00 + 18.00 = 558.00; due 15 + 14 = 29 November.
   */
  @Test
  void manualLinesAreTaxedNumberedAndDue() {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    InMemoryInvoiceNumberSequence numbers = new InMemoryInvoiceNumberSequence();
    Invoice inv = OneOffInvoices.DEFAULT.issue(request("wk-42", "2.5"), store, numbers);
    assertThat(inv.status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(inv.key().kind()).isEqualTo(InvoiceKind.ONE_OFF);
    assertThat(inv.number()).contains("ONE-0001");
    assertThat(inv.lines()).extracting(l -> l.amount()).containsExactly(Money.of("USD", "375.00"),
        Money.of("USD", "90.00"));
    assertThat(inv.totals().totalTax()).isEqualTo(Money.of("USD", "93.00"));
    assertThat(inv.totals().total()).isEqualTo(Money.of("USD", "558.00"));
    assertThat(inv.dueDate()).contains(LocalDate.of(2026, 11, 29));
    assertThat(inv.subscriptionIds()).containsExactly("sub_1");
    assertThat(inv.metadata()).containsEntry("po", "PO-7");
  }

  @Test
  void sameHostKeyIsIssuedOnce() {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    InMemoryInvoiceNumberSequence numbers = new InMemoryInvoiceNumberSequence();
    Invoice first = OneOffInvoices.DEFAULT.issue(request("wk-42", "2.5"), store, numbers);
    Invoice again = OneOffInvoices.DEFAULT.issue(request("wk-42", "2.5"), store, numbers);
    assertThat(again).isEqualTo(first);
    Invoice other = OneOffInvoices.DEFAULT.issue(request("wk-43", "1"), store, numbers);
    assertThat(other.number()).contains("ONE-0002");
    assertThatThrownBy(() -> OneOffInvoices.DEFAULT.issue(request("wk-42", "3"), store, numbers))
        .isInstanceOf(BillingException.class).hasMessageContaining("wk-42")
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
    // the rejected retry took no number
    assertThat(OneOffInvoices.DEFAULT.issue(request("wk-44", "1"), store, numbers).number()).contains("ONE-0003");
  }

  @Test
  void aDraftLeftByAnInterruptedCallIsFinalized() {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    store.insertIfAbsent(OneOffInvoices.DEFAULT.draft(request("wk-42", "2.5")));
    Invoice inv = OneOffInvoices.DEFAULT.issue(request("wk-42", "2.5"), store, new InMemoryInvoiceNumberSequence());
    assertThat(inv.status()).isEqualTo(InvoiceStatus.FINALIZED);
    assertThat(store.find(inv.key())).contains(inv);
  }

  @Test
  void badRequestsAreRejectedBeforeAnythingIsStored() {
    assertThatThrownBy(() -> new ManualLine("x", " ", BigDecimal.ONE, Money.of("USD", "1"), ""))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
    assertThatThrownBy(() -> new OneOffInvoices.Request("k", "cus_1", Optional.empty(), DAY, List.of(
        new ManualLine("a", "A", BigDecimal.ONE, Money.of("USD", "1"), ""),
        new ManualLine("a", "B", BigDecimal.ONE, Money.of("USD", "1"), "")), AT, TaxContext.none(), SERIES,
        Optional.empty(), Map.of())).hasMessageContaining("distinct codes");
    assertThatThrownBy(() -> new OneOffInvoices.Request("k", "cus_1", Optional.empty(), DAY, List.of(
        new ManualLine("a", "A", BigDecimal.ONE, Money.of("USD", "1"), ""),
        new ManualLine("b", "B", BigDecimal.ONE, Money.of("EUR", "1"), "")), AT, TaxContext.none(), SERIES,
        Optional.empty(), Map.of())).extracting(e -> ((BillingException) e).code())
        .isEqualTo(ErrorCode.CURRENCY_MISMATCH);
    assertThatThrownBy(() -> new OneOffInvoices.Request("a|b", "cus_1", Optional.empty(), DAY, List.of(
        new ManualLine("a", "A", BigDecimal.ONE, Money.of("USD", "1"), "")), AT, TaxContext.none(), SERIES,
        Optional.empty(), Map.of())).hasMessageContaining("without '|'");
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    TaxContext failing = new TaxContext(vat().supplier(), vat().customer(), r -> {
      throw new BillingException(ErrorCode.TAX_NOT_DETERMINED, "no rate");
    });
    OneOffInvoices.Request r = new OneOffInvoices.Request("k", "cus_1", Optional.empty(), DAY, List.of(
        new ManualLine("a", "A", BigDecimal.ONE, Money.of("USD", "1"), "")), AT, failing, SERIES,
        Optional.empty(), Map.of());
    assertThatThrownBy(() -> OneOffInvoices.DEFAULT.issue(r, store, new InMemoryInvoiceNumberSequence()))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.TAX_NOT_DETERMINED);
    assertThat(store.find(r.key())).isEmpty();
  }
}
