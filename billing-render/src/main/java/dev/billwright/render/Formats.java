package dev.billwright.render;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Shared formatting of the views: amounts, quantities, rates and dates as printed. */
final class Formats {
  static final DateTimeFormatter INDIAN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT);
  static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

  private Formats() {}

  /** A quantity: trailing zeros dropped, Indian grouping up to 6 decimals, else plain. */
  static String quantity(BigDecimal q) {
    BigDecimal s = q.stripTrailingZeros();
    int scale = Math.max(0, s.scale());
    return scale <= 6 ? IndianAmounts.figures(s, scale) : s.toPlainString();
  }

  /** A rate in percent: {@code 18}, {@code 2.5}. */
  static String rate(BigDecimal percent) {
    return percent.stripTrailingZeros().toPlainString();
  }

  /** An INR amount in Indian figures, or any other amount at its scale. */
  static String inr(Money m) {
    BigDecimal a = m.amount();
    return a.stripTrailingZeros().scale() <= 2 ? IndianAmounts.figures(a, 2) : a.toPlainString();
  }

  /** An amount in Western grouping at the currency's minor digits (or its own scale). */
  static String western(Money m) {
    int digits = Math.max(m.currency().getDefaultFractionDigits(), Math.max(0, m.amount().stripTrailingZeros().scale()));
    return String.format(Locale.ENGLISH, "%,." + digits + "f", m.amount());
  }

  /** The currency's symbol in English ({@code $}, {@code ₹}, {@code €}). */
  static String symbol(java.util.Currency c) {
    return c.getSymbol(Locale.US).equals(c.getCurrencyCode()) ? c.getSymbol(Locale.forLanguageTag("en-IN"))
        : c.getSymbol(Locale.US);
  }

  static String indianDate(LocalDate d) {
    return INDIAN_DATE.format(d);
  }
}
