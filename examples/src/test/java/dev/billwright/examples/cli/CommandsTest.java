package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other commands and the error path, each with asserted content. */
class CommandsTest {
  @TempDir
  Path tmp;

  /** AWS Lambda pricing page, Example 1: 512 MB, 3M requests of 1 s → $18.34 + $0.40 = $18.74. */
  @Test
  void awsLambdaExampleMatchesThePublishedFigures() throws IOException {
    Cli r = Cli.run("bill", "--example", "aws-lambda", "--out", tmp.toString());
    assertThat(r.code).as(r.toString()).isZero();
    Path file = tmp.resolve("invoices/AWS-000001.json");
    Invoice invoice = InvoiceJson.read(JsonObjectReader.root(Json.readFile(file), file.toString()));
    Map<String, InvoiceLine> lines = new HashMap<>();
    invoice.lines().forEach(l -> lines.put(l.chargeCode(), l));
    // Oracle: (1,500,000 − 400,000 free) GB-s × 0.00001667 = 18.337 → 18.34;
    //         (3,000,000 − 1,000,000 free) requests × 0.0000002 = 0.40.
    assertThat(lines.get("compute").quantity()).isEqualByComparingTo("1500000");
    assertThat(lines.get("compute").exactAmount().amount()).isEqualByComparingTo("18.337");
    assertThat(lines.get("compute").amount().amount()).isEqualByComparingTo("18.34");
    assertThat(lines.get("requests").quantity()).isEqualByComparingTo("3000000");
    assertThat(lines.get("requests").amount().amount()).isEqualByComparingTo("0.40");
    assertThat(invoice.totals().total().amount()).isEqualByComparingTo("18.74");
    assertThat(invoice.currency().getCurrencyCode()).isEqualTo("USD");
    assertThat(r.out).contains("total USD            18.74");
  }

  /** The same example from a CSV file of two usage reports (2M + 1M requests): the same $18.74. */
  @Test
  void awsLambdaExampleFromACsvFile() throws IOException {
    Path csv = tmp.resolve("lambda.csv");
    Files.writeString(csv, "id,customer,event_type,timestamp,requests,gb_seconds\n"
        + "r1,cus_lambda_example,lambda.invocations,2026-10-10T00:00:00Z,2000000,1000000\n"
        + "r2,cus_lambda_example,lambda.invocations,2026-10-20T00:00:00Z,1000000,500000\n"
        + "r2,cus_lambda_example,lambda.invocations,2026-10-20T00:00:00Z,1000000,500000\n");
    Cli r = Cli.run("bill", "--example", "aws-lambda", "--events-file", csv.toString(), "--out",
        tmp.resolve("csv").toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("events read          3", "duplicates dropped   1", "total USD            18.74");
  }

  /**
   * Regression (issue 13, item 1): an event whose value a meter cannot use was counted, left out
   * of the bill without a word, and the run exited 0. Now the summary lists it and the run exits
   * 1 unless --tolerate-unusable is given; the bill is the same either way (2M requests here:
   * (2,000,000 − 1,000,000 free) × 0.0000002 = 0.20; 1M GB-s: (1,000,000 − 400,000) × 0.00001667
   * = 10.002 → 10.00; the "abc" report adds nothing to requests).
   */
  @Test
  void anUnusableEventIsReportedAndFailsTheRunUnlessTolerated() throws IOException {
    Path ndjson = tmp.resolve("lambda.ndjson");
    Files.writeString(ndjson, String.join("\n",
        "{\"id\": \"r1\", \"customer\": \"cus_lambda_example\", \"event_type\": \"lambda.invocations\","
            + " \"timestamp\": \"2026-10-10T00:00:00Z\", \"properties\": {\"requests\": \"2000000\","
            + " \"gb_seconds\": \"1000000\"}}",
        "{\"id\": \"r2\", \"customer\": \"cus_lambda_example\", \"event_type\": \"lambda.invocations\","
            + " \"timestamp\": \"2026-10-20T00:00:00Z\", \"properties\": {\"requests\": \"abc\","
            + " \"gb_seconds\": \"0\"}}") + "\n");
    Cli strict = Cli.run("bill", "--example", "aws-lambda", "--events-file", ndjson.toString(), "--out",
        tmp.resolve("strict").toString());
    assertThat(strict.code).as(strict.toString()).isEqualTo(1);
    assertThat(strict.out).contains("events read          2", "unusable events      1", "UNUSABLE ", "r2",
        "requests", "total USD            10.20");
    assertThat(strict.err).contains("1 event(s) could not be used", "--tolerate-unusable");

    Cli tolerant = Cli.run("bill", "--example", "aws-lambda", "--events-file", ndjson.toString(), "--out",
        tmp.resolve("tolerant").toString(), "--tolerate-unusable");
    assertThat(tolerant.code).as(tolerant.toString()).isZero();
    assertThat(tolerant.out).contains("unusable events      1", "total USD            10.20");
    assertThat(Cli.run("bill", "--help").out).contains("--tolerate-unusable");
  }

  @Test
  void gstinReportsValidAndInvalidWithThePosition() {
    Cli ok = Cli.run("gstin", "29AABCT1332L1ZA", "29ZZSCV0001A1ZM");
    assertThat(ok.code).isZero();
    assertThat(ok.out).contains("VALID    29AABCT1332L1ZA  regular, state 29 Karnataka, PAN AABCT1332L");
    Cli bad = Cli.run("gstin", "29AABCT1332L1ZA", "29AABCT1332L1ZB");
    assertThat(bad.code).isEqualTo(1);
    assertThat(bad.out).contains("INVALID  29AABCT1332L1ZB").contains("position 15");
  }

  /** Stripe docs, tiered pricing: graduated 5 × 7 + 5 × 6.5 + 10 × 6 = 127.50 for 20 units. */
  @Test
  void quoteAPriceFile() throws IOException {
    Path price = tmp.resolve("price.json");
    Files.writeString(price, "{\"model\": \"graduated\", \"tiers\": [{\"up_to\": \"5\", \"unit_price\": \"7.00\"},"
        + " {\"up_to\": \"10\", \"unit_price\": \"6.50\"}, {\"up_to\": null, \"unit_price\": \"6.00\"}]}");
    Cli r = Cli.run("quote", "--price", price.toString(), "--quantity", "20", "--currency", "USD");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("tier 1 (0 – 5): 5 × 7 = 35.00", "tier 3 (10 – ∞): 10 × 6 = 60.00",
        "Amount           USD 127.50");
  }

  /** docs/pricing.md matrix example: 3 IN/sms + 2 IN/whatsapp + 1 US/sms = 3×0.20 + 2×0.15 + 0.50 = 1.40. */
  @Test
  void quoteAMatrixWithGroups() throws IOException {
    Path price = tmp.resolve("matrix.json");
    Files.writeString(price, "{\"model\": \"matrix\", \"dimensions\": [\"country\", \"channel\"], \"cells\": ["
        + "{\"when\": {\"country\": \"IN\", \"channel\": \"sms\"}, \"price\": \"0.20\"},"
        + "{\"when\": {\"country\": \"IN\"}, \"price\": \"0.15\"}], \"default\": \"0.50\"}");
    Cli r = Cli.run("quote", "--price", price.toString(), "--group", "country=IN,channel=sms=3",
        "--group", "country=IN,channel=whatsapp=2", "--group", "country=US,channel=sms=1", "--json");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("Amount           INR 1.40", "default price", "\"model\" : \"matrix\"");
  }

  /** A bundled plan's charge: 150,000 IN SMS fall in the volume tier 100,001–1,000,000 at 0.17. */
  @Test
  void quoteABundledPlanCharge() {
    Cli r = Cli.run("quote", "--plan", "src/main/resources/bundled/otp-india/plans.json", "--charge", "otp",
        "--group", "country=IN,channel=sms=150000");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("150,000 × 0.17 = 25,500.00", "Amount           INR 25,500.00");
  }

  /**
   * Events priced by a plan's matrix charge, counted as the bill run counts them: the bundled
   * meter takes delivered OTPs only, so the failed SMS is left out: 2 IN/sms + 1 IN/email =
   * 2 × 0.20 + 0.02 = 0.42.
   */
  @Test
  void quoteAnEventsFileWithAPlanCharge() throws IOException {
    Path events = tmp.resolve("events.ndjson");
    Files.writeString(events, String.join("\n",
        "{\"id\": \"a\", \"customer\": \"c\", \"event_type\": \"otp.sent\", \"timestamp\": \"2026-10-01T00:00:00Z\","
            + " \"properties\": {\"country\": \"IN\", \"channel\": \"sms\", \"status\": \"delivered\"}}",
        "{\"id\": \"b\", \"customer\": \"c\", \"event_type\": \"otp.sent\", \"timestamp\": \"2026-10-01T00:00:01Z\","
            + " \"properties\": {\"country\": \"IN\", \"channel\": \"sms\", \"status\": \"delivered\"}}",
        "{\"id\": \"f\", \"customer\": \"c\", \"event_type\": \"otp.sent\", \"timestamp\": \"2026-10-01T00:00:01Z\","
            + " \"properties\": {\"country\": \"IN\", \"channel\": \"sms\", \"status\": \"failed\"}}",
        "{\"id\": \"c\", \"customer\": \"c\", \"event_type\": \"otp.sent\", \"timestamp\": \"2026-10-01T00:00:02Z\","
            + " \"properties\": {\"country\": \"IN\", \"channel\": \"email\", \"status\": \"delivered\"}}") + "\n");
    Cli r = Cli.run("quote", "--plan", "src/main/resources/bundled/otp-india/plans.json", "--charge", "otp",
        "--events", events.toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("events: 4 read, 3 counted by meter otp-growth@1/otp", "Amount           INR 0.42");
  }

  @Test
  void einvoiceByNumberFromABundledRun() {
    Cli r = Cli.run("einvoice", "--number", "INV/26-27/000008", "--events", "2000");
    assertThat(r.code).as(r.toString()).isZero();
    JsonNode json = Json.parse(r.out, "einvoice");
    assertThat(json.get("DocDtls").get("No").asText()).isEqualTo("INV/26-27/000008");
    assertThat(json.get("TranDtls").get("SupTyp").asText()).isEqualTo("B2B");
  }

  @Test
  void conformRunsTheRepositoryCases() {
    Cli r = Cli.run("conform", "../conformance");
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("PASS aws-lambda-legacy-ex1", "PASS stripe-upgrade-10-to-20-halfway-invoice-line")
        .containsPattern("\\d+ passed, 0 failed").doesNotContain("SKIP");
  }

  @Test
  void conformFailsOnAWrongExpectation() throws IOException {
    Files.writeString(tmp.resolve("bad.json"), "{\"id\": \"bad\", \"source\": \"test\", \"kind\": \"price\","
        + " \"currency\": \"USD\", \"price\": {\"model\": \"per_unit\", \"unit_price\": \"2\"}, \"quantity\": \"3\","
        + " \"expected\": {\"amount\": \"7\"}}");
    Cli r = Cli.run("conform", tmp.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).contains("FAIL bad", "0 passed, 1 failed");
  }

  @Test
  void einvoiceOfAB2bInvoiceAndRefusalForB2c() throws IOException {
    Cli bill = Cli.run("bill", "--events", "5000", "--no-events-file", "--summary-only", "--out", tmp.toString());
    assertThat(bill.code).as(bill.toString()).isZero();
    Path kirana = null;
    Path quickdoc = null;
    for (Path f : Files.list(tmp.resolve("invoices")).sorted().toList()) {
      String text = Files.readString(f);
      if (text.contains("\"cus_kiranakart\"") && text.contains("\"usage\"")) {
        kirana = f;
      }
      if (text.contains("\"cus_quickdoc\"")) {
        quickdoc = f;
      }
    }
    Invoice invoice = InvoiceJson.read(JsonObjectReader.root(Json.readFile(kirana), kirana.toString()));
    Cli r = Cli.run("einvoice", "--invoice", kirana.toString());
    assertThat(r.code).as(r.toString()).isZero();
    JsonNode json = Json.parse(r.out, "einvoice");
    assertThat(json.get("SellerDtls").get("Gstin").asText()).isEqualTo("29ZZSCV0001A1ZM");
    assertThat(json.get("BuyerDtls").get("Pos").asText()).isEqualTo("29");
    assertThat(json.get("DocDtls").get("No").asText()).isEqualTo(invoice.number().orElseThrow());
    assertThat(new BigDecimal(json.get("ValDtls").get("TotInvVal").asText()))
        .isEqualByComparingTo(invoice.totals().total().amount());
    assertThat(new BigDecimal(json.get("ValDtls").get("CgstVal").asText()))
        .isEqualByComparingTo(invoice.totals().taxOf("CGST").amount());

    Cli b2c = Cli.run("einvoice", "--invoice", quickdoc.toString());
    assertThat(b2c.code).isEqualTo(2);
    assertThat(b2c.err.lines()).hasSize(1).allMatch(l -> l.startsWith("billwright: error [input.invalid]:"));
  }

  /**
   * The e-invoice of a stored invoice uses the tax decision the invoice kept, not one decided
   * again from a customers file edited since. Kiranakart (state 29, like the supplier) was billed
   * as an intra-state B2B supply (CGST + SGST, place of supply 29, IGST Act s.12(2)(a)). Marked
   * SEZ afterwards, the parties alone would decide a zero-rated SEZ supply (SEZWP, IGST: IGST
   * Act s.7(5)(b), zero-rated by s.16), which contradicts the CGST/SGST lines on the document;
   * the e-invoice must still say B2B, Pos 29 with the stored CGST.
   */
  @Test
  void einvoiceOfAStoredInvoiceUsesItsStoredTaxDecision() throws IOException {
    Cli bill = Cli.run("bill", "--events", "3000", "--no-events-file", "--summary-only", "--out", tmp.toString());
    assertThat(bill.code).as(bill.toString()).isZero();
    Path kirana = null;
    for (Path f : Files.list(tmp.resolve("invoices")).sorted().toList()) {
      String text = Files.readString(f);
      if (text.contains("\"cus_kiranakart\"") && text.contains("\"usage\"")) {
        kirana = f;
      }
    }
    Invoice invoice = InvoiceJson.read(JsonObjectReader.root(Json.readFile(kirana), kirana.toString()));
    assertThat(invoice.taxDecision()).isPresent();
    assertThat(invoice.taxDecision().get().supplyType()).contains("B2B");
    assertThat(invoice.taxDecision().get().placeOfSupply().orElseThrow().code()).isEqualTo("29");

    String customers = new String(CommandsTest.class.getResourceAsStream("/bundled/otp-india/customers.json")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String edited = customers.replaceFirst("(\"id\": \"cus_kiranakart\",)", "$1 \"sez\": true,");
    assertThat(edited).isNotEqualTo(customers);
    Path editedFile = tmp.resolve("customers-edited.json");
    Files.writeString(editedFile, edited);

    Cli r = Cli.run("einvoice", "--invoice", kirana.toString(), "--customers", editedFile.toString());
    assertThat(r.code).as(r.toString()).isZero();
    JsonNode json = Json.parse(r.out, "einvoice");
    assertThat(json.get("TranDtls").get("SupTyp").asText()).isEqualTo("B2B");
    assertThat(json.get("BuyerDtls").get("Pos").asText()).isEqualTo("29");
    assertThat(new BigDecimal(json.get("ValDtls").get("CgstVal").asText()))
        .isEqualByComparingTo(invoice.totals().taxOf("CGST").amount())
        .isPositive();
    assertThat(new BigDecimal(json.get("ValDtls").get("IgstVal").asText())).isZero();
  }

  @Test
  void previewShowsTheUpcomingInvoiceAndTheEffectOfAnUpgrade() {
    Cli r = Cli.run("preview", "--subscription", "sub_kiranakart", "--change", "upgrade:otp-scale@1",
        "--at", "2026-10-20T00:00:00+05:30", "--events", "20000");
    assertThat(r.code).as(r.toString()).isZero();
    // Under GST the unused time of the October fee is credited by a credit note against the
    // opening invoice (CGST Act s.34), and the new plan's fee for the rest of October is charged.
    assertThat(r.out).contains("Upcoming invoice of sub_kiranakart", "DRAFT", "credit note   INR",
        "against INV/26-27/", "(prorated 12/31)", "Effect of the change on the upcoming invoice: INR ");
  }

  @Test
  void errorsPrintOneLineAndExitTwo() {
    Cli missing = Cli.run("bill", "--customers", tmp.resolve("nope.json").toString());
    assertThat(missing.code).isEqualTo(2);
    assertThat(missing.err.lines()).hasSize(1).allMatch(l -> l.startsWith("billwright: error ["));
    Cli usage = Cli.run("bill", "--no-such-option");
    assertThat(usage.code).isEqualTo(2);
    assertThat(usage.err.lines()).hasSize(1).allMatch(l -> l.startsWith("billwright: error [usage]: "));
    Cli badChange = Cli.run("preview", "--subscription", "sub_kiranakart", "--change", "upgrade:otp-scale");
    assertThat(badChange.code).isEqualTo(2);
    assertThat(badChange.err).contains("--change").contains("upgrade:PLAN@VERSION");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"bill", "quote", "preview", "gstin", "einvoice", "conform"}) {
      Cli r = Cli.run(command, "--help");
      assertThat(r.code).isZero();
      assertThat(r.out).contains("Usage: billwright " + command);
    }
  }
}
