package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cell of a {@link MatrixPrice}: the dimension values it matches and the price of a group
 * that matches it.
 *
 * @param when the dimension values the cell requires, a subset of the matrix's dimensions (an
 *     empty map matches every group); neither keys nor values null
 * @param price the price of a matching group's quantity or events; not a matrix
 */
public record MatrixCell(Map<String, String> when, Price price) {
  /**
   * Validates and copies the fields.
   *
   * @param when the required dimension values
   * @param price the cell's price
   * @throws BillingException if a field is null, holds nulls, or the price is a matrix
   */
  public MatrixCell {
    PriceChecks.required(when, "when");
    PriceChecks.required(price, "price");
    for (Map.Entry<String, String> e : when.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "when", when, "dimension names and values, no nulls");
      }
    }
    if (price instanceof MatrixPrice) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "price", "matrix", "a price model other than matrix");
    }
    when = java.util.Collections.unmodifiableMap(new TreeMap<>(when));
  }

  /**
   * Tells whether the cell matches a group's dimension values.
   *
   * @param dimensions the group's dimension values, not null
   * @return true when every required value is present and equal
   */
  public boolean matches(Map<String, String> dimensions) {
    for (Map.Entry<String, String> e : when.entrySet()) {
      if (!e.getValue().equals(dimensions.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
