package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.tax.TaxLine;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled month end to end: golden text and invoice JSON on 20,000 events, identical bytes on
 * re-run, usage quantities against an independent count of the events file, GST heads by the
 * law's rules, and the prepaid customer's drawdown, alerts and net-off.
 */
class BillCommandTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final boolean UPDATE = "1".equals(System.getenv("BILLWRIGHT_UPDATE_GOLDEN"))
      || "1".equals(System.getProperty("BILLWRIGHT_UPDATE_GOLDEN"));

  @TempDir
  static Path tmp;
  static Cli first;
  static Path firstOut;
  static Map<String, Invoice> invoices;

  @BeforeAll
  static void billSmallMonth() throws IOException {
    firstOut = tmp.resolve("run1");
    first = Cli.run("bill", "--events", "20000", "--out", firstOut.toString());
    assertThat(first.code).as(first.toString()).isZero();
    invoices = new HashMap<>();
    try (Stream<Path> files = Files.list(firstOut.resolve("invoices"))) {
      for (Path f : files.sorted().toList()) {
        Invoice i = InvoiceJson.read(JsonObjectReader.root(Json.readFile(f), f.toString()));
        invoices.put(i.number().orElseThrow(), i);
      }
    }
  }

  @Test
  void matchesTheGoldenTextAndInvoices() throws IOException {
    golden("bill-otp-india-20000.txt", first.out);
    try (Stream<Path> files = Files.list(firstOut.resolve("invoices"))) {
      for (Path f : files.sorted().toList()) {
        golden("otp-india-20000/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    try (Stream<Path> files = Files.list(firstOut.resolve("credit-notes"))) {
      for (Path f : files.sorted().toList()) {
        golden("otp-india-20000/credit-notes/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
  }

  /** The credit note's e-invoice: document type CRN, the original invoice as preceding document. */
  @Test
  void einvoiceOfTheCreditNote() {
    Cli r = Cli.run("einvoice", "--credit-note", firstOut.resolve("credit-notes/CN-26-27-000001.json").toString(),
        "--original", firstOut.resolve("invoices/INV-26-27-000004.json").toString());
    assertThat(r.code).as(r.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode json = Json.parse(r.out, "einvoice");
    assertThat(json.get("DocDtls").get("Typ").asText()).isEqualTo("CRN");
    assertThat(json.get("DocDtls").get("No").asText()).isEqualTo("CN/26-27/000001");
    assertThat(json.get("RefDtls").get("PrecDocDtls").get(0).get("InvNo").asText()).isEqualTo("INV/26-27/000004");
    // Paysetu is in Maharashtra, the supplier in Karnataka: the credit reverses IGST only.
    assertThat(new BigDecimal(json.get("ValDtls").get("CgstVal").asText())).isZero();
    assertThat(new BigDecimal(json.get("ValDtls").get("IgstVal").asText())).isPositive();
  }

  @Test
  void reRunGivesTheSameNumbersAndBytes() throws IOException {
    Path second = tmp.resolve("run2");
    Cli again = Cli.run("bill", "--events", "20000", "--out", second.toString());
    assertThat(again.out).isEqualTo(first.out);
    assertThat(fileBytes(second)).isEqualTo(fileBytes(firstOut));
    assertThat(again.err).contains("time taken");
    assertThat(first.out).doesNotContain("time taken");
  }

  /** Billing the written events file again (the user's path) gives the same invoices, byte for byte. */
  @Test
  void billingTheEventsFileGivesTheSameInvoices() throws IOException {
    Path again = tmp.resolve("from-file");
    Cli r = Cli.run("bill", "--events-file", firstOut.resolve("events.ndjson").toString(), "--out", again.toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo(first.out);
    assertThat(fileBytes(again.resolve("invoices"))).isEqualTo(fileBytes(firstOut.resolve("invoices")));
  }

  @Test
  void summaryAccountsForEveryEvent() {
    // two per monthly subscription with an in-advance fee (1 October opening, 1 November period):
    // kiranakart, paysetu, medisez, hydsez, quickdoc, both of yatrabus (7 × 2 = 14); zenledger's
    // yearly fee on 1 October and its October usage on 1 November (2); tiffinbox (prepaid, no
    // in-advance fee) and pustakam (quarterly since 1 August, in arrears) one each on 1 November
    assertThat(first.out).contains("events read          20,000", "invoices             18");
    assertThat(invoices).hasSize(18);
    assertThat(invoices.keySet()).allMatch(n -> n.matches("INV/26-27/0000(0[1-9]|1[0-8])"));
  }

  /**
   * Oracle: count delivered events per subscription straight from the NDJSON file: an event
   * naming a subscription belongs to it, any other to its customer's only subscription, from
   * that subscription's start (1 October, or 1 August for the quarterly one) to 1 November.
   */
  @Test
  void usageQuantitiesEqualAnIndependentCountOfTheEventsFile() throws IOException {
    Map<String, Instant> starts = Map.of("sub_pustakam", Instant.parse("2026-07-31T18:30:00Z"));
    Map<String, String> onlySubscription = new HashMap<>();
    Set<String> twoSubscriptions = Set.of("cus_yatrabus");
    for (Invoice i : invoices.values()) {
      if (!twoSubscriptions.contains(i.customerId())) {
        onlySubscription.put(i.customerId(), i.subscriptionIds().get(0));
      }
    }
    Instant to = Instant.parse("2026-10-31T18:30:00Z");
    Map<String, Long> expected = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (String line : Files.readAllLines(firstOut.resolve("events.ndjson"))) {
      JsonNode e = Json.parse(line, "events");
      Instant at = Instant.parse(e.get("timestamp").asText());
      String sub = e.hasNonNull("subscription") ? e.get("subscription").asText()
          : onlySubscription.get(e.get("customer").asText());
      Instant from = starts.getOrDefault(sub, Instant.parse("2026-09-30T18:30:00Z"));
      if (!seen.add(e.get("id").asText()) || at.isBefore(from) || !at.isBefore(to)
          || !"delivered".equals(e.get("properties").get("status").asText())) {
        continue;
      }
      expected.merge(sub, 1L, Long::sum);
    }
    Map<String, Long> billed = new HashMap<>();
    for (Invoice i : invoices.values()) {
      for (InvoiceLine l : i.lines()) {
        if (l.kind() == LineKind.USAGE) {
          billed.merge(l.subscriptionId().orElseThrow(), l.quantity().longValueExact(), Long::sum);
        }
      }
    }
    assertThat(billed).isEqualTo(expected);
    assertThat(billed).containsKeys("sub_pustakam", "sub_yatrabus_app", "sub_yatrabus_partners");
  }

  /** IGST Act s.7/s.8: same state → CGST + SGST; other state, SEZ → IGST; s.16(3) LUT → zero-rated. */
  @Test
  void gstHeadsFollowTheSupplyRules() {
    Map<String, Set<String>> heads = new HashMap<>();
    Map<String, Set<BigDecimal>> rates = new HashMap<>();
    for (Invoice i : invoices.values()) {
      for (InvoiceLine l : i.lines()) {
        for (TaxLine t : l.taxLines()) {
          heads.computeIfAbsent(i.customerId(), k -> new HashSet<>()).add(t.head());
          rates.computeIfAbsent(i.customerId(), k -> new HashSet<>()).add(t.ratePercent().stripTrailingZeros());
        }
      }
    }
    assertThat(heads.get("cus_kiranakart")).containsExactlyInAnyOrder("CGST", "SGST");
    assertThat(rates.get("cus_kiranakart")).containsExactly(new BigDecimal("9"));
    assertThat(heads.get("cus_paysetu")).containsExactly("IGST");
    assertThat(heads.get("cus_medisez")).containsExactly("IGST");
    assertThat(rates.get("cus_medisez")).containsExactly(new BigDecimal("18"));
    assertThat(heads.get("cus_hydsez")).containsExactly("IGST");
    assertThat(rates.get("cus_hydsez")).containsExactly(BigDecimal.ZERO);
    assertThat(heads.get("cus_quickdoc")).containsExactly("IGST");
    assertThat(heads.get("cus_tiffinbox")).containsExactly("IGST");
    for (Invoice i : invoices.values()) {
      assertThat(i.totals().total()).isEqualTo(i.totals().taxableTotal().plus(i.totals().collectibleTax()));
    }
  }

  @Test
  void couponAndUpgradeShowOnTheirInvoices() {
    List<Invoice> kirana = of("cus_kiranakart");
    assertThat(kirana).allMatch(i -> !i.discountLines().isEmpty());
    Invoice paysetu = of("cus_paysetu").stream().filter(i -> i.lines().size() > 2).findFirst().orElseThrow();
    // Under GST no invoice carries a negative line: the unused time of the October fee is a
    // credit note against the opening invoice, the new plan's fee a proration charge.
    assertThat(paysetu.lines()).extracting(InvoiceLine::kind).contains(LineKind.PRORATION_CHARGE)
        .doesNotContain(LineKind.PRORATION_CREDIT);
    assertThat(first.out).contains("credit note   INR   issued 2026-11-01   against INV/26-27/000004");
    assertThat(firstOut.resolve("credit-notes/CN-26-27-000001.json")).exists();
  }

  /** The prepaid customer's usage is drawn down exactly (the deductions add up to the usage line). */
  @Test
  void prepaidInvoiceIsNettedOffTheWallet() {
    Invoice prepaid = of("cus_tiffinbox").get(0);
    BigDecimal usage = prepaid.lines().stream().filter(l -> l.kind() == LineKind.USAGE)
        .map(l -> l.taxableAmount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(prepaid.creditsApplied()).extracting(c -> c.sourceId())
        .containsExactly("wallet:cus_tiffinbox:drawdown", "wallet:cus_tiffinbox:net_off");
    assertThat(prepaid.creditsApplied().get(0).amount().amount()).isEqualByComparingTo(usage);
    BigDecimal deducted = first.out.lines().filter(l -> l.contains("cus_tiffinbox") && l.contains(" usage "))
        .map(l -> new BigDecimal(l.replaceAll(".*INR -([0-9,.]+)\\s+balance.*", "$1").replace(",", "")))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(deducted).isEqualByComparingTo(usage);
    assertThat(prepaid.totals().amountDue().amount()).isEqualByComparingTo(prepaid.totals().total().amount()
        .subtract(prepaid.totals().creditsApplied().amount()));
  }

  @Test
  void aLargerMonthRaisesTheLowBalanceAlertAndTopsUp() {
    Cli r = Cli.run("bill", "--events", "300000", "--no-events-file", "--summary-only", "--out",
        tmp.resolve("run3").toString());
    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).contains("ALERT balance INR", "auto top-up", "net-off at invoicing");
    assertThat(r.out).doesNotContain("====");
  }

  private static List<Invoice> of(String customer) {
    return invoices.values().stream().filter(i -> i.customerId().equals(customer))
        .sorted((a, b) -> a.number().orElseThrow().compareTo(b.number().orElseThrow())).collect(Collectors.toList());
  }

  private static Map<String, String> fileBytes(Path dir) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      // OUT/store is the embedded database (its files hold the time of each write), not output
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !dir.relativize(f).startsWith("store")).toList()) {
        out.put(dir.relativize(f).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static void golden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file %s (regenerate with BILLWRIGHT_UPDATE_GOLDEN=1)", file).exists();
    assertThat(actual).as("golden %s", name).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
