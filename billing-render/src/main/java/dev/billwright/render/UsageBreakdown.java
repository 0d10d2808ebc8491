package dev.billwright.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The readable breakdown of a usage line from its pricing explanation (the JSON written by
 * {@code dev.billwright.pricing.ExplanationJson} and kept on {@code InvoiceLine.explanation()}):
 * one row per tier of a graduated or volume price, per matrix cell (dimension values) with the
 * cell's own tiers under it, per priced part of a flat or package price, and one summary row for
 * a percentage price.
 */
public final class UsageBreakdown {
  private UsageBreakdown() {}

  /**
   * Reads the rows of an explanation; an explanation without a known shape, or null, gives no
   * rows (the line is still printed with its amount).
   *
   * @param explanation the explanation JSON, may be null or empty
   * @return the rows in the explanation's order, never null
   */
  public static List<BreakdownRow> of(@Nullable JsonNode explanation) {
    List<BreakdownRow> rows = new ArrayList<>();
    add(explanation, 0, rows);
    return List.copyOf(rows);
  }

  private static void add(JsonNode e, int depth, List<BreakdownRow> rows) {
    if (e == null || e.isNull() || !e.has("model")) {
      return;
    }
    String model = e.get("model").asText();
    if (e.has("groups")) {
      for (JsonNode g : e.get("groups")) {
        JsonNode priced = g.get("priced");
        JsonNode when = g.get("matched_when");
        String cell = when == null || when.isNull() ? "default price" : "cell " + cell(when, g.get("dimensions"));
        String detail = number(priced.get("quantity")) + " units, " + priced.path("model").asText();
        JsonNode parts = priced.get("lines");
        if (parts != null && parts.size() == 1 && !parts.get(0).path("unit_price").isNull()) {
          detail = number(parts.get(0).get("quantity")) + " × " + number(parts.get(0).get("unit_price"));
        }
        rows.add(new BreakdownRow(depth, dims(g.get("dimensions")) + " · " + cell, detail, number(priced.get("amount"))));
        if (priced.has("steps") || parts != null && parts.size() > 1) {
          add(priced, depth + 1, rows);
        }
      }
    } else if (e.has("steps")) {
      for (JsonNode s : e.get("steps")) {
        String price = s.has("rate") ? number(s.get("rate")) + " %" : number(s.get("unit_price"));
        BigDecimal flat = decimal(s.get("flat_fee"));
        JsonNode to = s.get("to");
        String range = to == null || to.isNull() ? number(s.get("from")) + " and above"
            : number(s.get("from")) + " – " + number(to);
        rows.add(new BreakdownRow(depth, "tier " + (s.get("tier").asInt() + 1) + " (" + range + ")"
            + ("volume".equals(model) ? ", every unit at this tier" : ""),
            number(s.get("units")) + " × " + price + (flat.signum() != 0 ? " + " + number(s.get("flat_fee")) : ""),
            number(s.get("subtotal"))));
      }
    } else if (e.has("lines")) {
      for (JsonNode l : e.get("lines")) {
        JsonNode unitPrice = l.get("unit_price");
        rows.add(new BreakdownRow(depth, l.path("label").asText(), number(l.get("quantity"))
            + (unitPrice == null || unitPrice.isNull() ? "" : " × " + number(unitPrice)), number(l.get("subtotal"))));
      }
    } else if (e.has("percentage_amount")) {
      rows.add(new BreakdownRow(depth, e.path("events").asInt() + " events, " + e.path("free_events").asInt() + " free",
          "percentage " + number(e.get("percentage_amount")) + " + fixed fees " + number(e.get("fixed_fees")),
          number(e.get("amount"))));
    }
  }

  private static String cell(JsonNode when, JsonNode dimensions) {
    StringBuilder b = new StringBuilder();
    if (dimensions != null) {
      for (Map.Entry<String, JsonNode> d : dimensions.properties()) {
        if (when.has(d.getKey())) {
          b.append(b.length() > 0 ? " × " : "").append(when.get(d.getKey()).asText());
        }
      }
    }
    return b.length() == 0 ? dims(when) : b.toString();
  }

  private static String dims(JsonNode dims) {
    if (dims == null || dims.isNull() || dims.isEmpty()) {
      return "all";
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, JsonNode> d : dims.properties()) {
      b.append(b.length() > 0 ? ", " : "").append(d.getKey()).append('=').append(d.getValue().asText());
    }
    return b.toString();
  }

  private static BigDecimal decimal(JsonNode n) {
    if (n == null || n.isNull() || n.asText().isEmpty()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(n.asText());
    } catch (NumberFormatException ex) {
      return BigDecimal.ZERO;
    }
  }

  /** A decimal of the explanation as printed: Indian grouping, trailing zeros dropped; empty for none. */
  static String number(JsonNode n) {
    if (n == null || n.isNull()) {
      return "";
    }
    String text = n.asText();
    try {
      return Formats.quantity(new BigDecimal(text));
    } catch (NumberFormatException ex) {
      return text;
    }
  }
}
