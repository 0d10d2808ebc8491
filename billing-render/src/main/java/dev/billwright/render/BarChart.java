package dev.billwright.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bar chart laid out for inline SVG: the geometry in whole SVG user units, computed here so that
 * a template only writes {@code <rect>} and {@code <text>} elements (no script, no external
 * resource). Values are scaled to the largest; geometry is pixels, not money, and is the only
 * place values are rounded (to whole pixels, HALF_UP).
 *
 * @param title the chart's title
 * @param horizontal true for horizontal bars with labels at the left, false for columns with
 *     labels under them
 * @param width the SVG width
 * @param height the SVG height
 * @param bars the bars in the order given
 */
public record BarChart(String title, boolean horizontal, int width, int height, List<Bar> bars) {
  private static final int LABEL = 150;
  private static final int ROW = 18;

  /**
   * Copies the bars.
   *
   * @param title see the record component
   * @param horizontal see the record component
   * @param width see the record component
   * @param height see the record component
   * @param bars see the record component
   */
  public BarChart {
    bars = List.copyOf(bars);
  }

  /**
   * Lays out horizontal bars, one row of 18 units per value, 640 units wide.
   *
   * @param title the title, not null
   * @param values the labels and values in order (values zero or more), not null
   * @param valueText how each value is printed at the end of its bar, by label, not null
   * @return the chart, never null
   */
  public static BarChart horizontal(String title, Map<String, BigDecimal> values, Map<String, String> valueText) {
    int width = 640;
    int plot = width - LABEL - 110;
    BigDecimal max = max(values);
    List<Bar> bars = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, BigDecimal> e : values.entrySet()) {
      int len = scale(e.getValue(), max, plot);
      int y = 4 + i * ROW;
      bars.add(new Bar(e.getKey(), valueText.getOrDefault(e.getKey(), e.getValue().toPlainString()), LABEL, y, len,
          ROW - 5, LABEL - 6, y + ROW - 8, LABEL + len + 4, y + ROW - 8));
      i++;
    }
    return new BarChart(title, true, width, Math.max(ROW, 8 + values.size() * ROW), bars);
  }

  /**
   * Lays out columns (such as usage by day), 640 units wide and 180 high, labels under every
   * column when they fit and under every fifth otherwise.
   *
   * @param title the title, not null
   * @param values the labels and values in order (values zero or more), not null
   * @return the chart, never null
   */
  public static BarChart columns(String title, Map<String, BigDecimal> values) {
    int width = 640;
    int height = 180;
    int plotHeight = height - 40;
    int n = Math.max(1, values.size());
    int step = Math.max(4, (width - 20) / n);
    BigDecimal max = max(values);
    List<Bar> bars = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, BigDecimal> e : values.entrySet()) {
      int h = scale(e.getValue(), max, plotHeight);
      int x = 10 + i * step;
      boolean labelled = n <= 12 || i % 5 == 0;
      bars.add(new Bar(labelled ? e.getKey() : "", Formats.quantity(e.getValue()), x, 14 + plotHeight - h,
          Math.max(1, step - 2), h, x, height - 12, x, 12 + plotHeight - h));
      i++;
    }
    return new BarChart(title, false, width, height, bars);
  }

  private static BigDecimal max(Map<String, BigDecimal> values) {
    return values.values().stream().max(BigDecimal::compareTo).filter(m -> m.signum() > 0).orElse(BigDecimal.ONE);
  }

  private static int scale(BigDecimal value, BigDecimal max, int length) {
    if (value.signum() <= 0) {
      return 0;
    }
    return Math.max(1, value.multiply(BigDecimal.valueOf(length)).divide(max, 0, RoundingMode.HALF_UP).intValue());
  }

  /**
   * A bar with its geometry.
   *
   * @param label the label, may be empty (not shown)
   * @param valueText the value as printed
   * @param x the bar's left
   * @param y the bar's top
   * @param width the bar's width
   * @param height the bar's height
   * @param labelX where the label is anchored, x
   * @param labelY where the label's baseline is, y
   * @param valueX where the value text starts, x
   * @param valueY where the value text's baseline is, y
   */
  public record Bar(String label, String valueText, int x, int y, int width, int height, int labelX, int labelY,
      int valueX, int valueY) {}
}
