package dev.billwright.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/** Reads a rendered PDF back with PDFBox: its text, glyph positions, fonts and page images. */
record PdfText(String text, List<TextPosition> positions, float pageWidth, int pages, List<PDFont> fonts) {
  static PdfText read(byte[] pdf) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      List<TextPosition> positions = new ArrayList<>();
      PDFTextStripper stripper = new PDFTextStripper() {
        @Override
        protected void writeString(String text, List<TextPosition> textPositions) throws IOException {
          positions.addAll(textPositions);
          super.writeString(text, textPositions);
        }
      };
      String text = stripper.getText(doc);
      List<PDFont> fonts = new ArrayList<>();
      for (PDPage page : doc.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          fonts.add(page.getResources().getFont(name));
        }
      }
      return new PdfText(text, positions, doc.getPage(0).getMediaBox().getWidth(), doc.getNumberOfPages(), fonts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage page(byte[] pdf, int index, float dpi) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFRenderer(doc).renderImageWithDPI(index, dpi);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text with line breaks and runs of spaces folded to single spaces. */
  String flat() {
    return text.replaceAll("\\s+", " ");
  }
}
