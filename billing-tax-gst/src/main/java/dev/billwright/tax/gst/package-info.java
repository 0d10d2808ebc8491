/**
 * Indian GST for Billwright: GSTIN validation ({@link dev.billwright.tax.gst.Gstin}), state and
 * UT codes ({@link dev.billwright.tax.gst.GstState}), place of supply
 * ({@link dev.billwright.tax.gst.PlaceOfSupplyRule}, IGST Act s.12/s.13), dated rate tables
 * ({@link dev.billwright.tax.gst.GstRateTable}), the calculator that picks CGST+SGST,
 * CGST+UTGST or IGST and computes them per line and per head
 * ({@link dev.billwright.tax.gst.GstTaxCalculator}), the data of a tax invoice, bill of supply
 * and credit/debit note ({@link dev.billwright.tax.gst.GstInvoice}, CGST Rules 46, 49 and 53),
 * and the e-invoice JSON of FORM GST INV-01 schema 1.1
 * ({@link dev.billwright.tax.gst.EInvoiceMapper}, {@link dev.billwright.tax.gst.EInvoiceValidator}).
 *
 * <p>Sources are cited on each rule; nothing here is tax advice and rates are data.
 */
@NullMarked
package dev.billwright.tax.gst;

import org.jspecify.annotations.NullMarked;
