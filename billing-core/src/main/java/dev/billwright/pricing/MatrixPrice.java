package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A price per combination of event dimensions (model {@code matrix}), such as country × channel
 * for one-time passwords. Events (or pre-grouped quantities) are grouped by the values of
 * {@code dimensions}; each group is priced by the most specific matching cell (the one whose
 * {@code when} names the most dimensions; among equally specific matches the first listed wins),
 * else by {@code defaultPrice}; a group with no match and no default is an error naming its
 * dimension values. Orb's {@code matrix} price is the two-dimension special case.
 *
 * @param dimensions the dimension (event property) names, at least one, distinct
 * @param cells the cells; each {@code when} uses only declared dimensions; no two equal; empty
 *     only with a default
 * @param defaultPrice the price of groups no cell matches, or null for none (then there is at
 *     least one cell); not a matrix
 */
public record MatrixPrice(List<String> dimensions, List<MatrixCell> cells, @Nullable Price defaultPrice)
    implements Price {
  /**
   * Validates and copies the fields.
   *
   * @param dimensions the dimension names
   * @param cells the cells
   * @param defaultPrice the default price, or null
   * @throws BillingException if the dimensions are empty or repeated, a cell uses an undeclared
   *     dimension, two cells have the same {@code when}, there are neither cells nor a default,
   *     or the default is a matrix
   */
  public MatrixPrice {
    PriceChecks.required(dimensions, "dimensions");
    PriceChecks.required(cells, "cells");
    if (dimensions.isEmpty() || new HashSet<>(dimensions).size() != dimensions.size()
        || dimensions.stream().anyMatch(java.util.Objects::isNull)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "dimensions", dimensions,
          "at least one distinct, non-null dimension name");
    }
    Set<Map<String, String>> seen = new HashSet<>();
    for (int i = 0; i < cells.size(); i++) {
      MatrixCell cell = PriceChecks.required(cells.get(i), "cells[" + i + "]");
      if (!dimensions.containsAll(cell.when().keySet())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "cells[" + i + "].when", cell.when(),
            "only the declared dimensions " + dimensions);
      }
      if (!seen.add(cell.when())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "cells[" + i + "].when", cell.when(),
            "a combination no earlier cell has");
      }
    }
    if (cells.isEmpty() && defaultPrice == null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "cells", "[]",
          "at least one cell or a default price (a matrix with neither can price no group)");
    }
    if (defaultPrice instanceof MatrixPrice) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "default", "matrix", "a price model other than matrix");
    }
    dimensions = List.copyOf(new LinkedHashSet<>(dimensions));
    cells = List.copyOf(cells);
  }

  /**
   * Returns the cell that prices a group: the most specific match, the first listed among ties.
   *
   * @param groupDimensions the group's dimension values, not null
   * @return the matching cell, or null when none matches
   */
  public @Nullable MatrixCell match(Map<String, String> groupDimensions) {
    MatrixCell best = null;
    for (MatrixCell cell : cells) {
      if (cell.matches(groupDimensions) && (best == null || cell.when().size() > best.when().size())) {
        best = cell;
      }
    }
    return best;
  }

  @Override
  public String model() {
    return "matrix";
  }

  @Override
  public boolean pricesGroups() {
    return true;
  }
}
