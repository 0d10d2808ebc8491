/**
 * The tax SPI: what invoicing hands to a tax engine ({@link dev.billwright.tax.TaxRequest} with
 * its {@link dev.billwright.tax.TaxParty parties} and {@link dev.billwright.tax.TaxableLine lines})
 * and what it gets back ({@link dev.billwright.tax.TaxResult} of
 * {@link dev.billwright.tax.TaxLine tax lines}, one per line and tax head). Jurisdictions plug in
 * through {@link dev.billwright.tax.TaxCalculator}; Indian GST lives in the billing-tax-gst
 * module. {@link dev.billwright.tax.TaxResultJson} writes and reads a result so an invoice can
 * embed it.
 */
@NullMarked
package dev.billwright.tax;

import org.jspecify.annotations.NullMarked;
