package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Checks that {@link InvoiceBenchmark}'s Billwright invoices and its baseline agree line by line
 * and in total, so the ratio compares like with like, and that the invoices are what the
 * benchmark claims: 10 lines, GST as CGST and SGST.
 */
class InvoiceBenchmarkTest {
  @Test
  void billwrightAndBaselineAgreeOnEveryInvoice() {
    InvoiceBenchmark.Invoices in = new InvoiceBenchmark.Invoices();
    in.setUp();
    for (int i = 0; i < InvoiceBenchmark.INVOICES; i++) {
      InvoiceRequest r = in.requests[i];
      // what the benchmark times: the subscription resolved once, for every invoice
      Invoice invoice = InvoiceAssembler.DEFAULT.assemble(r, in.resolved).orElseThrow();
      assertThat(invoice).isEqualTo(InvoiceAssembler.DEFAULT.assemble(r).orElseThrow());
      assertThat(invoice.lines()).hasSize(10);
      for (int k = 0; k < BillingFixture.USAGE_CHARGES; k++) {
        String code = BillingFixture.USAGE_CODES.get(k);
        InvoiceLine line = invoice.lines().stream().filter(l -> l.chargeCode().equals(code)).findFirst()
            .orElseThrow();
        assertThat(line.amount().amount()).as("line %s", code)
            .isEqualByComparingTo(BillingFixture.usageAmount(k, in.quantities[i][k]).setScale(2, RoundingMode.HALF_UP));
        // the explanation the benchmark never reads is there when read: the exact amount it explains
        assertThat(line.explanation().get("amount").asText()).as("explanation of %s", code)
            .isEqualTo(line.exactAmount().amount().toPlainString());
        assertThat(line.explanation().get("quantity").asText()).isEqualTo(in.quantities[i][k].toPlainString());
      }
      assertThat(invoice.totals().taxOf("CGST").amount()).isPositive();
      assertThat(invoice.totals().taxOf("SGST")).isEqualTo(invoice.totals().taxOf("CGST"));
      assertThat(invoice.totals().total().amount()).isEqualByComparingTo(BillingFixture.baselineInvoice(in.quantities[i]));
    }
  }

  @Test
  void baselineUsesTheDocumentedGstArithmetic() {
    // docs/gst.md: 10.25 at CGST 9 % → 0.9225 → 0.92 (paise, HALF_UP), per head and per line.
    BigDecimal[] none = new BigDecimal[BillingFixture.USAGE_CHARGES];
    java.util.Arrays.fill(none, BigDecimal.ZERO);
    // Only the platform fee: 25000.00 + 2 × 2250.00 = 29500.00 (the empty tiers and packages cost 0).
    assertThat(BillingFixture.baselineInvoice(none)).isEqualByComparingTo("29500.00");
    // Compute 10 units on the first tier at 0.40 = 4.00; CGST and SGST 0.36 each.
    none[0] = BigDecimal.TEN;
    assertThat(BillingFixture.baselineInvoice(none)).isEqualByComparingTo("29504.72");
  }

  @Test
  void everyBenchmarkMethodRuns() {
    InvoiceBenchmark.Invoices in = new InvoiceBenchmark.Invoices();
    in.setUp();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    new InvoiceBenchmark().assemble(in, bh);
    new InvoiceBenchmark().assembleResolvingEachCall(in, bh);
    new InvoiceBenchmark().assemble_baseline(in, bh);
  }
}
