package dev.billwright.examples.cli;

import dev.billwright.examples.data.Customer;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceTotals;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import dev.billwright.time.BillingPeriod;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The readable text of an invoice: header, lines with tax and explanations, totals. */
final class InvoiceText {
  static final String RULE = "-".repeat(117);

  private InvoiceText() {}

  static String render(Invoice invoice, Customer customer, ZoneId zone, boolean explain, List<String> notes) {
    List<String> out = new ArrayList<>();
    out.add("=".repeat(117));
    String number = invoice.number().orElse("DRAFT " + invoice.id());
    out.add(number + "   " + invoice.status().name().toLowerCase(Locale.ROOT) + "   " + invoice.currency().getCurrencyCode()
        + "   issued " + invoice.issuedAt().atZone(zone).toLocalDate() + "   key " + invoice.key().kind().name()
        .toLowerCase(Locale.ROOT));
    if (customer != null) {
      out.add("Bill to: " + customer.party().legalName() + " (" + customer.id() + ")"
          + customer.party().gstin().map(g -> ", GSTIN " + g).orElse(customer.party().country().equals("IN")
              ? ", unregistered (B2C)" : "")
          + customer.party().stateCode().map(s -> ", state " + s).orElse("")
          + (customer.party().sez() ? ", SEZ" : ""));
    }
    out.add("Subscription " + String.join(", ", invoice.subscriptionIds()) + ", period " + period(invoice.period(), zone));
    out.add(RULE);
    out.add(" # " + Text.pad("Description", 46) + Text.pad("Service period", 30) + Text.left("Quantity", 11)
        + Text.left("Amount", 13) + Text.left("Discount", 11) + Text.left("Taxable", 13));
    int n = 0;
    for (InvoiceLine l : invoice.lines()) {
      n++;
      out.add(Text.left(Integer.toString(n), 2) + " " + Text.pad(clip(l.description(), 45), 46)
          + Text.pad(period(l.servicePeriod(), zone), 30)
          + Text.left(Text.number(l.quantity().stripTrailingZeros()), 11)
          + Text.left(Text.amount(l.amount()), 13)
          + Text.left(l.discountAmount().isZero() ? "" : Text.amount(l.discountAmount().negated()), 11)
          + Text.left(Text.amount(l.taxableAmount()), 13));
      if (!l.taxLines().isEmpty()) {
        StringBuilder b = new StringBuilder();
        for (TaxLine t : l.taxLines()) {
          if (b.length() > 0) {
            b.append(" · ");
          }
          b.append(t.head()).append(' ').append(t.ratePercent().stripTrailingZeros().toPlainString()).append(" % ")
              .append(Text.amount(t.taxAmount()));
          if (!t.collectible()) {
            b.append(" (reverse charge)");
          }
        }
        out.add("     " + (l.taxCode().isEmpty() ? "" : l.taxCode() + "  ") + b);
      }
      if (explain && l.kind() == LineKind.USAGE) {
        out.addAll(Explain.lines(l.explanation(), "       "));
      }
    }
    out.add(RULE);
    InvoiceTotals t = invoice.totals();
    total(out, "Subtotal", t.subtotal());
    if (!t.discountTotal().isZero()) {
      total(out, "Discount" + discountNames(invoice), t.discountTotal().negated());
    }
    total(out, "Taxable value", t.taxableTotal());
    for (Map.Entry<String, Money> e : t.taxByHead().entrySet()) {
      total(out, e.getKey(), e.getValue());
    }
    total(out, "Total", t.total());
    for (AppliedCredit c : invoice.creditsApplied()) {
      total(out, "Prepaid credit " + c.sourceId(), c.amount().negated());
    }
    total(out, "Amount due", t.amountDue());
    for (String note : notes) {
      out.add("  " + note);
    }
    return String.join("\n", out) + "\n";
  }

  private static String discountNames(Invoice invoice) {
    List<String> ids = invoice.discountLines().stream().map(d -> d.couponId()).distinct().toList();
    return ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")";
  }

  private static void total(List<String> out, String label, Money amount) {
    out.add(Text.left(label, 97) + Text.left(Text.amount(amount), 20));
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  static String period(BillingPeriod p, ZoneId zone) {
    ZonedDateTime s = p.start().atZone(zone);
    ZonedDateTime e = p.end().atZone(zone);
    String from = s.toLocalDate() + (s.toLocalTime().equals(LocalTime.MIDNIGHT) ? "" : " " + s.toLocalTime());
    String to = e.toLocalTime().equals(LocalTime.MIDNIGHT) ? e.toLocalDate().minusDays(1).toString()
        : e.toLocalDate() + " " + e.toLocalTime() + " (excl.)";
    return from + " – " + to;
  }

  /**
   * The readable text of a credit note against one of the run's invoices; its notes (place of
   * supply and its basis, reverse charge) are those of the credited invoice, as the note carries
   * them.
   */
  static String renderCreditNote(dev.billwright.invoice.CreditNote cn, Invoice original, Customer customer, ZoneId zone) {
    List<String> out = new ArrayList<>();
    out.add("=".repeat(117));
    out.add(cn.number().orElse(cn.id()) + "   credit note   " + cn.currency().getCurrencyCode() + "   issued "
        + cn.issuedAt().atZone(zone).toLocalDate() + "   against " + original.number().orElse(original.id())
        + " of " + original.issuedAt().atZone(zone).toLocalDate() + " (CGST Act s.34)");
    if (customer != null) {
      out.add("Credit to: " + customer.party().legalName() + " (" + customer.id() + ")"
          + customer.party().gstin().map(g -> ", GSTIN " + g).orElse(""));
    }
    out.add("Reason: " + cn.reason().name().toLowerCase(Locale.ROOT) + " - " + cn.reasonText());
    out.add(RULE);
    out.add(" # " + Text.pad("Credited line", 76) + Text.left("Taxable", 13) + Text.left("Tax", 13));
    int n = 0;
    for (dev.billwright.invoice.CreditNoteLine l : cn.lines()) {
      n++;
      String description = original.line(l.invoiceLineId()).map(InvoiceLine::description).orElse(l.invoiceLineId());
      out.add(Text.left(Integer.toString(n), 2) + " " + Text.pad(clip(description, 75), 76)
          + Text.left(Text.amount(l.taxableAmount()), 13) + Text.left(Text.amount(l.taxAmount()), 13));
      StringBuilder b = new StringBuilder();
      for (TaxLine t : l.taxLines()) {
        if (b.length() > 0) {
          b.append(" · ");
        }
        b.append(t.head()).append(' ').append(t.ratePercent().stripTrailingZeros().toPlainString()).append(" % ")
            .append(Text.amount(t.taxAmount()));
      }
      if (b.length() > 0) {
        out.add("     " + b + "  (the original invoice's rates)");
      }
    }
    out.add(RULE);
    total(out, "Taxable value", cn.taxableTotal());
    cn.taxByHead().forEach((head, amount) -> total(out, head, amount));
    total(out, "Total credited", cn.total());
    cn.taxDecision().ifPresent(d -> d.notes().forEach(note -> out.add("  " + note)));
    return String.join("\n", out) + "\n";
  }
}
