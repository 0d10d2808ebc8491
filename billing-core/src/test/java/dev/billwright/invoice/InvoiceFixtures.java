package dev.billwright.invoice;

import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.TaxLine;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders of lines and invoices for tests. */
final class InvoiceFixtures {
  static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  static final BillingPeriod OCTOBER = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), KOLKATA);
  static final Instant ISSUED = Instant.parse("2026-10-31T18:30:00Z");
  static final BigDecimal NINE = new BigDecimal("9");

  private InvoiceFixtures() {}

  static InvoiceLine line(String sub, String charge, LineKind kind, String exact) {
    return line(sub, charge, kind, exact, Map.of());
  }

  static InvoiceLine line(String sub, String charge, LineKind kind, String exact, Map<String, String> group) {
    return InvoiceLine.builder()
        .lineId(InvoiceLine.lineIdOf(sub, charge, group, kind))
        .subscriptionId(sub)
        .chargeCode(charge)
        .description(charge)
        .kind(kind)
        .servicePeriod(OCTOBER)
        .putAllGroupKey(group)
        .exactAmount(Money.of("INR", exact), RoundingPolicy.DEFAULT)
        .taxCode("998314")
        .build();
  }

  /**
   * Intra-state GST at 18 %: CGST 9 % and SGST 9 %, each rounded per line per head (GST
   * reference notes §1.4: "CGST = round(taxable × rate/2), SGST = the same number").
   */
  static List<TaxLine> gst(InvoiceLine line) {
    Money tax = RoundingPolicy.DEFAULT.round(line.taxableAmount().multipliedBy(new BigDecimal("0.09")));
    return List.of(
        new TaxLine(line.lineId(), "CGST", NINE, line.taxableAmount(), tax, true),
        new TaxLine(line.lineId(), "SGST", NINE, line.taxableAmount(), tax, true));
  }

  static List<InvoiceLine> withGst(List<InvoiceLine> lines) {
    List<InvoiceLine> out = new ArrayList<>();
    for (InvoiceLine l : lines) {
      out.add(l.withTax(gst(l)));
    }
    return out;
  }

  static Invoice draft(String id, String sub, List<InvoiceLine> lines) {
    return Invoice.builder()
        .id(id)
        .key(InvoiceKey.of(sub, OCTOBER, InvoiceKind.PERIOD))
        .customerId("cus_1")
        .addSubscriptionIds(sub)
        .currency(Money.currency("INR"))
        .addAllLines(lines)
        .issuedAt(ISSUED)
        .build();
  }

  static Invoice finalized(String id, List<InvoiceLine> lines) {
    return InvoiceLifecycle.finalize(draft(id, "sub_1", withGst(lines)), "INV/26-27/000001", ISSUED);
  }
}
