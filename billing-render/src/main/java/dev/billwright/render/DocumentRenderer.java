package dev.billwright.render;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders documents: a view to HTML through {@link Templates}, and HTML to PDF with openhtmltopdf
 * (PDFBox), A4, with the bundled fonts embedded as subsets: Noto Sans (Latin, the rupee sign
 * U+20B9), Noto Sans Devanagari and Noto Sans Hebrew, SIL Open Font License 1.1. Right-to-left
 * text is reordered with ICU's bidi algorithm. Stateless and thread-safe; {@link #DEFAULT} uses the
 * built-in templates.
 *
 * <p>The fonts are parsed once, not per document: a document borrows a set of parsed fonts from a
 * shared pool for the time it is rendered (a parsed font is not safe for concurrent use, so a set
 * is never shared by two documents at once; the pool holds at most as many sets as documents were
 * ever rendered at the same time) and embeds its own subsets of them.
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

  private static final FontPool FONT_POOL = new FontPool();

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
   * Renders a generic credit note to HTML ({@link Templates#CREDIT_NOTE}).
   *
   * @param view the credit note, not null
   * @return the HTML (well-formed XHTML), never null
   * @throws BillingException as {@link Templates#render} does
   */
  public String html(CreditNoteView view) {
    return templates.render(Templates.CREDIT_NOTE, Map.of("v", view));
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
   * Renders a generic credit note to PDF.
   *
   * @param view the credit note, not null
   * @return the PDF bytes, never null
   * @throws BillingException as {@link #pdf(String, OutputStream)} does
   */
  public byte[] pdf(CreditNoteView view) {
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
    TrueTypeFont[] parsed = FONT_POOL.take();
    try (PDDocument doc = new PDDocument()) {
      PdfRendererBuilder b = new PdfRendererBuilder();
      b.useFastMode();
      b.usePDDocument(doc);
      b.withHtmlContent(xmlSafe(html), null);
      for (int i = 0; i < FONTS.size(); i++) {
        Font f = FONTS.get(i);
        b.useFont(new EmbeddedSubset(doc, parsed[i]), f.family(), f.weight(), BaseRendererBuilder.FontStyle.NORMAL, true);
      }
      b.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
      b.useUnicodeBidiReorderer(new ICUBidiReorderer());
      b.defaultTextDirection(BaseRendererBuilder.TextDirection.LTR);
      b.toStream(out);
      b.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (e instanceof BillingException be) {
        throw be;
      }
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "html", e.getClass().getSimpleName(),
          "well-formed XHTML: " + e.getMessage());
    } finally {
      FONT_POOL.give(parsed);
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

    TrueTypeFont parse() {
      try {
        return new TTFParser().parse(new RandomAccessReadBuffer(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Sets of parsed fonts, one per document being rendered: a document takes a set (parsing a new
   * one when none is free) and gives it back when done. The parsed fonts are never closed: they
   * read from the bundled bytes in memory.
   */
  private static final class FontPool {
    private final ConcurrentLinkedQueue<TrueTypeFont[]> free = new ConcurrentLinkedQueue<>();

    TrueTypeFont[] take() {
      TrueTypeFont[] set = free.poll();
      if (set != null) {
        return set;
      }
      TrueTypeFont[] fresh = new TrueTypeFont[FONTS.size()];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = FONTS.get(i).parse();
      }
      return fresh;
    }

    void give(TrueTypeFont[] set) {
      free.offer(set);
    }
  }

  /**
   * A parsed font embedded as a subset into one document, created only when the layout first asks
   * for the font (so a document embeds only the fonts it uses). PDFBox does not close a font it
   * was given parsed, so the parsed font outlives the document.
   */
  private static final class EmbeddedSubset extends PDFontSupplier {
    private final PDDocument doc;
    private final TrueTypeFont ttf;
    private PDFont font;

    EmbeddedSubset(PDDocument doc, TrueTypeFont ttf) {
      super(null);
      this.doc = doc;
      this.ttf = ttf;
    }

    @Override
    public PDFont supply() {
      if (font == null) {
        try {
          font = PDType0Font.load(doc, ttf, true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return font;
    }
  }
}
