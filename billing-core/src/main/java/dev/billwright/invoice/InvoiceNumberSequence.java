package dev.billwright.invoice;

import dev.billwright.error.BillingException;

/**
 * SPI: gap-free invoice numbers per series, implemented by the host over its database (a row per
 * series incremented in the same transaction that finalizes the invoice).
 *
 * <p>Contract (checked by {@code dev.billwright.testkit.invoice.InvoiceNumberSequenceContract}):
 * for each series the values are 1, 2, 3… in order of calls, with no gap and no repeat, also
 * under concurrent calls; series are independent. Gap-free, unique numbering per financial year
 * is what CGST Rule 46(b) asks ("a consecutive serial number… unique for a financial year").
 * billing-memory has an in-memory implementation.
 */
public interface InvoiceNumberSequence {

  /**
   * Takes the next value of a series.
   *
   * @param series the series name, such as {@code INV/26-27}, not blank
   * @return the next value, 1 for the first call of a series
   * @throws BillingException if the series name is blank
   */
  long next(String series);

  /**
   * Takes the next value of a series and formats it as an invoice number.
   *
   * @param series the series, not null
   * @return the number, such as {@code INV/26-27/000001}, never null
   * @throws BillingException if the value no longer fits the series' format
   */
  default String nextNumber(InvoiceSeries series) {
    return series.format(next(series.name()));
  }
}
