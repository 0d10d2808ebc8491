package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.money.Money;
import dev.billwright.tax.gst.GstDocumentType;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstInvoiceLine;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.SupplyType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/**
 * Customer names and descriptions an attacker or a careless import controls: markup is escaped
 * (never interpreted), a very long word wraps inside the page, right-to-left text is kept, and
 * characters XML forbids do not stop the rendering.
 */
class HostileTextTest {
  private static final String SCRIPT = "<script>alert('x')</script> & \"Sons\"";
  private static final String LONG_WORD = "Supercalifragilistic".repeat(20);
  private static final String HEBREW = "שלום עולם";

  static GstInvoice hostile() {
    Money zero = Money.of("INR", "0");
    GstParty buyer = new GstParty("27AAPFU0939F1ZV", SCRIPT + "\u0001", "<img src=x onerror=alert(1)>", "Mumbai",
        Optional.of("400001"), GstState.MAHARASHTRA);
    GstInvoiceLine line = new GstInvoiceLine(1, LONG_WORD + " " + HEBREW + " </td></tr></table>", "998319", true,
        BigDecimal.ONE, Optional.empty(), new BigDecimal("100"), Money.of("INR", "100.00"), zero,
        Money.of("INR", "100.00"), new BigDecimal("18"), Money.of("INR", "18.00"), zero, zero, BigDecimal.ZERO, zero,
        zero, BigDecimal.ZERO, zero, zero, zero);
    return new GstInvoice(GstDocumentType.TAX_INVOICE, "INV/1", Fixtures.DATE, Fixtures.SELLER, buyer,
        GstState.MAHARASHTRA, SupplyType.B2B, false, List.of(line), zero, zero, zero, List.of(), List.of());
  }

  @Test
  void markupIsEscapedInHtml() {
    String html = DocumentRenderer.DEFAULT.html(GstDocumentView.of(hostile()));
    assertThat(html).doesNotContain("<script", "<img src=x", "</td></tr></table> ");
    // element text: JTE escapes <, > and & (quotes need no escaping there)
    assertThat(html).contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"Sons\"",
        "&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void pdfShowsTheTextLiterallyWrapsLongWordsAndKeepsRightToLeft() {
    PdfText pdf = PdfText.read(DocumentRenderer.DEFAULT.pdf(GstDocumentView.of(hostile())));
    assertThat(pdf.flat()).contains("<script>alert('x')</script> & \"Sons\"", "<img src=x onerror=alert(1)>");
    // the long word is all there, broken over several lines, and no glyph leaves the page
    assertThat(pdf.text().replaceAll("\\s", "")).contains(LONG_WORD);
    assertThat(pdf.text().lines().filter(l -> l.contains("Supercali")).count()).isGreaterThan(3);
    for (TextPosition p : pdf.positions()) {
      assertThat(p.getXDirAdj() + p.getWidthDirAdj()).as(p.getUnicode()).isLessThanOrEqualTo(pdf.pageWidth());
    }
    // right-to-left text: extraction gives it back in logical order
    assertThat(pdf.flat()).contains(HEBREW);
    GstDocumentPdfTest.assertFontsEmbedded(pdf);
  }
}
