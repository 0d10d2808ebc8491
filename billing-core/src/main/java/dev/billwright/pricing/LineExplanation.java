package dev.billwright.pricing;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * The explanation of the single-rate models ({@code flat}, {@code per_unit}, {@code package},
 * {@code dynamic}): a few labelled lines whose subtotals sum to the amount.
 *
 * @param model the model name
 * @param quantity the quantity priced, zero or more
 * @param amount the exact amount, the sum of the line subtotals
 * @param lines the lines, such as {@code free units}, {@code billable units} or {@code packages}
 */
public record LineExplanation(String model, BigDecimal quantity, Money amount, List<Line> lines)
    implements Explanation {
  /**
   * Copies the lines.
   *
   * @param model the model name
   * @param quantity the quantity
   * @param amount the amount
   * @param lines the lines
   */
  public LineExplanation {
    lines = List.copyOf(lines);
  }

  /**
   * One line of a {@link LineExplanation}.
   *
   * @param label what the line counts, such as {@code billable units}
   * @param quantity the count on the line (units, packages, events)
   * @param unitPrice the price of one, in major units
   * @param subtotal quantity × unit price, exact
   */
  public record Line(String label, BigDecimal quantity, BigDecimal unitPrice, Money subtotal) {}
}
