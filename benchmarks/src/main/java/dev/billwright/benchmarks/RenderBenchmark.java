package dev.billwright.benchmarks;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import dev.billwright.money.Money;
import dev.billwright.render.BreakdownRow;
import dev.billwright.render.DocumentRenderer;
import dev.billwright.render.GstDocumentView;
import dev.billwright.tax.TaxParty;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import dev.billwright.tax.gst.GstDocumentType;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.GstTaxCalculator;
import dev.billwright.tax.gst.SupplyType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Documents per second: a one-page GST tax invoice (two lines, CGST + SGST, a usage breakdown, a
 * Devanagari recipient name) from its {@link GstDocumentView} to PDF bytes with
 * {@link DocumentRenderer#DEFAULT} ({@code gstPdf}); {@code gstHtml} is the template step alone
 * and {@code gstPdfFromHtml} the PDF step alone on HTML rendered once in setup.
 * {@code gstPdf_baseline} does the same PDF step as {@code gstPdfFromHtml} (same HTML, same
 * options, same fonts embedded as subsets) with openhtmltopdf configured the plain way, the bundled
 * fonts handed over as byte streams that are parsed again for every document; the ratio of the two
 * is what sharing the parsed fonts gains. openhtmltopdf's logging is switched off in setup, as the
 * {@code billwright} command does. The target is 50 PDFs per second on 2 cores: run with
 * {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RenderBenchmark {
  private GstDocumentView view;
  private String html;
  private List<byte[]> fonts;

  /** Creates the benchmark state; used by JMH. */
  public RenderBenchmark() {}

  /** Builds the invoice with the real GST calculator and renders its HTML once. */
  @Setup
  public void setUp() {
    XRLog.setLoggingEnabled(false);
    fonts = FONT_FILES.stream().map(RenderBenchmark::font).toList();
    view = view();
    html = DocumentRenderer.DEFAULT.html(view);
  }

  /**
   * Returns the benchmark's invoice view.
   *
   * @return the view, never null
   */
  static GstDocumentView view() {
    TaxParty supplier = TaxParty.of("Acme Cloud Pvt Ltd", "IN").withTaxId("29AABCT1332L1ZA");
    TaxParty customer = TaxParty.of("Ram Traders", "IN").withTaxId("29AABCR1718E1ZL");
    LocalDate date = LocalDate.of(2026, 10, 31);
    TaxRequest request = TaxRequest.invoice(date, Money.currency("INR"), supplier, customer, List.of(
        new TaxableLine("sub", "SAC:998315", "Platform subscription, October 2026", BigDecimal.ONE, Optional.empty(),
            Money.of("INR", "25000.00"), Optional.of(Money.of("INR", "2500.00"))),
        new TaxableLine("otp", "SAC:998319", "OTP verifications", new BigDecimal("12345"), Optional.of("NOS"),
            Money.of("INR", "2222.10"), Optional.empty())));
    TaxResult tax = GstTaxCalculator.DEFAULT.calculate(request);
    GstParty seller = new GstParty("29AABCT1332L1ZA", "Acme Cloud Pvt Ltd", "1 MG Road", "Bengaluru",
        Optional.of("560001"), GstState.KARNATAKA);
    GstParty buyer = new GstParty("29AABCR1718E1ZL", "राम ट्रेडर्स प्राइवेट लिमिटेड", "5 Residency Road", "Bengaluru",
        Optional.of("560025"), GstState.KARNATAKA);
    GstInvoice invoice = GstInvoice.builder(GstDocumentType.TAX_INVOICE, "INV/26-27/0001")
        .supplier(seller).recipient(buyer)
        .placeOfSupply(GstState.KARNATAKA).supplyType(SupplyType.B2B)
        .build(request, tax);
    return GstDocumentView.of(invoice).withBreakdown(2, List.of(
        new BreakdownRow(0, "tier 1 (0 – 10,000)", "10,000 × 0.20", "2,000"),
        new BreakdownRow(0, "tier 2 (10,000 and above)", "2,345 × 0.0946", "222.10")));
  }

  /**
   * The whole document: view to HTML to PDF.
   *
   * @return the PDF bytes
   */
  @Benchmark
  public byte[] gstPdf() {
    return DocumentRenderer.DEFAULT.pdf(view);
  }

  /**
   * The template step alone.
   *
   * @return the HTML
   */
  @Benchmark
  public String gstHtml() {
    return DocumentRenderer.DEFAULT.html(view);
  }

  /**
   * The PDF step alone, on HTML rendered in setup.
   *
   * @return the PDF bytes
   */
  @Benchmark
  public byte[] gstPdfFromHtml() {
    return DocumentRenderer.DEFAULT.pdf(html);
  }

  /**
   * The PDF step with openhtmltopdf set up the plain way: the same HTML, options and fonts as
   * {@link #gstPdfFromHtml}, each font given as a byte stream parsed again for this document.
   *
   * @return the PDF bytes
   */
  @Benchmark
  public byte[] gstPdf_baseline() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    PdfRendererBuilder b = new PdfRendererBuilder();
    b.useFastMode();
    b.withHtmlContent(html, null);
    for (int i = 0; i < FONT_FILES.size(); i++) {
      byte[] bytes = fonts.get(i);
      b.useFont(() -> new ByteArrayInputStream(bytes), FONT_FAMILIES.get(i), FONT_WEIGHTS.get(i),
          BaseRendererBuilder.FontStyle.NORMAL, true);
    }
    b.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
    b.useUnicodeBidiReorderer(new ICUBidiReorderer());
    b.defaultTextDirection(BaseRendererBuilder.TextDirection.LTR);
    b.toStream(out);
    try {
      b.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static final List<String> FONT_FILES = List.of("NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
      "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", "NotoSansHebrew-Regular.ttf");
  private static final List<String> FONT_FAMILIES = List.of("Noto Sans", "Noto Sans",
      "Noto Sans Devanagari", "Noto Sans Devanagari", "Noto Sans Hebrew");
  private static final List<Integer> FONT_WEIGHTS = List.of(400, 700, 400, 700, 400);

  private static byte[] font(String file) {
    try (InputStream in = DocumentRenderer.class.getResourceAsStream("fonts/" + file)) {
      if (in == null) {
        throw new IllegalStateException("bundled font " + file + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
