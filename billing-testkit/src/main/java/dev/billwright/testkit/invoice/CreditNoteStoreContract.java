package dev.billwright.testkit.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteCalculator;
import dev.billwright.invoice.CreditNoteCalculator.CreditRequest;
import dev.billwright.invoice.CreditNoteReason;
import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CreditNoteStore}: extend it, implement {@link #newStore()} and run it
 * with JUnit 5 against your implementation. Each test gets a fresh, empty store.
 */
public abstract class CreditNoteStoreContract {
  /** The series the tests number from. */
  protected static final InvoiceSeries SERIES = InvoiceSeries.of("CN", "CN-", 6);

  /** Creates the contract. */
  protected CreditNoteStoreContract() {}

  /**
   * Returns a new, empty store (its series unused).
   *
   * @return the store under test, never null
   */
  protected abstract CreditNoteStore newStore();

  /**
   * A partial credit note of 100.00 INR against a finalized one-line October invoice.
   *
   * @param id the credit note id
   * @param invoiceId the invoice id
   * @return the unnumbered note, never null
   */
  protected static CreditNote note(String id, String invoiceId) {
    Invoice draft = InvoiceStoreContract.draft(invoiceId, InvoiceStoreContract.OCTOBER, "1000.00");
    Invoice invoice = InvoiceLifecycle.finalize(draft, "INV-" + invoiceId, InvoiceStoreContract.OCTOBER.end());
    return CreditNoteCalculator.DEFAULT.issue(id, invoice, List.of(),
        List.of(CreditRequest.partial(invoice.lines().get(0).lineId(), Money.of("INR", "100.00"))),
        CreditNoteReason.PRODUCT_UNSATISFACTORY, "outage", InvoiceStoreContract.NOVEMBER.start());
  }

  /** The first insert numbers and stores; a second with the same id returns the first, unnumbered again. */
  @Test
  public void insertIsIdempotentById() {
    CreditNoteStore store = newStore();
    CreditNote first = store.insertIfAbsent(note("cn_1", "inv_1"), SERIES);
    assertThat(first.number()).contains("CN-000001");
    assertThat(store.insertIfAbsent(note("cn_1", "inv_1"), SERIES)).isEqualTo(first);
    CreditNote second = store.insertIfAbsent(note("cn_2", "inv_1"), SERIES);
    assertThat(second.number()).contains("CN-000002");
    assertThat(store.findById("cn_1")).contains(first);
    assertThat(store.findById("cn_3")).isEmpty();
    assertThat(store.listByInvoice("inv_1")).containsExactly(first, second);
    assertThat(store.listByInvoice("inv_2")).isEmpty();
  }

  /** A note that already has a number keeps it and takes none from the series. */
  @Test
  public void aNumberedNoteKeepsItsNumber() {
    CreditNoteStore store = newStore();
    CreditNote given = note("cn_1", "inv_1").withNumber("HOST-7");
    assertThat(store.insertIfAbsent(given, SERIES)).isEqualTo(given);
    assertThat(store.insertIfAbsent(note("cn_2", "inv_1"), SERIES).number()).contains("CN-000001");
  }

  /** An id reused for another invoice is a conflict, and nothing is stored. */
  @Test
  public void idReusedForAnotherInvoiceIsAConflict() {
    CreditNoteStore store = newStore();
    store.insertIfAbsent(note("cn_1", "inv_1"), SERIES);
    assertThatThrownBy(() -> store.insertIfAbsent(note("cn_1", "inv_2"), SERIES))
        .isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
    assertThat(store.listByInvoice("inv_2")).isEmpty();
    assertThat(store.insertIfAbsent(note("cn_2", "inv_2"), SERIES).number()).contains("CN-000002");
  }

  /**
   * Threads storing notes, each id twice, concurrently: every id is stored once, and the
   * numbers are exactly 1..N with no gap.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentInsertsAreIdempotentAndGapFree() throws Exception {
    CreditNoteStore store = newStore();
    int notes = 40;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CreditNote>> futures = new ArrayList<>();
      for (int copy = 0; copy < 2; copy++) {
        for (int i = 0; i < notes; i++) {
          CreditNote n = note("cn_" + i, "inv_1");
          futures.add(pool.submit(() -> {
            start.await();
            return store.insertIfAbsent(n, SERIES);
          }));
        }
      }
      start.countDown();
      for (Future<CreditNote> f : futures) {
        f.get();
      }
      List<CreditNote> stored = store.listByInvoice("inv_1");
      assertThat(stored).hasSize(notes);
      assertThat(stored).extracting(n -> n.number().orElseThrow()).containsExactlyInAnyOrderElementsOf(
          IntStream.rangeClosed(1, notes).mapToObj(SERIES::format).toList());
      for (int i = 0; i < notes; i++) {
        assertThat(futures.get(i).get()).isEqualTo(futures.get(i + notes).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
