package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code render}, {@code bill --render} and {@code bill --report}, read back with PDFBox. */
class RenderCommandTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/otp-india-20000");

  static String pdfText(Path pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
  }

  @Test
  void rendersAGstTaxInvoiceWithItsUsageBreakdown(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("inv.pdf");
    Cli r = Cli.run("render", "--invoice", GOLDEN.resolve("INV-26-27-000009.json").toString(), "--format", "pdf",
        "--out", out.toString());
    assertThat(r.code).as(r.toString()).isZero();
    String text = pdfText(out);
    assertThat(text).contains("TAX INVOICE", "INV/26-27/000009", "01/11/2026", "Sandesh Verify Private Limited",
        "29ZZSCV0001A1ZM", "Hydsez Cloud Labs Private Limited", "36ZZHCL0005E1Z0", "Place of supply: Telangana (36)",
        "Tax payable on reverse charge: No", "SAC 998319", "287.07", "4,999.00", "₹ 5,286.07",
        "Rupees Five Thousand Two Hundred Eighty-Six and Seven Paise Only", "cell IN × sms", "HSN/SAC SUMMARY");
  }

  @Test
  void rendersACreditNoteAgainstItsOriginal(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("cn.pdf");
    Cli r = Cli.run("render", "--credit-note", GOLDEN.resolve("credit-notes/CN-26-27-000001.json").toString(),
        "--original", GOLDEN.resolve("INV-26-27-000004.json").toString(), "--out", out.toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(pdfText(out)).contains("CREDIT NOTE", "CN/26-27/000001", "Against original invoice: INV/26-27/000004",
        "2,741.39", "493.45", "₹ 3,234.84", "Total credited");
  }

  @Test
  void rendersAGenericCreditNoteWhenAsked(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("cn-generic.pdf");
    Cli r = Cli.run("render", "--credit-note", GOLDEN.resolve("credit-notes/CN-26-27-000001.json").toString(),
        "--original", GOLDEN.resolve("INV-26-27-000004.json").toString(), "--generic", "--out", out.toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(pdfText(out).replaceAll("\\s+", " ")).contains("Credit note number CN/26-27/000001",
        "Credits invoice INV/26-27/000004 of", "2,741.39", "493.45", "Total credited ₹3,234.84 INR")
        .doesNotContain("CREDIT NOTE", "Against original invoice");
  }

  @Test
  void rendersHtmlAndAGenericInvoice(@TempDir Path dir) throws IOException {
    Path html = dir.resolve("inv.html");
    Cli r = Cli.run("render", "--invoice", GOLDEN.resolve("INV-26-27-000007.json").toString(), "--format", "html",
        "--out", html.toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("<html", "INV/26-27/000007", "Tax Invoice")
        .doesNotContain("<script");
    Path generic = dir.resolve("generic.pdf");
    Cli g = Cli.run("render", "--invoice", GOLDEN.resolve("INV-26-27-000007.json").toString(), "--generic",
        "--out", generic.toString());
    assertThat(g.code).as(g.toString()).isZero();
    assertThat(pdfText(generic)).contains("Invoice number INV/26-27/000007", "BILL TO", "Amount due");
  }

  @Test
  void refusesAnUnknownFormat(@TempDir Path dir) {
    Cli r = Cli.run("render", "--invoice", GOLDEN.resolve("INV-26-27-000007.json").toString(), "--format", "docx",
        "--out", dir.resolve("x").toString());
    assertThat(r.code).isNotZero();
    assertThat(r.err).contains("--format", "docx", "pdf or html");
  }

  @Test
  void billWritesOneDocumentPerInvoiceAndCreditNoteAndAReport(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("report.html");
    Cli r = Cli.run("bill", "--events", "3000", "--summary-only", "--tolerate-unusable", "--out", dir.toString(),
        "--render", "pdf", "--report", report.toString());
    assertThat(r.code).as(r.toString()).isZero();
    long invoices;
    long notes;
    try (Stream<Path> a = Files.list(dir.resolve("invoices")); Stream<Path> b = Files.list(dir.resolve("credit-notes"))) {
      invoices = a.count();
      notes = b.count();
    }
    try (Stream<Path> docs = Files.list(dir.resolve("documents"))) {
      assertThat(docs.filter(p -> p.toString().endsWith(".pdf")).count()).isEqualTo(invoices + notes);
    }
    assertThat(pdfText(dir.resolve("documents/INV-26-27-000001.pdf"))).contains("INV/26-27/000001");
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html).contains("Totals per customer", "Revenue by charge", "Usage by day", "<svg", "Unclaimed usage",
        "Wallets", "Alerts", "platform").doesNotContain("<script", "src=\"http");
  }
}
