package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.DiscountLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceTotals;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import dev.billwright.time.BillingPeriod;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generic (non-GST) invoice shows, laid out as the invoices customers know from Stripe's
 * hosted invoice page and PDF: invoice number, date of issue and date due, the seller and the
 * bill-to party, the amount due in large type, a line table (description with service period,
 * quantity, unit price, amount) with each usage line's breakdown, then subtotal, discounts, tax per
 * head and rate, total, credits applied and amount due. Amounts are printed with Western grouping
 * at the currency's minor digits (never rounded here: an amount with more decimals is shown at
 * its own scale).
 */
public final class InvoiceView {
  private final Invoice invoice;
  private final DocumentParty seller;
  private final DocumentParty billTo;
  private final ZoneId zone;

  private InvoiceView(Invoice invoice, DocumentParty seller, DocumentParty billTo, ZoneId zone) {
    this.invoice = invoice;
    this.seller = seller;
    this.billTo = billTo;
    this.zone = zone;
  }

  /**
   * Returns the view of an invoice.
   *
   * @param invoice the invoice, not null
   * @param seller the seller, not null
   * @param billTo the customer billed, not null
   * @param zone the zone in which dates and service periods are shown, not null
   * @return the view, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if an argument is null
   */
  public static InvoiceView of(Invoice invoice, DocumentParty seller, DocumentParty billTo, ZoneId zone) {
    if (invoice == null || seller == null || billTo == null || zone == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "invoice_view", null,
          "an invoice, a seller, a bill-to party and a zone");
    }
    return new InvoiceView(invoice, seller, billTo, zone);
  }

  /**
   * Returns the invoice shown.
   *
   * @return the invoice, never null
   */
  public Invoice invoice() {
    return invoice;
  }

  /**
   * Returns the invoice number, or {@code DRAFT} and the id of a draft.
   *
   * @return the number, never null
   */
  public String number() {
    return invoice.number().orElse("DRAFT " + invoice.id());
  }

  /**
   * Returns the date of issue, such as {@code 1 November 2026}.
   *
   * @return the date, never null
   */
  public String dateOfIssue() {
    return Formats.LONG_DATE.format(invoice.issuedAt().atZone(zone).toLocalDate());
  }

  /**
   * Returns the date due, or empty when the invoice has none.
   *
   * @return the date, never null
   */
  public String dateDue() {
    return invoice.dueDate().map(Formats.LONG_DATE::format).orElse("");
  }

  /**
   * Returns the seller.
   *
   * @return the seller, never null
   */
  public DocumentParty seller() {
    return seller;
  }

  /**
   * Returns the customer billed.
   *
   * @return the customer, never null
   */
  public DocumentParty billTo() {
    return billTo;
  }

  /**
   * Returns the headline: the amount due with its symbol and, with a due date, {@code due} and the
   * date, such as {@code $1,234.50 due 15 November 2026}.
   *
   * @return the headline, never null
   */
  public String headline() {
    String due = dateDue();
    return money(invoice.totals().amountDue()) + (due.isEmpty() ? " due" : " due " + due);
  }

  /**
   * Returns the lines as printed.
   *
   * @return the lines, never null
   */
  public List<Line> lines() {
    List<Line> out = new ArrayList<>();
    for (InvoiceLine l : invoice.lines()) {
      List<BreakdownRow> rows = l.kind() == LineKind.USAGE ? UsageBreakdown.of(l.explanation()) : List.of();
      out.add(new Line(l.description(), period(l.servicePeriod()), Formats.quantity(l.quantity()),
          amount(l.amount()), rows));
    }
    return out;
  }

  /**
   * Returns the label and amount rows under the line table: subtotal, each discount, each tax
   * head with its rate, total, each credit applied; {@link #amountDue()} follows.
   *
   * @return the rows, never null
   */
  public List<TotalRow> totals() {
    InvoiceTotals t = invoice.totals();
    List<TotalRow> rows = new ArrayList<>();
    rows.add(new TotalRow("Subtotal", amount(t.subtotal())));
    Map<String, Money> discounts = new LinkedHashMap<>();
    for (DiscountLine d : invoice.discountLines()) {
      discounts.merge(d.couponId(), d.amount(), Money::plus);
    }
    discounts.forEach((coupon, m) -> rows.add(new TotalRow("Discount (" + coupon + ")", "-" + amount(m))));
    Map<String, String> rates = new LinkedHashMap<>();
    for (InvoiceLine l : invoice.lines()) {
      for (TaxLine tl : l.taxLines()) {
        rates.merge(tl.head(), Formats.rate(tl.ratePercent()) + "%",
            (a, b) -> a.equals(b) ? a : a + ", " + b);
      }
    }
    t.taxByHead().forEach((head, amount) -> rows.add(new TotalRow(head + (rates.containsKey(head)
        ? " (" + rates.get(head) + ")" : ""), amount(amount))));
    rows.add(new TotalRow("Total", amount(t.total())));
    for (AppliedCredit c : invoice.creditsApplied()) {
      rows.add(new TotalRow("Applied balance (" + c.sourceId() + ")", "-" + amount(c.amount())));
    }
    return rows;
  }

  /**
   * Returns the amount due with the currency symbol.
   *
   * @return the amount, never null
   */
  public String amountDue() {
    return money(invoice.totals().amountDue());
  }

  /**
   * Returns the currency code, such as {@code USD}.
   *
   * @return the code, never null
   */
  public String currency() {
    return invoice.currency().getCurrencyCode();
  }

  private static String amount(Money m) {
    return Formats.western(m);
  }

  private static String money(Money m) {
    return (m.isNegative() ? "-" : "") + Formats.symbol(m.currency()) + Formats.western(m.abs());
  }

  private String period(BillingPeriod p) {
    ZonedDateTime s = p.start().atZone(zone);
    ZonedDateTime e = p.end().atZone(zone);
    LocalDate last = e.toLocalTime().equals(LocalTime.MIDNIGHT) ? e.toLocalDate().minusDays(1) : e.toLocalDate();
    return Formats.LONG_DATE.format(s.toLocalDate()) + " – " + Formats.LONG_DATE.format(last);
  }

  /**
   * A line as printed.
   *
   * @param description the description
   * @param period the service period, first and last day
   * @param quantity the quantity
   * @param amount the amount before discount and tax
   * @param breakdown the usage breakdown, may be empty
   */
  public record Line(String description, String period, String quantity, String amount,
      List<BreakdownRow> breakdown) {}

  /**
   * A row under the line table.
   *
   * @param label the label
   * @param amount the amount as printed
   */
  public record TotalRow(String label, String amount) {}
}
