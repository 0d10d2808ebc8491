package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmark's variants produce the same document. */
class RenderBenchmarkTest {
  @Test
  void variantsRenderTheSameInvoice() {
    RenderBenchmark b = new RenderBenchmark();
    b.setUp();
    assertThat(b.gstHtml()).contains("INV/26-27/0001", "32,122.08");
    byte[] pdf = b.gstPdf();
    assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    assertThat(b.gstPdfFromHtml().length).isBetween(pdf.length - 200, pdf.length + 200);
    assertThat(b.gstPdf_baseline().length).isBetween(pdf.length - 200, pdf.length + 200);
  }
}
