package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bill} then {@code einvoice} for an export billed in USD (test data set
 * {@code export-usd}: a Bengaluru supplier, a US customer, 3 seats × USD 411.52 on a USD plan,
 * USD/INR 83.4567 published 1 October 08:00 UTC, 84.10 on 31 October). The bill run taxes the
 * USD invoice in INR at the Rule 34 rate (IGST 18 % of INR 103,032.30 = 18,545.81, stated as
 * USD 222.22, total USD 1,456.78); the e-invoice of that invoice is the foreign-currency GST
 * invoice: INR values, {@code ExpDtls.ForCur} USD, {@code CntCode} US and {@code TotInvValFc}
 * equal to the invoice's total. The November invoice uses the rate published on 31 October. A
 * second customer's seat change is credited by a credit note, whose e-invoice is a CRN at its
 * invoice's rate.
 */
class ExportGstCommandTest {
  static final Path DATA = Path.of("src", "test", "resources", "export-usd");

  @TempDir
  Path tmp;

  @Test
  void aUsdExportIsBilledAndItsEInvoiceIsTheForeignCurrencyGstInvoice() throws IOException {
    Cli bill = Cli.run("bill", "--plans", DATA.resolve("plans.json").toString(), "--customers",
        DATA.resolve("customers.json").toString(), "--events", "0", "--store", "memory", "--out", tmp.toString());
    assertThat(bill.code).as(bill.toString()).isZero();
    List<Invoice> invoices = read(tmp.resolve("invoices"));
    List<Path> files = paths(tmp.resolve("invoices"));
    Path octoberFile = files.get(invoices.indexOf(invoices.stream()
        .filter(i -> i.customerId().equals("cus_globex")).findFirst().orElseThrow()));
    Invoice october = InvoiceJson.read(JsonObjectReader.root(Json.readFile(octoberFile), octoberFile.toString()));
    assertThat(october.currency().getCurrencyCode()).isEqualTo("USD");
    assertThat(october.totals().taxableTotal().amount()).isEqualByComparingTo("1234.56");
    assertThat(october.totals().totalTax().amount()).isEqualByComparingTo("222.22");
    assertThat(october.totals().total().amount()).isEqualByComparingTo("1456.78");
    assertThat(october.taxDecision().orElseThrow().supplyType()).contains("EXPWP");

    Cli einvoice = Cli.run("einvoice", "--invoice", octoberFile.toString(), "--customers",
        DATA.resolve("customers.json").toString());
    assertThat(einvoice.code).as(einvoice.toString()).isZero();
    JsonNode json = Json.parse(einvoice.out, "einvoice");
    assertThat(json.at("/TranDtls/SupTyp").asText()).isEqualTo("EXPWP");
    assertThat(json.at("/ItemList/0/AssAmt").decimalValue()).isEqualByComparingTo("103032.30");
    assertThat(json.at("/ItemList/0/IgstAmt").decimalValue()).isEqualByComparingTo("18545.81");
    assertThat(json.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    assertThat(json.at("/ExpDtls/CntCode").asText()).isEqualTo("US");
    assertThat(json.at("/ValDtls/TotInvValFc").decimalValue()).isEqualByComparingTo(october.totals().total().amount());

    // the November invoice: 1,234.56 × 84.10 = 103,826.496 → INR 103,826.50 at the rate of 31 October
    Path novemberFile = files.get(invoices.indexOf(invoices.stream()
        .filter(i -> i.customerId().equals("cus_globex") && !i.id().equals(october.id())).findFirst().orElseThrow()));
    Cli nov = Cli.run("einvoice", "--invoice", novemberFile.toString(), "--customers",
        DATA.resolve("customers.json").toString());
    assertThat(nov.code).as(nov.toString()).isZero();
    assertThat(Json.parse(nov.out, "einvoice").at("/ItemList/0/AssAmt").decimalValue())
        .isEqualByComparingTo(new BigDecimal("103826.50"));

    // Initech goes from 2 seats to 1 on 16 October: the unused 16 of 31 days of its 1 October
    // line are credited by a credit note, whose e-invoice is a CRN at that invoice's rate
    Invoice initech = invoices.stream().filter(i -> i.customerId().equals("cus_initech")
        && i.issuedAt().equals(java.time.Instant.parse("2026-10-01T00:00:00+05:30"))).findFirst().orElseThrow();
    Path initechFile = files.get(invoices.indexOf(initech));
    List<Path> notes = paths(tmp.resolve("credit-notes"));
    assertThat(notes).as(bill.out).hasSize(1);
    Cli crn = Cli.run("einvoice", "--credit-note", notes.get(0).toString(), "--original", initechFile.toString(),
        "--customers", DATA.resolve("customers.json").toString());
    assertThat(crn.code).as(crn.toString()).isZero();
    JsonNode crnJson = Json.parse(crn.out, "crn");
    assertThat(crnJson.at("/DocDtls/Typ").asText()).isEqualTo("CRN");
    assertThat(crnJson.at("/ExpDtls/ForCur").asText()).isEqualTo("USD");
    // 823.04 × 16 / 31 = 424.7948… → USD 424.79; × 83.4567 = 35,451.5716… → INR 35,451.57;
    // IGST 18 % = 6,381.2826 → 6,381.28
    assertThat(crnJson.at("/ItemList/0/AssAmt").decimalValue()).isEqualByComparingTo("35451.57");
    assertThat(crnJson.at("/ItemList/0/IgstAmt").decimalValue()).isEqualByComparingTo("6381.28");
    assertThat(crnJson.at("/RefDtls/PrecDocDtls/0/InvNo").asText()).isEqualTo(initech.number().orElseThrow());
  }

  static List<Path> paths(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  static List<Invoice> read(Path dir) throws IOException {
    return paths(dir).stream().map(f -> InvoiceJson.read(JsonObjectReader.root(Json.readFile(f), f.toString()))).toList();
  }
}
