package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The explanation of a {@code matrix} price: one entry per group of dimension values, with the
 * cell that matched and the explanation of that cell's price.
 *
 * @param model the model name, {@code matrix}
 * @param quantity the summed quantity of all groups
 * @param amount the exact amount, the sum of the groups' amounts
 * @param groups the groups in first-seen order
 */
public record MatrixExplanation(String model, BigDecimal quantity, Money amount, List<Group> groups)
    implements Explanation {
  /**
   * Copies the groups.
   *
   * @param model the model name
   * @param quantity the quantity
   * @param amount the amount
   * @param groups the groups
   */
  public MatrixExplanation {
    groups = List.copyOf(groups);
  }

  /**
   * One group of events sharing dimension values.
   *
   * @param dimensions the group's value for each dimension (a dimension an event lacks is absent)
   * @param matchedWhen the {@code when} of the cell that matched, or null when the default
   *     price was used
   * @param priced the explanation of the price applied to the group
   */
  public record Group(Map<String, String> dimensions, @Nullable Map<String, String> matchedWhen,
      Explanation priced) {}
}
