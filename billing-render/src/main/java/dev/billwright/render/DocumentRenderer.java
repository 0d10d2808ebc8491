package dev.billwright.render;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders documents: a view to HTML through {@link Templates}, and HTML to PDF with openhtmltopdf
 * (PDFBox), A4, with the bundled fonts embedded as subsets: Noto Sans (Latin, the rupee sign
 * U+20B9), Noto Sans Devanagari and Noto Sans Hebrew, SIL Open Font License 1.1. Right-to-left
 * text is reordered with ICU's bidi algorithm. Stateless and thread-safe; {@link #DEFAULT} uses the
 * built-in templates.
 *
 * <p>Limits: openhtmltopdf places glyphs one by one without OpenType shaping, so Devanagari
 * conjuncts and the pre-base vowel sign i are shown in logical order, and Arabic letters are not
 * joined; the text (and its extraction) is right, its look is plain.
 */
public final class DocumentRenderer {
  /** The renderer with the built-in templates. */
  public static final DocumentRenderer DEFAULT = new DocumentRenderer(Templates.builtIn());

  private static final List<Font> FONTS = List.of(
      Font.load("Noto Sans", 400, "NotoSans-Regular.ttf"),
      Font.load("Noto Sans", 700, "NotoSans-Bold.ttf"),
      Font.load("Noto Sans Devanagari", 400, "NotoSansDevanagari-Regular.ttf"),
      Font.load("Noto Sans Devanagari", 700, "NotoSansDevanagari-Bold.ttf"),
      Font.load("Noto Sans Hebrew", 400, "NotoSansHebrew-Regular.ttf"));

  private final Templates templates;

  /**
   * Creates a renderer.
   *
   * @param templates the templates, not null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if null
   */
  public DocumentRenderer(Templates templates) {
    if (templates == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "templates", null, "templates");
    }
    this.templates = templates;
  }

  /**
   * Renders a GST document to HTML ({@link Templates#GST}).
   *
   * @param view the document, not null
   * @return the HTML (well-formed XHTML), never null
   * @throws BillingException as {@link Templates#render} does
   */
  public String html(GstDocumentView view) {
    return templates.render(Templates.GST, Map.of("v", view));
  }

  /**
   * Renders a generic invoice to HTML ({@link Templates#INVOICE}).
   *
   * @param view the invoice, not null
   * @return the HTML (well-formed XHTML), never null
   * @throws BillingException as {@link Templates#render} does
   */
  public String html(InvoiceView view) {
    return templates.render(Templates.INVOICE, Map.of("v", view));
  }

  /**
   * Renders a bill-run report to HTML ({@link Templates#REPORT}), with inline SVG charts and no
   * scripts.
   *
   * @param report the report, not null
   * @return the HTML, never null
   * @throws BillingException as {@link Templates#render} does
   */
  public String html(BillRunReport report) {
    return templates.render(Templates.REPORT, Map.of("r", report));
  }

  /**
   * Renders a GST document to PDF.
   *
   * @param view the document, not null
   * @return the PDF bytes, never null
   * @throws BillingException as {@link #pdf(String, OutputStream)} does
   */
  public byte[] pdf(GstDocumentView view) {
    return pdf(html(view));
  }

  /**
   * Renders a generic invoice to PDF.
   *
   * @param view the invoice, not null
   * @return the PDF bytes, never null
   * @throws BillingException as {@link #pdf(String, OutputStream)} does
   */
  public byte[] pdf(InvoiceView view) {
    return pdf(html(view));
  }

  /**
   * Renders HTML to PDF.
   *
   * @param html well-formed XHTML, not null
   * @return the PDF bytes, never null
   * @throws BillingException as {@link #pdf(String, OutputStream)} does
   */
  public byte[] pdf(String html) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    pdf(html, out);
    return out.toByteArray();
  }

  /**
   * Renders HTML to PDF into a stream (not closed). Characters XML 1.0 does not allow (C0 controls
   * other than tab, line feed and carriage return) are dropped first, so that hostile text cannot
   * stop the rendering.
   *
   * @param html well-formed XHTML, not null
   * @param out the stream, not null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the HTML is not well-formed
   * @throws UncheckedIOException if writing fails
   */
  public void pdf(String html, OutputStream out) {
    PdfRendererBuilder b = new PdfRendererBuilder();
    b.useFastMode();
    b.withHtmlContent(xmlSafe(html), null);
    for (Font f : FONTS) {
      b.useFont(f::open, f.family(), f.weight(), BaseRendererBuilder.FontStyle.NORMAL, true);
    }
    b.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
    b.useUnicodeBidiReorderer(new ICUBidiReorderer());
    b.defaultTextDirection(BaseRendererBuilder.TextDirection.LTR);
    b.toStream(out);
    try {
      b.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (e instanceof BillingException be) {
        throw be;
      }
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "html", e.getClass().getSimpleName(),
          "well-formed XHTML: " + e.getMessage());
    }
  }

  /** Drops the characters XML 1.0 forbids (and unpaired surrogates would break PDF text). */
  static String xmlSafe(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r';
      if (!ok && b == null) {
        b = new StringBuilder(s.length());
        b.append(s, 0, i);
      }
      if (ok && b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private record Font(String family, int weight, byte[] bytes) {
    static Font load(String family, int weight, String file) {
      try (InputStream in = DocumentRenderer.class.getResourceAsStream("fonts/" + file)) {
        if (in == null) {
          throw new IllegalStateException("bundled font " + file + " is missing");
        }
        return new Font(family, weight, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }
}
