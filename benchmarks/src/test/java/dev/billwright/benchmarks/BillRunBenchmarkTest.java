package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRunResult;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks, on a world of 40 customers and 36 000 events, that {@link BillRunBenchmark}'s bill
 * run and its baseline give every customer the same invoice total, that the bill run finalizes
 * exactly one invoice per customer with no failure, and that the events are what the benchmark
 * claims (every region, units 1 to 100).
 */
class BillRunBenchmarkTest {
  private static BillRunBenchmark.World world() {
    BillRunBenchmark.World w = new BillRunBenchmark.World();
    w.customers = 40;
    w.events = 36_000;
    w.setUp();
    return w;
  }

  @Test
  void billRunAndBaselineAgreeOnEveryCustomersTotal() {
    BillRunBenchmark.World w = world();
    BillRunResult result = new BillRunBenchmark().billRun(w);
    assertThat(result.failures()).isEmpty();
    assertThat(result.created()).hasSize(w.customers);
    BigDecimal[] baseline = new BillRunBenchmark().billRun_baseline(w);
    Map<String, Invoice> byCustomer = new HashMap<>();
    for (Invoice i : result.created()) {
      assertThat(i.status()).isEqualTo(InvoiceStatus.FINALIZED);
      assertThat(i.lines()).hasSize(10);
      assertThat(byCustomer.put(i.customerId(), i)).isNull();
    }
    for (int c = 0; c < w.customers; c++) {
      assertThat(byCustomer.get("cus_" + c).totals().total().amount()).as("customer %d", c)
          .isEqualByComparingTo(baseline[c]);
    }
  }

  @Test
  void baselineSumsUnitsPerCustomerAndCharge() {
    // Oracle: recount one customer's units per region from the events themselves.
    BillRunBenchmark.World w = world();
    long[] units = new long[BillRunBenchmark.REGIONS];
    new BillRunBenchmark().buildEvents(w).stream().filter(e -> e.customer().equals("cus_3")).forEach(e ->
        units[Integer.parseInt(e.property("region").substring(1))] += Long.parseLong(e.property("units")));
    BigDecimal[] q = new BigDecimal[BillRunBenchmark.REGIONS];
    for (int r = 0; r < q.length; r++) {
      assertThat(units[r]).as("region r%d has events", r).isPositive();
      q[r] = BigDecimal.valueOf(units[r]);
    }
    assertThat(new BillRunBenchmark().billRun_baseline(w)[3]).isEqualByComparingTo(BillingFixture.baselineInvoice(q));
  }

  @Test
  void eventsCoverEveryRegionAndUnitsFromOneToHundred() {
    BillRunBenchmark.World w = world();
    boolean[] regions = new boolean[BillRunBenchmark.REGIONS];
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < w.events; i++) {
      regions[w.region[i]] = true;
      min = Math.min(min, w.units[i]);
      max = Math.max(max, w.units[i]);
      assertThat(BillingFixture.OCTOBER.contains(w.timestamp(i))).isTrue();
    }
    assertThat(regions).containsOnly(true);
    assertThat(min).isEqualTo(1);
    assertThat(max).isEqualTo(100);
  }
}
