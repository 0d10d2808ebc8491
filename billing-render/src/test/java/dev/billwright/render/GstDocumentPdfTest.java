package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstInvoiceLine;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.HsnSummaryRow;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.junit.jupiter.api.Test;

/**
 * Renders GST documents to PDF and reads them back with PDFBox's text extraction: every field of
 * CGST Rule 46 (tax invoice), Rule 53(1A) (credit note) and Rule 49 (bill of supply), every
 * amount, the embedded fonts, the page image and the signed QR code.
 */
class GstDocumentPdfTest {
  private static final DocumentRenderer RENDERER = DocumentRenderer.DEFAULT;

  @Test
  void intraStateTaxInvoiceShowsEveryRule46Field() {
    GstInvoice doc = Fixtures.intraState();
    GstDocumentView view = GstDocumentView.of(doc).withBreakdown(2, List.of(
        new BreakdownRow(0, "tier 1 (0 – 10,000)", "10,000 × 0.20", "2,000"),
        new BreakdownRow(0, "tier 2 (10,000 and above)", "2,345 × 0.0946", "222.10")));
    PdfText pdf = PdfText.read(RENDERER.pdf(view));
    String text = pdf.flat();

    assertThat(text).contains("TAX INVOICE", "Original for Recipient");
    // (a) supplier name, address, GSTIN
    assertThat(text).contains("Acme Cloud Pvt Ltd", "1 MG Road, Ashok Nagar", "Bengaluru 560001", "29AABCT1332L1ZA");
    // (b) serial number, (c) date
    assertThat(text).contains("INV/26-27/0001", "31/10/2026");
    // (d) recipient name, address, GSTIN, state with code. The name is in Devanagari: PDFBox shapes
    // it (conjuncts, the pre-base vowel sign) and extraction gives back the words without
    // conjuncts exactly; those with a conjunct come back as other glyph codes (see docs/rendering.md)
    assertThat(RENDERER.html(view)).contains("राम ट्रेडर्स प्राइवेट लिमिटेड");
    assertThat(text).contains("RECIPIENT राम ", "5 Residency Road", "Bengaluru 560025", "29AABCR1718E1ZL",
        "Karnataka (29)");
    // (n) place of supply with state name and code; (p) reverse charge
    assertThat(text).contains("Place of supply: Karnataka (29)", "Tax payable on reverse charge: No");
    // (g) HSN/SAC, (h) description, (j) total, (k) taxable value, (l) rate and (m) amount per head, per line
    for (GstInvoiceLine l : doc.lines()) {
      assertThat(text).contains("SAC " + l.hsnCode(), l.description(), IndianAmounts.figures(l.taxableValue()),
          IndianAmounts.figures(l.cgst()), IndianAmounts.figures(l.total()));
    }
    assertThat(text).contains("CGST", "SGST", "9%");
    assertThat(text).doesNotContainPattern("IGST(?! Act)"); // the notes cite the IGST Act, no IGST head
    // the usage breakdown
    assertThat(text).contains("tier 2 (10,000 and above): 2,345 × 0.0946 = 222.10");
    // HSN/SAC summary
    assertThat(text).contains("HSN/SAC SUMMARY");
    for (HsnSummaryRow r : doc.hsnSummary()) {
      assertThat(text).contains(IndianAmounts.figures(r.taxableValue()));
    }
    // totals in figures (with the rupee sign) and in words
    assertThat(text).contains("₹ " + IndianAmounts.figures(doc.totalValue()), IndianAmounts.inWords(doc.totalValue()));
    assertThat(text).contains(IndianAmounts.figures(doc.cgstTotal()), IndianAmounts.figures(doc.taxableTotal()));
    // (q) signature
    assertThat(text).contains("For Acme Cloud Pvt Ltd", "AUTHORISED SIGNATORY");
    for (String amount : view.printedAmounts()) {
      assertThat(text).contains(amount);
    }
    assertFontsEmbedded(pdf);
  }

  @Test
  void interStateInvoiceWithEInvoiceShowsIrnAndSignedQrCode() {
    GstInvoice doc = Fixtures.interState();
    GstDocumentView view = GstDocumentView.of(doc).withAck(Fixtures.ack());
    byte[] bytes = RENDERER.pdf(view);
    PdfText pdf = PdfText.read(bytes);
    String text = pdf.flat();
    assertThat(text).contains("IGST", "18%", "Maharashtra (27)", "Place of supply: Maharashtra (27)", "27AAPFU0939F1ZV");
    assertThat(text).doesNotContain("CGST");
    assertThat(text).contains("IRN: " + Fixtures.IRN, "Ack No.: 112610012345678", "31/10/2026 10:15");
    // 1,25,12,345.67 + IGST 22,52,222.22 = 1,47,64,567.89 → round-off 0.11 → 1,47,64,568.00
    assertThat(text).contains("1,25,00,000.00", "22,50,000.00", "2,222.22", "Round-off", "0.11",
        "₹ 1,47,64,568.00");
    assertThat(text).contains("Rupees One Crore Forty-Seven Lakh Sixty-Four Thousand Five Hundred Sixty-Eight Only");
    for (String amount : view.printedAmounts()) {
      assertThat(text).contains(amount);
    }
    BufferedImage page = PdfText.page(bytes, 0, 200);
    assertThat(inkRatio(page)).isBetween(0.01, 0.5);
    assertThat(decodeQr(page)).isEqualTo(Fixtures.SIGNED_QR);
  }

  /** Page 1 as a PNG (written to target/docs/gst-invoice.png, the image docs/ shows): not blank. */
  @Test
  void pageOneRendersToAnImageThatIsNotBlank() throws java.io.IOException {
    GstDocumentView view = GstDocumentView.of(Fixtures.intraState()).withAck(Fixtures.ack()).withBreakdown(2, List.of(
        new BreakdownRow(0, "tier 1 (0 – 10,000)", "10,000 × 0.20", "2,000"),
        new BreakdownRow(0, "tier 2 (10,000 and above)", "2,345 × 0.0946", "222.10")));
    BufferedImage page = PdfText.page(RENDERER.pdf(view), 0, 96);
    assertThat(page.getWidth()).isBetween(780, 800); // A4 at 96 dpi: 794 px
    assertThat(inkRatio(page)).isBetween(0.01, 0.5);
    java.nio.file.Path out = java.nio.file.Path.of("target", "docs", "gst-invoice.png");
    java.nio.file.Files.createDirectories(out.getParent());
    javax.imageio.ImageIO.write(page, "png", out.toFile());
    assertThat(out).isNotEmptyFile();
  }

  @Test
  void creditNoteRefersToItsOriginalInvoice() {
    GstInvoice doc = Fixtures.creditNote();
    PdfText pdf = PdfText.read(RENDERER.pdf(GstDocumentView.of(doc)));
    String text = pdf.flat();
    // Rule 53(1A): nature of the document, number and date, recipient, original invoice, values, rate, tax
    assertThat(text).contains("CREDIT NOTE", "section 34 of the CGST Act", "NOTE NO. CN/26-27/0001", "05/11/2026",
        "Against original invoice: INV/26-27/0002 dated 31/10/2026", "Buyer MH Pvt Ltd", "27AAPFU0939F1ZV",
        "29AABCT1332L1ZA", "Total credited");
    // 345.67 × 18 % = 62.2206 → 62.22; total 407.89
    assertThat(text).contains("345.67", "62.22", "₹ 407.89", "Rupees Four Hundred Seven and Eighty-Nine Paise Only");
  }

  @Test
  void deliveryAddressIsPrintedOnlyWhenTheDocumentHasOne() {
    GstParty warehouse = new GstParty(GstParty.UNREGISTERED, "Ram Traders Warehouse", "Plot 17, Peenya Industrial Area",
        "Bengaluru", java.util.Optional.of("560058"), GstState.KARNATAKA);
    GstInvoice doc = Fixtures.intraState().withDeliveryAddress(warehouse);
    String text = PdfText.read(RENDERER.pdf(GstDocumentView.of(doc))).flat();
    // Rule 46(o): the address of delivery, under the recipient's own address
    assertThat(text).contains("DELIVERY ADDRESS Ram Traders Warehouse Plot 17, Peenya Industrial Area Bengaluru 560058");
    assertThat(text.indexOf("DELIVERY ADDRESS")).isGreaterThan(text.indexOf("5 Residency Road"));
    assertThat(PdfText.read(RENDERER.pdf(GstDocumentView.of(Fixtures.intraState()))).flat())
        .doesNotContain("DELIVERY ADDRESS", "Peenya");
  }

  @Test
  void billOfSupplyShowsNoTax() {
    GstInvoice doc = Fixtures.billOfSupply();
    PdfText pdf = PdfText.read(RENDERER.pdf(GstDocumentView.of(doc)));
    String text = pdf.flat();
    assertThat(text).contains("BILL OF SUPPLY", "BOS/26-27/0001", "SAC 999293", "15,000.00", "₹ 15,000.00",
        "Rupees Fifteen Thousand Only", "no tax is charged", "Notification 12/2017");
    assertThat(text).doesNotContain("CGST", "IGST", "HSN/SAC SUMMARY");
  }

  static void assertFontsEmbedded(PdfText pdf) {
    assertThat(pdf.fonts()).isNotEmpty();
    for (PDFont f : pdf.fonts()) {
      assertThat(f.isEmbedded()).as(f.getName()).isTrue();
    }
  }

  /** The share of pixels that are not white: a blank page has none. */
  static double inkRatio(BufferedImage img) {
    long ink = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        if (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF) < 600) {
          ink++;
        }
      }
    }
    return (double) ink / ((long) img.getWidth() * img.getHeight());
  }

  static String decodeQr(BufferedImage img) {
    int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    try {
      return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(),
          img.getHeight(), pixels))), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    } catch (com.google.zxing.ReaderException e) {
      throw new AssertionError("no QR code found on the page", e);
    }
  }
}
