package dev.billwright.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders a pricing explanation (the JSON of {@code ExplanationJson}) as indented text lines. */
final class Explain {
  private Explain() {}

  static List<String> lines(JsonNode explanation, String indent) {
    List<String> out = new ArrayList<>();
    render(explanation, indent, out);
    return out;
  }

  /** The cell's values in the order of the group's dimensions (country × channel). */
  private static String cellText(JsonNode when, JsonNode dimensions) {
    StringBuilder b = new StringBuilder();
    for (java.util.Map.Entry<String, JsonNode> d : dimensions.properties()) {
      if (when.has(d.getKey())) {
        b.append(b.length() > 0 ? " × " : "").append(when.get(d.getKey()).asText());
      }
    }
    return b.length() == 0 ? Text.dims(when) : b.toString();
  }

  private static void render(JsonNode e, String indent, List<String> out) {
    if (e == null || e.isNull() || !e.has("model")) {
      return;
    }
    String model = e.get("model").asText();
    if (e.has("groups")) {
      for (JsonNode g : e.get("groups")) {
        JsonNode priced = g.get("priced");
        JsonNode when = g.get("matched_when");
        String cell = when == null || when.isNull() ? "default price" : "cell " + cellText(when, g.get("dimensions"));
        out.add(indent + Text.pad(Text.dims(g.get("dimensions")), 18) + Text.left(Text.decimal(priced.get("quantity")), 12)
            + "  " + Text.pad(cell + ", " + priced.get("model").asText(), 30) + Text.left(Text.decimal(priced.get("amount")), 14));
        if (priced.has("steps") || priced.has("lines") && priced.get("lines").size() > 1) {
          render(priced, indent + "    ", out);
        } else if (priced.has("lines") && priced.get("lines").size() == 1) {
          JsonNode l = priced.get("lines").get(0);
          out.set(out.size() - 1, out.get(out.size() - 1) + "  (" + Text.decimal(l.get("quantity")) + " × "
              + Text.decimal(l.get("unit_price")) + ")");
        }
      }
    } else if (e.has("steps")) {
      for (JsonNode s : e.get("steps")) {
        String price = s.has("rate") ? Text.decimal(s.get("rate")) + " %" : Text.decimal(s.get("unit_price"));
        out.add(indent + "tier " + (s.get("tier").asInt() + 1) + " (" + Text.decimal(s.get("from")) + " – "
            + Text.decimal(s.get("to")) + "): " + Text.decimal(s.get("units")) + " × " + price
            + (new java.math.BigDecimal(s.get("flat_fee").asText()).signum() != 0 ? " + " + Text.decimal(s.get("flat_fee")) : "")
            + " = " + Text.decimal(s.get("subtotal")) + ("volume".equals(model) ? "  (volume: every unit at this tier)" : ""));
      }
    } else if (e.has("lines")) {
      for (JsonNode l : e.get("lines")) {
        out.add(indent + Text.pad(l.get("label").asText(), 28) + Text.left(Text.decimal(l.get("quantity")), 14)
            + (l.get("unit_price").isNull() ? "" : " × " + Text.decimal(l.get("unit_price")))
            + " = " + Text.decimal(l.get("subtotal")));
      }
    } else if (e.has("percentage_amount")) {
      out.add(indent + e.get("events").asInt() + " events, " + e.get("free_events").asInt() + " free; percentage "
          + Text.decimal(e.get("percentage_amount")) + " + fixed fees " + Text.decimal(e.get("fixed_fees")));
    }
  }
}
