package dev.billwright.testkit.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InMemoryInvoiceStoreTest extends InvoiceStoreContract {
  @Override
  protected InvoiceStore newStore() {
    return new InMemoryInvoiceStore();
  }

  @Override
  protected InvoiceNumberSequence sharedNumbers(InvoiceStore store) {
    return new InMemoryInvoiceNumberSequence();
  }

  @Override
  protected boolean finalizesBatchesAtomically() {
    return true;
  }

  /**
   * Batches finalized on several threads while other threads take single numbers of the same
   * series: every number from 1 to the count is taken exactly once, and each batch's numbers
   * follow its list order.
   */
  @Test
  void batchesAndSingleNumbersTogetherAreGapFree() throws Exception {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    InMemoryInvoiceNumberSequence numbers = new InMemoryInvoiceNumberSequence();
    InvoiceSeries series = InvoiceSeries.of("T", "T-", 6);
    int threads = 4;
    int batches = 50;
    int perBatch = 7;
    Set<String> taken = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            List<InvoiceStore.Finalization> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
              String id = "inv_" + thread + "_" + b + "_" + i;
              Invoice d = store.insertIfAbsent(draft(id, OCTOBER, "1.00")
                  .withKey(InvoiceKey.of("sub_" + id, OCTOBER, InvoiceKind.PERIOD)));
              batch.add(new InvoiceStore.Finalization(d, series, n -> InvoiceLifecycle.finalize(d, n, OCTOBER.end())));
            }
            List<Invoice> done = store.finalizeAllWithNumbers(batch, numbers);
            List<Long> values = done.stream().map(inv -> Long.parseLong(inv.number().orElseThrow().substring(2))).toList();
            assertThat(values).isSorted();
            assertThat(values.get(values.size() - 1) - values.get(0)).isGreaterThanOrEqualTo(perBatch - 1);
            done.forEach(inv -> assertThat(taken.add(inv.number().orElseThrow())).isTrue());
          }
          return null;
        }));
        futures.add(pool.submit(() -> {
          for (int k = 0; k < batches; k++) {
            assertThat(taken.add(series.format(numbers.next(series.name())))).isTrue();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long count = (long) threads * batches * (perBatch + 1);
    assertThat(taken).isEqualTo(LongStream.rangeClosed(1, count).mapToObj(series::format).collect(Collectors.toSet()));
  }
}
