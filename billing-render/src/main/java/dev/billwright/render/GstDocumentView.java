package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.tax.gst.GstDocumentType;
import dev.billwright.tax.gst.GstInvoice;
import dev.billwright.tax.gst.GstInvoiceLine;
import dev.billwright.tax.gst.GstParty;
import dev.billwright.tax.gst.GstState;
import dev.billwright.tax.gst.HsnSummaryRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a GST document shows, ready for a template: a tax invoice with every field of CGST Rule 46,
 * a bill of supply (Rule 49) or a credit or debit note (Rule 53(1A)), all from a {@link
 * GstInvoice}. Amounts are INR in figures with Indian grouping and 2 decimals, dates
 * {@code dd/MM/yyyy} (as on the e-invoice), rates in percent.
 *
 * <p>Rule 46 fields and where they come from: (a) supplier name, address, GSTIN {@link
 * #supplier()}; (b) serial number {@link #number()}; (c) date {@link #date()}; (d), (e) recipient
 * name, address, GSTIN or "Unregistered", state name and code {@link #recipient()}; (g) HSN/SAC,
 * (h) description, (i) quantity and unit, (j) total value, (k) taxable value, (l) rate and (m)
 * amount per tax head, per line {@link #lines()}, and the HSN/SAC summary {@link #hsnSummary()};
 * (n) place of supply with state name and code {@link #placeOfSupply()}; (p) whether tax is
 * payable on reverse charge {@link #reverseCharge()}; (q) the signature line; the total in words
 * {@link #totalInWords()}
 * (Indian system). With an {@link EInvoiceAck}, the IRN, acknowledgement and signed QR code
 * (Rule 48(4)).
 */
public final class GstDocumentView {
  private final GstInvoice document;
  private final Optional<EInvoiceAck> ack;
  private final Map<Integer, List<BreakdownRow>> breakdowns;
  private final String copyLabel;

  private GstDocumentView(GstInvoice document, Optional<EInvoiceAck> ack, Map<Integer, List<BreakdownRow>> breakdowns,
      String copyLabel) {
    this.document = document;
    this.ack = ack;
    this.breakdowns = Map.copyOf(breakdowns);
    this.copyLabel = copyLabel;
  }

  /**
   * Returns the view of a document, without e-invoice acknowledgement or usage breakdowns, marked
   * {@code Original for Recipient} (Rule 48(1)(a)).
   *
   * @param document the document, not null
   * @return the view, never null
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if the document is null
   */
  public static GstDocumentView of(GstInvoice document) {
    if (document == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "document", null, "a GST document");
    }
    return new GstDocumentView(document, Optional.empty(), Map.of(), "Original for Recipient");
  }

  /**
   * Returns a copy showing the IRN, acknowledgement and signed QR code the portal returned.
   *
   * @param value the acknowledgement, not null
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the document is a bill of
   *     supply (it has no e-invoice), or {@link ErrorCode#REQUIRED_FIELD_MISSING} if null
   */
  public GstDocumentView withAck(EInvoiceAck value) {
    if (value == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "einvoice_ack", null, "an acknowledgement");
    }
    if (document.type() == GstDocumentType.BILL_OF_SUPPLY) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "einvoice_ack", value.irn(),
          "no acknowledgement on a bill of supply (no e-invoice, INV-01 document types INV, CRN, DBN)");
    }
    return new GstDocumentView(document, Optional.of(value), breakdowns, copyLabel);
  }

  /**
   * Returns a copy with the readable breakdown of one line (tiers, matrix cells).
   *
   * @param serialNumber the line's serial number on the document
   * @param rows the rows, not null; empty removes the breakdown
   * @return the copy, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if no line has that number
   */
  public GstDocumentView withBreakdown(int serialNumber, List<BreakdownRow> rows) {
    if (document.lines().stream().noneMatch(l -> l.serialNumber() == serialNumber)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "breakdown.serial_number", serialNumber,
          "the serial number of a line of " + document.number());
    }
    Map<Integer, List<BreakdownRow>> copy = new HashMap<>(breakdowns);
    copy.put(serialNumber, List.copyOf(rows));
    return new GstDocumentView(document, ack, copy, copyLabel);
  }

  /**
   * Returns a copy with another copy label (Rule 48: {@code Original for Recipient},
   * {@code Duplicate for Transporter}, {@code Triplicate for Supplier}); empty shows none.
   *
   * @param label the label, not null
   * @return the copy, never null
   */
  public GstDocumentView withCopyLabel(String label) {
    return new GstDocumentView(document, ack, breakdowns, java.util.Objects.requireNonNull(label, "label"));
  }

  /**
   * Returns the document shown.
   *
   * @return the document, never null
   */
  public GstInvoice document() {
    return document;
  }

  /**
   * Returns the document's title: {@code Tax Invoice}, {@code Bill of Supply}, {@code Credit Note}
   * or {@code Debit Note}.
   *
   * @return the title, never null
   */
  public String title() {
    return switch (document.type()) {
      case TAX_INVOICE -> "Tax Invoice";
      case BILL_OF_SUPPLY -> "Bill of Supply";
      case CREDIT_NOTE -> "Credit Note";
      case DEBIT_NOTE -> "Debit Note";
    };
  }

  /**
   * Returns the copy label, such as {@code Original for Recipient}; may be empty.
   *
   * @return the label, never null
   */
  public String copyLabel() {
    return copyLabel;
  }

  /**
   * Returns whether the document is a credit or debit note.
   *
   * @return true for a note
   */
  public boolean isNote() {
    return document.type().isNote();
  }

  /**
   * Returns whether the document shows tax (false for a bill of supply).
   *
   * @return true if tax columns are shown
   */
  public boolean showsTax() {
    return document.type() != GstDocumentType.BILL_OF_SUPPLY;
  }

  /**
   * Returns whether CGST and SGST/UTGST columns are shown: an intra-state supply that is not
   * zero-rated (IGST Act s.8); otherwise IGST is shown.
   *
   * @return true for CGST + SGST/UTGST, false for IGST
   */
  public boolean intraState() {
    return !document.supplyType().isZeroRated() && document.supplier().state() == document.placeOfSupply();
  }

  /**
   * Returns the name of the state head: {@code UTGST} in a Union territory without legislature,
   * else {@code SGST}.
   *
   * @return the head name, never null
   */
  public String stateHead() {
    return document.placeOfSupply().usesUtgst() ? "UTGST" : "SGST";
  }

  /**
   * Returns whether any line has cess.
   *
   * @return true if a cess column is shown
   */
  public boolean hasCess() {
    return document.cessTotal().isPositive();
  }

  /**
   * Returns the serial number (Rule 46(b)).
   *
   * @return the number, never null
   */
  public String number() {
    return document.number();
  }

  /**
   * Returns the date of issue, {@code dd/MM/yyyy} (Rule 46(c)).
   *
   * @return the date, never null
   */
  public String date() {
    return Formats.indianDate(document.date());
  }

  /**
   * Returns the supplier as printed (Rule 46(a)).
   *
   * @return the supplier, never null
   */
  public PartyView supplier() {
    return PartyView.of(document.supplier());
  }

  /**
   * Returns the recipient as printed (Rule 46(d), (e)).
   *
   * @return the recipient, never null
   */
  public PartyView recipient() {
    return PartyView.of(document.recipient());
  }

  /**
   * Returns the address of delivery as printed, when the document has one other than the
   * recipient's (Rule 46(o)).
   *
   * @return the delivery address, or empty to print none
   */
  public Optional<PartyView> deliveryAddress() {
    return document.deliveryAddress().map(PartyView::of);
  }

  /**
   * Returns the place of supply with state name and code, such as {@code Telangana (36)}
   * (Rule 46(n)).
   *
   * @return the place of supply, never null
   */
  public String placeOfSupply() {
    return state(document.placeOfSupply());
  }

  /**
   * Returns {@code Yes} or {@code No}: whether tax is payable on reverse charge (Rule 46(p)).
   *
   * @return the statement's answer, never null
   */
  public String reverseCharge() {
    return document.reverseCharge() ? "Yes" : "No";
  }

  /**
   * Returns the supply type's code ({@code B2B}, {@code B2C}, {@code SEZWOP}...).
   *
   * @return the code, never null
   */
  public String supplyType() {
    return document.supplyType().name();
  }

  /**
   * Returns, for a note, the original invoices as {@code NUMBER dated dd/MM/yyyy}
   * (Rule 53(1A)(g)); empty for an invoice.
   *
   * @return the references, never null
   */
  public List<String> originalInvoices() {
    return document.precedingDocuments().stream().map(d -> d.number() + " dated " + Formats.indianDate(d.date()))
        .toList();
  }

  /**
   * Returns the lines as printed.
   *
   * @return the lines in serial-number order of the document, never null
   */
  public List<LineView> lines() {
    List<LineView> out = new ArrayList<>();
    boolean intra = intraState();
    for (GstInvoiceLine l : document.lines()) {
      BigDecimal half = l.gstRate().divide(BigDecimal.valueOf(2));
      out.add(new LineView(l.serialNumber(), l.description(), l.service() ? "SAC" : "HSN", l.hsnCode(),
          Formats.quantity(l.quantity()), l.unit().orElse(""), Formats.quantity(l.unitPrice()),
          Formats.inr(l.discount()), Formats.inr(l.taxableValue()),
          Formats.rate(intra ? half : l.gstRate()), Formats.inr(intra ? l.cgst() : l.igst()),
          Formats.rate(half), Formats.inr(l.sgst()), Formats.rate(l.cessRate()),
          Formats.inr(l.cess().plus(l.cessNonAdvalorem())), Formats.inr(l.total()),
          breakdowns.getOrDefault(l.serialNumber(), List.of())));
    }
    return out;
  }

  /**
   * Returns the HSN/SAC summary rows as printed.
   *
   * @return the rows, never null
   */
  public List<HsnRowView> hsnSummary() {
    List<HsnRowView> out = new ArrayList<>();
    boolean intra = intraState();
    for (HsnSummaryRow r : document.hsnSummary()) {
      BigDecimal half = r.gstRate().divide(BigDecimal.valueOf(2));
      out.add(new HsnRowView(r.hsnCode(), Formats.quantity(r.quantity()), r.unit().orElse(""),
          Formats.inr(r.taxableValue()), Formats.rate(intra ? half : r.gstRate()), Formats.inr(intra ? r.cgst() : r.igst()),
          Formats.rate(half), Formats.inr(r.sgst()), Formats.inr(r.cess()),
          Formats.inr(r.igst().plus(r.cgst()).plus(r.sgst()).plus(r.cess()))));
    }
    return out;
  }

  /**
   * Returns the total taxable value.
   *
   * @return the figures, never null
   */
  public String taxableTotal() {
    return Formats.inr(document.taxableTotal());
  }

  /**
   * Returns the IGST total.
   *
   * @return the figures, never null
   */
  public String igstTotal() {
    return Formats.inr(document.igstTotal());
  }

  /**
   * Returns the CGST total.
   *
   * @return the figures, never null
   */
  public String cgstTotal() {
    return Formats.inr(document.cgstTotal());
  }

  /**
   * Returns the SGST/UTGST total.
   *
   * @return the figures, never null
   */
  public String sgstTotal() {
    return Formats.inr(document.sgstTotal());
  }

  /**
   * Returns the cess total.
   *
   * @return the figures, never null
   */
  public String cessTotal() {
    return Formats.inr(document.cessTotal());
  }

  /**
   * Returns the total tax of all heads.
   *
   * @return the figures, never null
   */
  public String taxTotal() {
    return Formats.inr(document.igstTotal().plus(document.cgstTotal()).plus(document.sgstTotal())
        .plus(document.cessTotal()).plus(document.stateCessTotal()));
  }

  /**
   * Returns whether the document has an invoice-level discount, other charges or a round-off.
   *
   * @return true if any of them is not zero
   */
  public boolean hasAdjustments() {
    return !document.discount().isZero() || !document.otherCharges().isZero() || !document.roundOff().isZero();
  }

  /**
   * Returns the invoice-level discount.
   *
   * @return the figures, never null
   */
  public String discount() {
    return Formats.inr(document.discount());
  }

  /**
   * Returns the invoice-level other charges.
   *
   * @return the figures, never null
   */
  public String otherCharges() {
    return Formats.inr(document.otherCharges());
  }

  /**
   * Returns the round-off.
   *
   * @return the figures, never null
   */
  public String roundOff() {
    return Formats.inr(document.roundOff());
  }

  /**
   * Returns the document total in figures (Rule 46(i)).
   *
   * @return the figures, never null
   */
  public String total() {
    return Formats.inr(document.totalValue());
  }

  /**
   * Returns the document total in words, Indian system (lakh, crore).
   *
   * @return the words, never null
   */
  public String totalInWords() {
    return IndianAmounts.inWords(document.totalValue());
  }

  /**
   * Returns the endorsements printed on the document (LUT, reverse charge, place-of-supply basis).
   *
   * @return the notes, never null
   */
  public List<String> notes() {
    return document.notes();
  }

  /**
   * Returns whether an e-invoice acknowledgement is shown.
   *
   * @return true with an acknowledgement
   */
  public boolean hasAck() {
    return ack.isPresent();
  }

  /**
   * Returns the IRN, or empty.
   *
   * @return the IRN, never null
   */
  public String irn() {
    return ack.map(EInvoiceAck::irn).orElse("");
  }

  /**
   * Returns the acknowledgement number, or empty.
   *
   * @return the number, never null
   */
  public String ackNumber() {
    return ack.map(EInvoiceAck::ackNumber).orElse("");
  }

  /**
   * Returns the acknowledgement date, {@code dd/MM/yyyy HH:mm}, or empty.
   *
   * @return the date, never null
   */
  public String ackDate() {
    return ack.map(a -> a.ackDate().format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm",
        java.util.Locale.ROOT))).orElse("");
  }

  /**
   * Returns the signed QR code as a PNG {@code data:} URI, or empty.
   *
   * @return the URI, never null
   */
  public String qrCodeDataUri() {
    return ack.map(a -> QrCodes.pngDataUri(a.signedQrCode())).orElse("");
  }

  /**
   * Returns every amount printed on the document, for checks that read a rendered PDF back: line
   * taxable values, tax amounts and totals, HSN summary values and document totals.
   *
   * @return the figures, never null
   */
  public List<String> printedAmounts() {
    List<String> out = new ArrayList<>();
    for (LineView l : lines()) {
      out.add(l.taxableValue());
      out.add(l.total());
      if (showsTax()) {
        out.add(l.taxAmount());
        if (intraState()) {
          out.add(l.stateTaxAmount());
        }
      }
    }
    for (HsnRowView r : hsnSummary()) {
      out.add(r.taxableValue());
    }
    out.add(taxableTotal());
    out.add(total());
    if (showsTax()) {
      out.add(intraState() ? cgstTotal() : igstTotal());
    }
    return out;
  }

  static String state(GstState s) {
    return s.stateName() + " (" + s.code() + ")";
  }

  /**
   * A party as printed.
   *
   * @param name the legal name
   * @param addressLines the address lines (street, location and PIN)
   * @param gstin the GSTIN, or {@code Unregistered}
   * @param state the state with its code, such as {@code Karnataka (29)}
   */
  public record PartyView(String name, List<String> addressLines, String gstin, String state) {
    static PartyView of(GstParty p) {
      return new PartyView(p.legalName(), List.of(p.address1(), p.location() + p.pin().map(pin -> " " + pin).orElse("")),
          p.gstin().equals(GstParty.UNREGISTERED) ? "Unregistered" : p.gstin(), GstDocumentView.state(p.state()));
    }
  }

  /**
   * A line as printed.
   *
   * @param serialNumber the serial number
   * @param description the description
   * @param codeKind {@code SAC} for a service, {@code HSN} for goods
   * @param hsnCode the HSN or SAC code
   * @param quantity the quantity
   * @param unit the unit (UQC), may be empty
   * @param unitPrice the unit price
   * @param discount the discount
   * @param taxableValue the taxable value
   * @param taxRate the IGST rate, or the CGST rate of an intra-state supply, percent
   * @param taxAmount the IGST amount, or the CGST amount of an intra-state supply
   * @param stateTaxRate the SGST/UTGST rate, percent (intra-state only)
   * @param stateTaxAmount the SGST/UTGST amount (intra-state only)
   * @param cessRate the cess rate, percent
   * @param cess the cess amount
   * @param total the line total
   * @param breakdown the usage breakdown rows, may be empty
   */
  public record LineView(int serialNumber, String description, String codeKind, String hsnCode, String quantity,
      String unit, String unitPrice, String discount, String taxableValue, String taxRate, String taxAmount,
      String stateTaxRate, String stateTaxAmount, String cessRate, String cess, String total,
      List<BreakdownRow> breakdown) {}

  /**
   * A row of the HSN/SAC summary as printed.
   *
   * @param hsnCode the HSN or SAC code
   * @param quantity the summed quantity
   * @param unit the unit, may be empty
   * @param taxableValue the summed taxable value
   * @param taxRate the IGST rate, or the CGST rate of an intra-state supply, percent
   * @param taxAmount the IGST or CGST amount
   * @param stateTaxRate the SGST/UTGST rate (intra-state)
   * @param stateTaxAmount the SGST/UTGST amount
   * @param cess the cess amount
   * @param totalTax the total tax of the row
   */
  public record HsnRowView(String hsnCode, String quantity, String unit, String taxableValue, String taxRate,
      String taxAmount, String stateTaxRate, String stateTaxAmount, String cess, String totalTax) {}
}
