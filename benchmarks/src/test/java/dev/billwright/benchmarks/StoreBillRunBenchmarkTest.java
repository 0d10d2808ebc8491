package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRunResult;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks, on 30 customers, that {@link StoreBillRunBenchmark} bills the same invoices into
 * memory and into PostgreSQL (the same ids, numbers, lines and totals), with no failure, one
 * finalized invoice per customer and unique numbers.
 */
class StoreBillRunBenchmarkTest {
  private static List<Invoice> bill(String store) throws Exception {
    StoreBillRunBenchmark.World w = new StoreBillRunBenchmark.World();
    w.store = store;
    w.customers = 30;
    w.setUp();
    try {
      w.freshStores();
      BillRunResult r = new StoreBillRunBenchmark().billRun(w);
      assertThat(r.failures()).as(store).isEmpty();
      w.closeStores();
      return r.created();
    } finally {
      w.stop();
    }
  }

  @Test
  void memoryAndPostgresqlBillTheSameInvoices() throws Exception {
    List<Invoice> memory = bill("memory");
    List<Invoice> postgres = bill("postgresql");
    assertThat(memory).hasSize(30).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
    assertThat(postgres).isEqualTo(memory);
    Set<String> numbers = new HashSet<>();
    memory.forEach(i -> numbers.add(i.number().orElseThrow()));
    assertThat(numbers).hasSize(memory.size());
    Set<String> customers = new HashSet<>();
    memory.forEach(i -> customers.add(i.customerId()));
    assertThat(customers).hasSize(30);
  }
}
