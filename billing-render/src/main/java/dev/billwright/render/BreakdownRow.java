package dev.billwright.render;

/**
 * One row of a usage line's readable breakdown: a tier, a matrix cell or a priced part.
 *
 * @param depth the nesting level, 0 for the rows directly under the line (a tier inside a matrix
 *     cell is at depth 1)
 * @param label what the row is, such as {@code tier 2 (1,000 – 10,000)} or {@code cell IN × sms}
 * @param detail how it is priced, such as {@code 9,000 × 0.18}; may be empty
 * @param amount the row's amount as printed (plain figures, no currency); may be empty
 */
public record BreakdownRow(int depth, String label, String detail, String amount) {
  /**
   * Checks the components.
   *
   * @param depth see the record component
   * @param label see the record component
   * @param detail see the record component
   * @param amount see the record component
   * @throws NullPointerException if a text is null
   * @throws IllegalArgumentException if {@code depth} is negative
   */
  public BreakdownRow {
    java.util.Objects.requireNonNull(label, "label");
    java.util.Objects.requireNonNull(detail, "detail");
    java.util.Objects.requireNonNull(amount, "amount");
    if (depth < 0) {
      throw new IllegalArgumentException("depth " + depth + " is negative");
    }
  }

  /**
   * Returns the left indentation of the row in em, for templates: {@code 1 + depth}.
   *
   * @return the indentation, 1 or more
   */
  public int indentEm() {
    return 1 + depth;
  }
}
