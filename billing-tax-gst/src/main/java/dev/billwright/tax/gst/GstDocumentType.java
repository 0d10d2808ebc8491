package dev.billwright.tax.gst;

import java.util.Optional;

/** The GST document types, with their e-invoice {@code DocDtls.Typ} codes where one exists. */
public enum GstDocumentType {
  /** Tax invoice, CGST Act s.31 and CGST Rule 46 (e-invoice {@code INV}). */
  TAX_INVOICE("INV"),
  /** Bill of supply for exempt or non-taxable supplies, CGST Rule 49: no tax shown, no e-invoice. */
  BILL_OF_SUPPLY(null),
  /** Credit note, CGST Act s.34(1) and CGST Rule 53(1A) (e-invoice {@code CRN}). */
  CREDIT_NOTE("CRN"),
  /** Debit note, CGST Act s.34(3) and CGST Rule 53(1A) (e-invoice {@code DBN}). */
  DEBIT_NOTE("DBN");

  private final String eInvoiceCode;

  GstDocumentType(String code) {
    this.eInvoiceCode = code;
  }

  /**
   * Returns the e-invoice document type code.
   *
   * @return {@code INV}, {@code CRN} or {@code DBN}; empty for a bill of supply
   */
  public Optional<String> eInvoiceCode() {
    return Optional.ofNullable(eInvoiceCode);
  }

  /**
   * Returns whether the document adjusts an earlier invoice (credit or debit note).
   *
   * @return true for credit and debit notes
   */
  public boolean isNote() {
    return this == CREDIT_NOTE || this == DEBIT_NOTE;
  }
}
