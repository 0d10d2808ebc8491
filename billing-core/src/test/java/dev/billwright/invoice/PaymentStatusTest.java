package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static dev.billwright.invoice.InvoiceFixtures.withGst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentStatusTest {
  /** 2026-10-31T18:30Z is 2026-11-01 00:00 in Kolkata, the invoices' zone. */
  private static final Instant FINALIZED = ISSUED;

  private static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  private static Invoice open(PaymentTerms terms) {
    Invoice d = draft("inv_1", "sub_1", withGst(List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000"))));
    return InvoiceLifecycle.finalize(d, "INV-1", FINALIZED, terms);
  }

  private static Instant kolkata(String local) {
    return java.time.LocalDateTime.parse(local).atZone(InvoiceFixtures.KOLKATA).toInstant();
  }

  @Test
  void termsParseAndSetTheDueDate() {
    assertThat(PaymentTerms.parse("net_30")).isEqualTo(PaymentTerms.net(30));
    assertThat(PaymentTerms.parse("P30D")).isEqualTo(PaymentTerms.net(30));
    assertThat(PaymentTerms.parse("due_on_finalization")).isEqualTo(PaymentTerms.net(0));
    assertThat(PaymentTerms.parse(PaymentTerms.net(45).toString())).isEqualTo(PaymentTerms.net(45));
    for (String bad : new String[] {"net30", "P1M", "net_-1", "", "net_99999"}) {
      assertThatThrownBy(() -> PaymentTerms.parse(bad)).isInstanceOf(BillingException.class)
          .hasMessageContaining("payment_terms").extracting(e -> ((BillingException) e).code())
          .isEqualTo(ErrorCode.INVALID_VALUE);
    }
    // finalized 2026-11-01 (Kolkata) + 30 days = 2026-12-01
    assertThat(open(PaymentTerms.net(30)).dueDate()).contains(LocalDate.of(2026, 12, 1));
  }

  /**
   * Lago docs "Payment terms" (getlago.com/docs/guide/invoicing/invoicing-settings/payment-term):
   * an invoice dated April 10, 2026 with "Net days, 30 days (Net 30)" is due May 10, 2026, and
   * "Due on receipt" on April 10, 2026; Lago docs "Net payment term": once the due date has
   * passed the invoice is flagged overdue.
   */
  @Test
  void lagoNetThirtyExample() {
    Instant april10 = kolkata("2026-04-10T12:00:00");
    Invoice d = draft("inv_1", "sub_1", List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000")));
    Invoice net30 = InvoiceLifecycle.finalize(d, "INV-1", april10, PaymentTerms.parse("net_30"));
    assertThat(net30.dueDate()).contains(LocalDate.of(2026, 5, 10));
    assertThat(InvoiceLifecycle.finalize(d, "INV-1", april10, PaymentTerms.parse("due_on_finalization")).dueDate())
        .contains(LocalDate.of(2026, 4, 10));
    assertThat(PaymentStatus.of(net30, kolkata("2026-05-10T23:00:00"))).isEqualTo(PaymentStatus.DUE);
    assertThat(PaymentStatus.of(net30, kolkata("2026-05-11T00:00:00"))).isEqualTo(PaymentStatus.OVERDUE);
  }

  @Test
  void statusAsOfAnInstant() {
    Invoice inv = open(PaymentTerms.net(30));
    Invoice d = draft("inv_1", "sub_1", List.of(line("sub_1", "base", LineKind.RECURRING_FEE, "1000")));
    assertThat(PaymentStatus.of(d, FINALIZED)).isEqualTo(PaymentStatus.DRAFT);
    assertThat(PaymentStatus.of(inv, FINALIZED.minusSeconds(1))).isEqualTo(PaymentStatus.DRAFT);
    assertThat(PaymentStatus.of(inv, FINALIZED)).isEqualTo(PaymentStatus.DUE);
    assertThat(PaymentStatus.of(inv, kolkata("2026-12-01T23:59:59"))).isEqualTo(PaymentStatus.DUE);
    assertThat(PaymentStatus.of(inv, kolkata("2026-12-02T00:00:00"))).isEqualTo(PaymentStatus.OVERDUE);
    Instant paidAt = kolkata("2026-12-10T10:00:00");
    Invoice paid = InvoiceLifecycle.markPaid(inv, paidAt);
    assertThat(PaymentStatus.of(paid, paidAt.minusSeconds(1))).isEqualTo(PaymentStatus.OVERDUE);
    assertThat(PaymentStatus.of(paid, paidAt)).isEqualTo(PaymentStatus.PAID);
    Instant voidAt = kolkata("2026-11-05T00:00:00");
    assertThat(PaymentStatus.of(InvoiceLifecycle.voidInvoice(inv, voidAt), voidAt)).isEqualTo(PaymentStatus.VOID);
    Invoice bad = InvoiceLifecycle.markUncollectible(inv, voidAt);
    assertThat(PaymentStatus.of(bad, voidAt)).isEqualTo(PaymentStatus.UNCOLLECTIBLE);
    assertThat(PaymentStatus.of(bad, voidAt.minusSeconds(1))).isEqualTo(PaymentStatus.DUE);
    // no terms: never overdue
    Invoice noTerms = InvoiceLifecycle.finalize(d, "INV-1", FINALIZED);
    assertThat(PaymentStatus.of(noTerms, FINALIZED.plus(Duration.ofDays(3650)))).isEqualTo(PaymentStatus.DUE);
    assertThatThrownBy(() -> PaymentStatus.of(inv, null)).isInstanceOf(BillingException.class);
  }

  @Test
  void creditedOrPaidInFullIsPaidAndPendingNotesChangeNothing() {
    Invoice inv = open(PaymentTerms.net(0));
    Instant late = kolkata("2026-11-20T00:00:00");
    String base = InvoiceLine.lineIdOf("sub_1", "base", Map.of(), LineKind.RECURRING_FEE);
    CreditNote all = CreditNoteCalculator.DEFAULT.issue("cn_1", inv, List.of(), List.of(CreditRequest.full(base)),
        CreditNoteReason.OTHER, "", FINALIZED);
    assertThat(PaymentStatus.of(inv, List.of(all), inr("0"), late)).isEqualTo(PaymentStatus.PAID);
    CreditNote pending = all.pendingApproval();
    assertThat(PaymentStatus.of(inv, List.of(pending), inr("0"), late)).isEqualTo(PaymentStatus.OVERDUE);
    assertThat(PaymentStatus.of(inv, List.of(), inr("1180.00"), late)).isEqualTo(PaymentStatus.PAID);
    assertThat(PaymentStatus.of(inv, List.of(), inr("1179.99"), late)).isEqualTo(PaymentStatus.OVERDUE);
  }

  @Test
  void jsonShowsDueDateAndStatus() {
    Invoice inv = open(PaymentTerms.net(30));
    var json = InvoiceJson.writeAsOf(inv, List.of(), inr("100.00"), kolkata("2026-12-05T00:00:00"));
    assertThat(json.get("due_date").asText()).isEqualTo("2026-12-01");
    assertThat(json.get("as_of").get("payment_status").asText()).isEqualTo("overdue");
    assertThat(json.get("as_of").get("amount_remaining").asText()).isEqualTo("1080.00");
    assertThat(InvoiceJson.read(JsonObjectReader.root(json, "test"))).isEqualTo(inv);
  }

  /** Overdue exactly when the as-of date in the invoice's zone is after finalization date + N. */
  @Test
  void overdueIffPastTheNetDays() {
    qt().forAll(integers().between(0, 120), integers().between(0, 200 * 24))
        .checkAssert((days, hours) -> {
          Invoice inv = open(PaymentTerms.net(days));
          Instant asOf = FINALIZED.plus(Duration.ofHours(hours));
          boolean past = asOf.atZone(InvoiceFixtures.KOLKATA).toLocalDate()
              .isAfter(LocalDate.of(2026, 11, 1).plusDays(days));
          assertThat(PaymentStatus.of(inv, asOf)).isEqualTo(past ? PaymentStatus.OVERDUE : PaymentStatus.DUE);
        });
  }
}
