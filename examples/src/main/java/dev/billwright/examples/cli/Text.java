package dev.billwright.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** Formatting helpers for the text output (amounts with grouping, right-aligned columns). */
final class Text {
  private Text() {}

  /** Groups the integer part in thousands: {@code 1234567.5} → {@code 1,234,567.5}. */
  static String number(BigDecimal value) {
    String plain = value.toPlainString();
    boolean negative = plain.startsWith("-");
    if (negative) {
      plain = plain.substring(1);
    }
    int dot = plain.indexOf('.');
    String intPart = dot < 0 ? plain : plain.substring(0, dot);
    String frac = dot < 0 ? "" : plain.substring(dot);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < intPart.length(); i++) {
      if (i > 0 && (intPart.length() - i) % 3 == 0) {
        b.append(',');
      }
      b.append(intPart.charAt(i));
    }
    return (negative ? "-" : "") + b + frac;
  }

  /** An amount as {@code INR 1,234.50} (as exact as the money holds). */
  static String money(Money m) {
    return m.currency().getCurrencyCode() + " " + number(m.amount());
  }

  /** Just the number of an amount, grouped. */
  static String amount(Money m) {
    return number(m.amount());
  }

  static String decimal(JsonNode node) {
    if (node == null || node.isNull()) {
      return "∞";
    }
    return number(new BigDecimal(node.asText()));
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String left(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  static String dims(JsonNode obj) {
    StringBuilder b = new StringBuilder();
    Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (b.length() > 0) {
        b.append(" × ");
      }
      b.append(e.getValue().asText());
    }
    return b.length() == 0 ? "(any)" : b.toString();
  }
}
