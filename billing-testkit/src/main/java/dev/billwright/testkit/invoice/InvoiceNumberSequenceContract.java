package dev.billwright.testkit.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link InvoiceNumberSequence}: extend it, implement {@link #newSequence()} and
 * run it with JUnit 5 against your implementation. Each test gets a fresh sequence.
 */
public abstract class InvoiceNumberSequenceContract {
  /** Creates the contract. */
  protected InvoiceNumberSequenceContract() {}

  /**
   * Returns a new, empty sequence (every series unused).
   *
   * @return the sequence under test, never null
   */
  protected abstract InvoiceNumberSequence newSequence();

  /** A series starts at 1 and counts up by 1. */
  @Test
  public void seriesStartsAtOneAndIsConsecutive() {
    InvoiceNumberSequence sequence = newSequence();
    assertThat(List.of(sequence.next("A"), sequence.next("A"), sequence.next("A"))).containsExactly(1L, 2L, 3L);
  }

  /** Series are independent. */
  @Test
  public void seriesAreIndependent() {
    InvoiceNumberSequence sequence = newSequence();
    sequence.next("INV/25-26");
    sequence.next("INV/25-26");
    assertThat(sequence.next("INV/26-27")).isEqualTo(1L);
    assertThat(sequence.next("INV/25-26")).isEqualTo(3L);
  }

  /** Numbers are formatted by the series, per financial year. */
  @Test
  public void nextNumberFormatsWithTheSeries() {
    InvoiceNumberSequence sequence = newSequence();
    InvoiceSeries series = InvoiceSeries.indianFinancialYear("INV", LocalDate.of(2026, 11, 21), 6);
    assertThat(sequence.nextNumber(series)).isEqualTo("INV/26-27/000001");
    assertThat(sequence.nextNumber(series)).isEqualTo("INV/26-27/000002");
  }

  /**
   * Concurrent calls give exactly 1..N, with no gap and no repeat.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentCallsAreGapFreeAndUnique() throws Exception {
    InvoiceNumberSequence sequence = newSequence();
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<List<Long>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(() -> {
          start.await();
          List<Long> got = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            got.add(sequence.next("S"));
          }
          return got;
        });
      }
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (Callable<List<Long>> task : tasks) {
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        List<Long> got = f.get();
        assertThat(got).isSorted();
        all.addAll(got);
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
  }
}
