package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's templates replace built-in ones or call them; the rest stay built in. */
class TemplatesTest {
  @Test
  void hostReplacesTheStyleOnly(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("templates/billwright"));
    Files.writeString(dir.resolve("templates/billwright/style.jte"),
        "<style>body { font-family: 'Noto Sans', 'Noto Sans Devanagari'; color: #003366; } .host-style { }</style>\n");
    DocumentRenderer renderer = new DocumentRenderer(Templates.directory(dir.resolve("templates"), dir.resolve("classes")));
    String html = renderer.html(GstDocumentView.of(Fixtures.intraState()));
    assertThat(html).contains(".host-style", "INV/26-27/0001");
    assertThat(html).doesNotContain("-fs-table-paginate");
    assertThat(PdfText.read(renderer.pdf(html)).flat()).contains("5 Residency Road", "₹ 32,122.08");
  }

  @Test
  void hostTemplateCallsBuiltInParts(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("t/acme"));
    Files.writeString(dir.resolve("t/acme/letter.jte"), """
        @import dev.billwright.render.GstDocumentView
        @param GstDocumentView v
        <html><head>@template.billwright.style()</head><body>
        <p>Dear ${v.recipient().name()}, your invoice ${v.number()} totals ₹ ${v.total()}.</p>
        <table>@template.billwright.breakdown(rows = v.lines().get(1).breakdown(), span = 1)</table>
        </body></html>
        """);
    Templates templates = Templates.directory(dir.resolve("t"), dir.resolve("classes"));
    GstDocumentView view = GstDocumentView.of(Fixtures.intraState())
        .withBreakdown(2, List.of(new BreakdownRow(0, "tier 1 <b>", "1 × 2", "2")));
    String html = templates.render("acme/letter.jte", java.util.Map.of("v", view));
    assertThat(html).contains("Dear राम ट्रेडर्स", "₹ 32,122.08", "tier 1 &lt;b&gt;", "-fs-table-paginate");
  }

  @Test
  void missingTemplateIsABillingException(@TempDir Path dir) {
    Templates templates = Templates.directory(dir, dir.resolve("classes"));
    assertThatThrownBy(() -> templates.render("nope.jte", java.util.Map.of())).isInstanceOf(BillingException.class)
        .hasMessageContaining("nope.jte");
    assertThatThrownBy(() -> Templates.directory(dir.resolve("absent"), dir)).isInstanceOf(BillingException.class);
  }
}
