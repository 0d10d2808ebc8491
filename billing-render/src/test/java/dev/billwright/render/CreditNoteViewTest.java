package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.CreditNoteStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import dev.billwright.tax.TaxLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The generic credit note, for a credit against the invoice the bill run wrote, rendered and read back. */
class CreditNoteViewTest {
  static CreditNote note(Invoice invoice) {
    InvoiceLine fee = invoice.lines().stream().filter(l -> l.description().equals("Platform fee")).findFirst()
        .orElseThrow();
    Money taxable = Money.of("INR", "1234.50");
    // 1,234.50 × 18 % = 222.21
    TaxLine igst = new TaxLine(fee.lineId(), "IGST", new BigDecimal("18"), taxable, Money.of("INR", "222.21"), true);
    return new CreditNote("cn_1", Optional.of("CN-26-27-000001"), invoice.id(), invoice.currency(),
        CreditNoteReason.ORDER_CHANGE, "seats reduced from 10 to 8", List.of(new CreditNoteLine(fee.lineId(), taxable,
            List.of(igst))), CreditNoteStatus.ISSUED, Instant.parse("2026-11-05T06:30:00Z"), CreditNoteOrigin.MANUAL);
  }

  static CreditNoteView view() {
    Invoice invoice = InvoiceViewTest.invoice();
    return CreditNoteView.of(note(invoice), invoice, new DocumentParty("Acme Cloud Inc.",
        List.of("510 Townsend St", "San Francisco, CA"), ""), new DocumentParty("Globex Corp", List.of("1 Main St"),
        "VAT DE123456789"), InvoiceViewTest.IST);
  }

  @Test
  void pdfShowsTheCreditedInvoiceLinesTaxAndTotal() {
    CreditNoteView view = view();
    String text = PdfText.read(DocumentRenderer.DEFAULT.pdf(view)).flat();
    assertThat(text).contains("Credit note", "Credit note number CN-26-27-000001", "Date of issue 5 November 2026",
        "Credits invoice INV/26-27/000009 of 1 November 2026", "Reason Order change: seats reduced from 10 to 8", "Acme Cloud Inc.",
        "CREDIT TO", "Globex Corp", "VAT DE123456789", "₹1,456.71 credited", "Platform fee 1,234.50",
        "Subtotal 1,234.50", "IGST (18%) 222.21", "Total credited ₹1,456.71 INR");
    assertThat(text).doesNotContain("OTP verifications", "Amount due");
  }

  @Test
  void voidNoteSaysSoAndTheOriginalMustBeTheCreditedInvoice() {
    Invoice invoice = InvoiceViewTest.invoice();
    CreditNoteView v = view();
    CreditNoteView voided = CreditNoteView.of(v.note().voided(), invoice, v.seller(), v.billTo(), InvoiceViewTest.IST);
    assertThat(DocumentRenderer.DEFAULT.html(voided)).contains("Credit note (void)");
    CreditNote other = new CreditNote("cn_2", Optional.empty(), "inv_other", invoice.currency(),
        CreditNoteReason.DUPLICATED_CHARGE, "", v.note().lines(), CreditNoteStatus.ISSUED, v.note().issuedAt(),
        CreditNoteOrigin.MANUAL);
    assertThatThrownBy(() -> CreditNoteView.of(other, invoice, v.seller(), v.billTo(), InvoiceViewTest.IST))
        .isInstanceOf(BillingException.class).hasMessageContaining("original");
  }
}
