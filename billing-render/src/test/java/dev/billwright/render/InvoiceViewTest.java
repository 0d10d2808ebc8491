package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic (Stripe-style) invoice, from an invoice JSON the bill run wrote, rendered and read back. */
class InvoiceViewTest {
  static final ZoneId IST = ZoneId.of("Asia/Kolkata");

  static Invoice invoice() {
    try (InputStream in = InvoiceViewTest.class.getResourceAsStream("/invoices/INV-26-27-000009.json")) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return InvoiceJson.read(JsonObjectReader.root(Json.parse(json, "INV-26-27-000009.json"), "INV-26-27-000009.json"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static InvoiceView view() {
    return InvoiceView.of(invoice(), new DocumentParty("Acme Cloud Inc.", List.of("510 Townsend St", "San Francisco, CA"),
        ""), new DocumentParty("Globex Corp", List.of("1 Main St"), "VAT DE123456789"), IST);
  }

  @Test
  void pdfShowsEveryLineTotalAndTheUsageBreakdown() {
    Invoice invoice = invoice();
    InvoiceView view = view();
    PdfText pdf = PdfText.read(DocumentRenderer.DEFAULT.pdf(view));
    String text = pdf.flat();
    assertThat(text).contains("Invoice", "Invoice number INV/26-27/000009", "Date of issue", "Acme Cloud Inc.",
        "BILL TO", "Globex Corp", "VAT DE123456789", view.headline());
    for (var l : invoice.lines()) {
      assertThat(text).contains(l.description(), Formats.western(l.amount()));
    }
    for (var row : view.totals()) {
      assertThat(text).contains(row.label(), row.amount());
    }
    assertThat(text).contains("Amount due", Formats.western(invoice.totals().amountDue()));
    // the matrix cells of the OTP line, one row each
    List<BreakdownRow> rows = view.lines().get(0).breakdown();
    assertThat(rows).isNotEmpty();
    for (BreakdownRow r : rows) {
      assertThat(text).contains(r.label());
    }
    assertThat(text).contains("cell email");
    GstDocumentPdfTest.assertFontsEmbedded(pdf);
  }
}
