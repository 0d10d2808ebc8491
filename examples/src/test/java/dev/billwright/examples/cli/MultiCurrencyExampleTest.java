package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.RoundingPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bill --example multi-currency}: one USD price list invoiced in EUR, JPY, KWD, INR, GBP
 * and USD at the bundled published rates (rule {@code invoice_date}); golden text and invoices,
 * and every converted line equals {@code round(price_amount × rate)} in its invoice currency
 * ({@code round(price_amount × rate × n / d)} for a prorated fee, from its full-period amount).
 */
class MultiCurrencyExampleTest {

  @TempDir
  static Path tmp;
  static Cli run;
  static List<Path> files = new ArrayList<>();

  @BeforeAll
  static void bill() throws IOException {
    run = Cli.run("bill", "--example", "multi-currency", "--store", "memory", "--out", tmp.toString());
    assertThat(run.code).as(run.toString()).isZero();
    try (Stream<Path> s = Files.list(tmp.resolve("invoices"))) {
      files.addAll(s.sorted().toList());
    }
  }

  @Test
  void matchesTheGoldenTextAndInvoices() throws IOException {
    BillCommandTest.golden("bill-multi-currency.txt", run.out);
    for (Path f : files) {
      BillCommandTest.golden("multi-currency/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8));
    }
  }

  @Test
  void invoicesInSixCurrenciesEachLineConvertedOnce() {
    List<Invoice> invoices = files.stream()
        .map(f -> InvoiceJson.read(JsonObjectReader.root(Json.readFile(f), f.toString()))).toList();
    assertThat(invoices.stream().map(i -> i.currency().getCurrencyCode()).distinct())
        .containsExactlyInAnyOrder("EUR", "JPY", "KWD", "INR", "GBP", "USD");
    int converted = 0;
    int prorated = 0;
    for (Invoice i : invoices) {
      for (InvoiceLine line : i.lines()) {
        if (line.conversion().isPresent()) {
          var c = line.conversion().get();
          BigDecimal exact = c.priceAmount().amount().multiply(c.rate().rate());
          if (c.proration().isPresent()) {
            // a prorated fee: the full-period amount × rate × n / d, rounded once from the quotient
            BigDecimal n = new BigDecimal(c.proration().get().numerator());
            BigDecimal d = new BigDecimal(c.proration().get().denominator());
            assertThat(line.amount().amount()).isEqualByComparingTo(exact.multiply(n)
                .divide(d, i.currency().getDefaultFractionDigits(), java.math.RoundingMode.HALF_UP));
            prorated++;
          } else {
            assertThat(line.amount().amount()).isEqualByComparingTo(
                RoundingPolicy.DEFAULT.round(exact, i.currency()));
          }
          converted++;
        } else {
          assertThat(i.currency().getCurrencyCode()).isEqualTo("USD");
        }
      }
    }
    assertThat(converted).isGreaterThanOrEqualTo(10);
    assertThat(prorated).as("the London opening fees from 10 October").isGreaterThanOrEqualTo(1);
  }
}
