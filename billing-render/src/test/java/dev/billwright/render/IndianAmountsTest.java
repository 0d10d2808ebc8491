package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Amounts in words and figures, Indian system. The oracle is an independent parser of the words
 * back to a number (lakh = 10⁵, crore = 10⁷, a count of crores written in the same system).
 */
class IndianAmountsTest {
  private static final Map<String, Integer> WORDS = Map.ofEntries(Map.entry("Zero", 0), Map.entry("One", 1),
      Map.entry("Two", 2), Map.entry("Three", 3), Map.entry("Four", 4), Map.entry("Five", 5), Map.entry("Six", 6),
      Map.entry("Seven", 7), Map.entry("Eight", 8), Map.entry("Nine", 9), Map.entry("Ten", 10),
      Map.entry("Eleven", 11), Map.entry("Twelve", 12), Map.entry("Thirteen", 13), Map.entry("Fourteen", 14),
      Map.entry("Fifteen", 15), Map.entry("Sixteen", 16), Map.entry("Seventeen", 17), Map.entry("Eighteen", 18),
      Map.entry("Nineteen", 19), Map.entry("Twenty", 20), Map.entry("Thirty", 30), Map.entry("Forty", 40),
      Map.entry("Fifty", 50), Map.entry("Sixty", 60), Map.entry("Seventy", 70), Map.entry("Eighty", 80),
      Map.entry("Ninety", 90));

  /** Parses words of the Indian system back to the number (the oracle). */
  static BigInteger parse(String words) {
    BigInteger total = BigInteger.ZERO;
    long current = 0;
    long small = 0;
    for (String token : words.trim().split(" ")) {
      switch (token) {
        case "Hundred" -> small *= 100;
        case "Thousand" -> {
          current += small * 1_000;
          small = 0;
        }
        case "Lakh" -> {
          current += small * 100_000;
          small = 0;
        }
        case "Crore" -> {
          total = total.add(BigInteger.valueOf(current + small)).multiply(BigInteger.valueOf(10_000_000));
          current = 0;
          small = 0;
        }
        default -> {
          for (String part : token.split("-")) {
            Integer n = WORDS.get(part);
            if (n == null) {
              throw new AssertionError("unexpected word " + part + " in " + words);
            }
            small += n;
          }
        }
      }
    }
    return total.add(BigInteger.valueOf(current + small));
  }

  @Test
  void examples() {
    assertThat(IndianAmounts.numberInWords(BigInteger.ZERO)).isEqualTo("Zero");
    assertThat(IndianAmounts.numberInWords(BigInteger.valueOf(105))).isEqualTo("One Hundred Five");
    assertThat(IndianAmounts.numberInWords(BigInteger.valueOf(100_000))).isEqualTo("One Lakh");
    assertThat(IndianAmounts.numberInWords(BigInteger.valueOf(1_234_567)))
        .isEqualTo("Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven");
    assertThat(IndianAmounts.numberInWords(BigInteger.valueOf(10_000_000))).isEqualTo("One Crore");
    assertThat(IndianAmounts.numberInWords(BigInteger.valueOf(1_000_000_000_000L))).isEqualTo("One Lakh Crore");
    assertThat(IndianAmounts.inWords(Money.of("INR", "100000.50"))).isEqualTo("Rupees One Lakh and Fifty Paise Only");
    assertThat(IndianAmounts.inWords(Money.of("INR", "14764568.00")))
        .isEqualTo("Rupees One Crore Forty-Seven Lakh Sixty-Four Thousand Five Hundred Sixty-Eight Only");
    assertThat(IndianAmounts.inWords(Money.of("INR", "-0.05"))).isEqualTo("Minus Rupees Zero and Five Paise Only");
    assertThat(IndianAmounts.figures(new BigDecimal("12345678.9"), 2)).isEqualTo("1,23,45,678.90");
    assertThat(IndianAmounts.figures(new BigDecimal("999"), 0)).isEqualTo("999");
    assertThat(IndianAmounts.figures(new BigDecimal("-1000"), 2)).isEqualTo("-1,000.00");
    assertThat(IndianAmounts.figures(new BigDecimal("100000"), 0)).isEqualTo("1,00,000");
  }

  @Test
  void rejectsWhatItCannotWriteExactly() {
    assertThatThrownBy(() -> IndianAmounts.inWords(Money.of("USD", "1.00"))).isInstanceOf(BillingException.class)
        .hasMessageContaining("INR");
    assertThatThrownBy(() -> IndianAmounts.inWords(Money.of("INR", "1.005"))).isInstanceOf(BillingException.class)
        .hasMessageContaining("2 decimals");
    assertThatThrownBy(() -> IndianAmounts.figures(new BigDecimal("1.234"), 2)).isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> IndianAmounts.numberInWords(BigInteger.valueOf(-1))).isInstanceOf(BillingException.class);
  }

  @Test
  void wordsParseBackToTheNumber() {
    qt().withExamples(3000).forAll(longs().between(0, 999_999_999_999_999L)).checkAssert(n -> {
      String words = IndianAmounts.numberInWords(BigInteger.valueOf(n));
      assertThat(parse(words)).as(words).isEqualTo(BigInteger.valueOf(n));
      assertThat(words.contains("Crore")).as(words).isEqualTo(n >= 10_000_000);
      assertThat(words.contains("Million") || words.contains("Billion")).isFalse();
      assertThat(words.contains("Zero")).isEqualTo(n == 0);
    });
  }

  @Test
  void rupeesAndPaiseParseBack() {
    qt().withExamples(2000).forAll(longs().between(-99_999_999_999_99L, 99_999_999_999_99L)).checkAssert(paise -> {
      Money m = Money.of("INR", BigDecimal.valueOf(paise, 2).toPlainString());
      String words = IndianAmounts.inWords(m);
      assertThat(words).endsWith(" Only").contains("Rupees ");
      assertThat(words.startsWith("Minus ")).isEqualTo(paise < 0);
      String body = words.replaceFirst("^Minus ", "").replaceFirst("^Rupees ", "").replaceFirst(" Only$", "");
      String[] parts = body.split(" and ");
      long abs = Math.abs(paise);
      assertThat(parse(parts[0])).isEqualTo(BigInteger.valueOf(abs / 100));
      if (abs % 100 == 0) {
        assertThat(parts).hasSize(1);
      } else {
        assertThat(parts[1]).endsWith(" Paise");
        assertThat(parse(parts[1].replace(" Paise", ""))).isEqualTo(BigInteger.valueOf(abs % 100));
      }
    });
  }

  @Test
  void figuresGroupTheIndianWayAndLoseNothing() {
    qt().withExamples(3000).forAll(longs().between(-999_999_999_999_999L, 999_999_999_999_999L),
        integers().between(0, 6)).checkAssert((unscaled, scale) -> {
          BigDecimal value = BigDecimal.valueOf(unscaled, scale);
          String f = IndianAmounts.figures(value, scale);
          assertThat(new BigDecimal(f.replace(",", ""))).isEqualByComparingTo(value);
          assertThat(f).matches("-?(\\d{1,3}|\\d{1,2}(,\\d{2})*,\\d{3})(\\.\\d{" + scale + "})?");
        });
  }
}
