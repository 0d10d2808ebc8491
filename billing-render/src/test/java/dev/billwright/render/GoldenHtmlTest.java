package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTML of whole documents against golden files under {@code src/test/resources/golden/}.
 * After a deliberate change to a template, regenerate with {@code -Dgolden.update=true} and review
 * the diff.
 */
class GoldenHtmlTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @Test
  void gstTaxInvoice() throws IOException {
    check("gst-tax-invoice.html", DocumentRenderer.DEFAULT.html(GstDocumentView.of(Fixtures.intraState())
        .withBreakdown(2, List.of(new BreakdownRow(0, "tier 1 (0 – 10,000)", "10,000 × 0.20", "2,000")))));
  }

  @Test
  void gstCreditNote() throws IOException {
    check("gst-credit-note.html", DocumentRenderer.DEFAULT.html(GstDocumentView.of(Fixtures.creditNote())));
  }

  @Test
  void billOfSupply() throws IOException {
    check("bill-of-supply.html", DocumentRenderer.DEFAULT.html(GstDocumentView.of(Fixtures.billOfSupply())));
  }

  @Test
  void genericInvoice() throws IOException {
    check("invoice.html", DocumentRenderer.DEFAULT.html(InvoiceViewTest.view()));
  }

  @Test
  void genericCreditNote() throws IOException {
    check("credit-note.html", DocumentRenderer.DEFAULT.html(CreditNoteViewTest.view()));
  }

  static void check(String name, String html) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, html, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (regenerate with -Dgolden.update=true)").exists();
    assertThat(html).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
