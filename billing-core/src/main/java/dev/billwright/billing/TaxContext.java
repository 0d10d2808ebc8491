package dev.billwright.billing;

import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxParty;
import java.util.Map;
import java.util.Optional;

/**
 * Who supplies and who receives, and how tax is calculated, for one invoice.
 *
 * @param supplier the supplier (the host's company), not null
 * @param customer the customer, not null
 * @param calculator the tax SPI, not null ({@link TaxCalculator#none()} for no tax)
 */
public record TaxContext(TaxParty supplier, TaxParty customer, TaxCalculator calculator) {
  /**
   * No tax: placeholder parties and {@link TaxCalculator#none()}.
   *
   * @return the context, never null
   */
  public static TaxContext none() {
    TaxParty nobody = new TaxParty("untaxed", Optional.empty(), "US", Optional.empty(), Optional.empty(), Map.of());
    return new TaxContext(nobody, nobody, TaxCalculator.none());
  }
}
