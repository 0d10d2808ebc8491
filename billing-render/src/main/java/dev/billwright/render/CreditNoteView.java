package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import dev.billwright.render.InvoiceView.TotalRow;
import dev.billwright.tax.TaxLine;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a generic (non-GST) credit note shows, laid out like {@link InvoiceView}: credit note
 * number, date of issue, the invoice it credits (number and date of issue), the reason, the seller
 * and the bill-to party, the amount credited in large type, one row per credited invoice line (the
 * line's description and the taxable amount credited), then subtotal, tax reversed per head with
 * its rate, and total credited. A void note says so in its heading. Amounts are printed with
 * Western grouping at their own scale, as on the invoice.
 */
public final class CreditNoteView {
  private final CreditNote note;
  private final Invoice original;
  private final DocumentParty seller;
  private final DocumentParty billTo;
  private final ZoneId zone;

  private CreditNoteView(CreditNote note, Invoice original, DocumentParty seller, DocumentParty billTo, ZoneId zone) {
    this.note = note;
    this.original = original;
    this.seller = seller;
    this.billTo = billTo;
    this.zone = zone;
  }

  /**
   * Returns the view of a credit note.
   *
   * @param note the credit note, not null
   * @param original the invoice it credits ({@link CreditNote#invoiceId()} is its id), not null
   * @param seller the seller, not null
   * @param billTo the customer credited, not null
   * @param zone the zone in which dates are shown, not null
   * @return the view, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if an argument is null,
   *     or with {@link ErrorCode#INVALID_VALUE} (field {@code original}) if the invoice is not the
   *     one the note credits
   */
  public static CreditNoteView of(CreditNote note, Invoice original, DocumentParty seller, DocumentParty billTo,
      ZoneId zone) {
    if (note == null || original == null || seller == null || billTo == null || zone == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "credit_note_view", null,
          "a credit note, its original invoice, a seller, a bill-to party and a zone");
    }
    if (!note.invoiceId().equals(original.id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "original", original.id(),
          "the invoice the credit note credits, " + note.invoiceId());
    }
    return new CreditNoteView(note, original, seller, billTo, zone);
  }

  /**
   * Returns the credit note shown.
   *
   * @return the note, never null
   */
  public CreditNote note() {
    return note;
  }

  /**
   * Returns the heading: {@code Credit note}, or {@code Credit note (void)} for a void note.
   *
   * @return the heading, never null
   */
  public String title() {
    return note.status() == CreditNoteStatus.VOID ? "Credit note (void)" : "Credit note";
  }

  /**
   * Returns the credit note number, or {@code DRAFT} and the id of an unnumbered note.
   *
   * @return the number, never null
   */
  public String number() {
    return note.number().orElse("DRAFT " + note.id());
  }

  /**
   * Returns the date of issue, such as {@code 5 November 2026}.
   *
   * @return the date, never null
   */
  public String dateOfIssue() {
    return Formats.LONG_DATE.format(note.issuedAt().atZone(zone).toLocalDate());
  }

  /**
   * Returns the invoice credited: its number (or {@code DRAFT} and id) and date of issue, such as
   * {@code INV/26-27/000009 of 1 November 2026}.
   *
   * @return the reference, never null
   */
  public String originalInvoice() {
    return original.number().orElse("DRAFT " + original.id()) + " of "
        + Formats.LONG_DATE.format(original.issuedAt().atZone(zone).toLocalDate());
  }

  /**
   * Returns the reason in words, such as {@code Order change}, followed by the note's free text
   * when it has one ({@code Order change: seats reduced}).
   *
   * @return the reason, never null
   */
  public String reason() {
    String words = reasonWords(note.reason());
    return note.reasonText().isBlank() ? words : words + ": " + note.reasonText();
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
   * Returns the customer credited.
   *
   * @return the customer, never null
   */
  public DocumentParty billTo() {
    return billTo;
  }

  /**
   * Returns the headline: the total credited with its symbol, such as {@code $120.00 credited}.
   *
   * @return the headline, never null
   */
  public String headline() {
    return money(note.total()) + " credited";
  }

  /**
   * Returns the credited lines as printed: the description of the invoice line credited (its id
   * when the invoice has no such line) and the taxable amount credited.
   *
   * @return the lines, never null, not empty
   */
  public List<Line> lines() {
    List<Line> out = new ArrayList<>();
    for (CreditNoteLine l : note.lines()) {
      String description = original.lines().stream().filter(il -> il.lineId().equals(l.invoiceLineId()))
          .map(InvoiceLine::description).findFirst().orElse(l.invoiceLineId());
      out.add(new Line(description, Formats.western(l.taxableAmount())));
    }
    return out;
  }

  /**
   * Returns the rows under the line table: subtotal and each tax head reversed with its rate;
   * {@link #totalCredited()} follows.
   *
   * @return the rows, never null
   */
  public List<TotalRow> totals() {
    List<TotalRow> rows = new ArrayList<>();
    rows.add(new TotalRow("Subtotal", Formats.western(note.taxableTotal())));
    Map<String, String> rates = new LinkedHashMap<>();
    for (CreditNoteLine l : note.lines()) {
      for (TaxLine tl : l.taxLines()) {
        rates.merge(tl.head(), Formats.rate(tl.ratePercent()) + "%", (a, b) -> a.equals(b) ? a : a + ", " + b);
      }
    }
    note.taxByHead().forEach((head, amount) -> rows.add(new TotalRow(head + (rates.containsKey(head)
        ? " (" + rates.get(head) + ")" : ""), Formats.western(amount))));
    return rows;
  }

  /**
   * Returns the total credited with the currency symbol.
   *
   * @return the amount, never null
   */
  public String totalCredited() {
    return money(note.total());
  }

  /**
   * Returns the currency code, such as {@code USD}.
   *
   * @return the code, never null
   */
  public String currency() {
    return note.currency().getCurrencyCode();
  }

  private static String money(Money m) {
    return (m.isNegative() ? "-" : "") + Formats.symbol(m.currency()) + Formats.western(m.abs());
  }

  private static String reasonWords(CreditNoteReason r) {
    String s = r.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * A credited line as printed.
   *
   * @param description the description of the invoice line credited
   * @param amount the taxable amount credited
   */
  public record Line(String description, String amount) {}
}
