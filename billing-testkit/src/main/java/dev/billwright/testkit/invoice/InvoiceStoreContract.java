package dev.billwright.testkit.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link InvoiceStore}: extend it, implement {@link #newStore()} and run it with
 * JUnit 5 against your implementation. Each test gets a fresh, empty store.
 */
public abstract class InvoiceStoreContract {
  /** October 2026 in UTC. */
  protected static final BillingPeriod OCTOBER =
      BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), ZoneOffset.UTC);
  /** November 2026 in UTC. */
  protected static final BillingPeriod NOVEMBER =
      BillingPeriod.ofDates(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), ZoneOffset.UTC);

  /** Creates the contract. */
  protected InvoiceStoreContract() {}

  /**
   * Returns a new, empty store.
   *
   * @return the store under test, never null
   */
  protected abstract InvoiceStore newStore();

  /**
   * Returns the number sequence that shares its transactions with a store made by
   * {@link #newStore()} ({@link InvoiceStore#sharesTransactionWith}), fresh (every series at 0),
   * or null if the store shares none (the {@code finalizeWithNumber} tests are then skipped).
   *
   * @param store the store of the test, not null
   * @return the sequence, or null
   */
  protected InvoiceNumberSequence sharedNumbers(InvoiceStore store) {
    return null;
  }

  private static final InvoiceSeries SERIES = InvoiceSeries.of("T", "T-", 6);

  private InvoiceNumberSequence sharedOrSkip(InvoiceStore store) {
    InvoiceNumberSequence numbers = sharedNumbers(store);
    Assumptions.assumeTrue(numbers != null, "the store shares no transaction with a number sequence");
    assertThat(store.sharesTransactionWith(numbers)).isTrue();
    return numbers;
  }

  /**
   * insertAllIfAbsent stores as insertIfAbsent called for each in order: a key stored before, or
   * earlier in the list, returns that invoice; a new key stores the invoice.
   */
  @Test
  public void insertAllIfAbsentIsInsertIfAbsentForEachInOrder() {
    InvoiceStore store = newStore();
    Invoice first = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    BillingPeriod december = BillingPeriod.ofDates(LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1), ZoneOffset.UTC);
    Invoice nov = draft("inv_3", NOVEMBER, "3.00");
    Invoice dec = draft("inv_5", december, "5.00");
    List<Invoice> stored = store.insertAllIfAbsent(List.of(draft("inv_2", OCTOBER, "2.00"), nov,
        draft("inv_4", NOVEMBER, "4.00"), dec));
    assertThat(stored).containsExactly(first, nov, nov, dec);
    assertThat(store.findAllByKey(nov.key())).containsExactly(nov);
    assertThat(store.findById("inv_4")).isEmpty();
    assertThat(store.find(dec.key())).contains(dec);
    assertThat(store.insertAllIfAbsent(List.of())).isEmpty();
    // an id already used by another key is a conflict
    BillingPeriod january = BillingPeriod.ofDates(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), ZoneOffset.UTC);
    assertThatThrownBy(() -> store.insertAllIfAbsent(List.of(draft("inv_1", january, "1.00"))))
        .isInstanceOf(BillingException.class).extracting(e -> ((BillingException) e).code())
        .isEqualTo(ErrorCode.INVOICE_CONFLICT);
  }

  /**
   * Concurrent batches over the same keys store exactly one invoice per key, and every caller
   * gets that one.
   *
   * @throws Exception if a thread fails
   */
  @Test
  public void concurrentBatchesOfTheSameKeysStoreOnePerKey() throws Exception {
    InvoiceStore store = newStore();
    int keys = 20;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Invoice>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int copy = t;
        results.add(pool.submit(() -> {
          List<Invoice> batch = new ArrayList<>();
          for (int k = 0; k < keys; k++) {
            BillingPeriod p = BillingPeriod.ofDates(LocalDate.of(2030, 1, 1).plusMonths(k),
                LocalDate.of(2030, 2, 1).plusMonths(k), ZoneOffset.UTC);
            batch.add(draft("inv_" + k + "_" + copy, p, "1.00"));
          }
          go.await();
          return store.insertAllIfAbsent(batch);
        }));
      }
      go.countDown();
      List<Invoice> firstResult = results.get(0).get();
      for (Future<List<Invoice>> f : results) {
        assertThat(f.get()).isEqualTo(firstResult);
      }
      for (Invoice i : firstResult) {
        assertThat(store.findAllByKey(i.key())).containsExactly(i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Whether {@link InvoiceStore#finalizeAllWithNumbers} with the {@link #sharedNumbers} sequence
   * is one transaction (all or none finalized) in the store under test; the default is false
   * (the SPI's default finalizes one by one) and the all-or-nothing test is then skipped.
   *
   * @return true if a batch of finalizations is all or nothing
   */
  protected boolean finalizesBatchesAtomically() {
    return false;
  }

  /**
   * findAllByKeys is findAllByKey for each key: void invoices included, in insertion order; a
   * key never billed is absent.
   */
  @Test
  public void findAllByKeysIsFindAllByKeyForEach() {
    InvoiceStore store = newStore();
    Invoice first = store.insertIfAbsent(draft("inv_1", OCTOBER, "10.00"));
    Invoice issued = store.compareAndSet(first, InvoiceLifecycle.finalize(first, "X-1", OCTOBER.end()));
    Invoice voided = store.compareAndSet(issued, InvoiceLifecycle.voidInvoice(issued, OCTOBER.end()));
    Invoice again = store.insertIfAbsent(draft("inv_1b", OCTOBER, "12.00"));
    Invoice november = store.insertIfAbsent(draft("inv_2", NOVEMBER, "5.00"));
    BillingPeriod december = BillingPeriod.ofDates(LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1), ZoneOffset.UTC);
    InvoiceKey never = InvoiceKey.of("sub_1", december, InvoiceKind.PERIOD);
    Map<InvoiceKey, List<Invoice>> all = store.findAllByKeys(List.of(first.key(), november.key(), never, first.key()));
    assertThat(all).containsOnlyKeys(first.key(), november.key());
    assertThat(all.get(first.key())).containsExactly(voided, again).isEqualTo(store.findAllByKey(first.key()));
    assertThat(all.get(november.key())).containsExactly(november);
    assertThat(store.findAllByKeys(List.of())).isEmpty();
  }

  /**
   * finalizeAllWithNumbers finalizes each draft with the next number of its series, numbers
   * following the list within each series.
   */
  @Test
  public void finalizeAllWithNumbersNumbersEachSeriesInListOrder() {
    InvoiceStore store = newStore();
    InvoiceNumberSequence numbers = sharedOrSkip(store);
    InvoiceSeries other = InvoiceSeries.of("U", "U-", 4);
    List<InvoiceStore.Finalization> batch = new ArrayList<>();
    for (int m = 1; m <= 5; m++) {
      BillingPeriod p = BillingPeriod.ofDates(LocalDate.of(2027, m, 1), LocalDate.of(2027, m + 1, 1), ZoneOffset.UTC);
      Invoice d = store.insertIfAbsent(draft("inv_" + m, p, "10.00"));
      batch.add(new InvoiceStore.Finalization(d, m % 2 == 0 ? other : SERIES,
          n -> InvoiceLifecycle.finalize(d, n, p.end())));
    }
    List<Invoice> done = store.finalizeAllWithNumbers(batch, numbers);
    assertThat(done).extracting(i -> i.number().orElseThrow())
        .containsExactly("T-000001", "U-0001", "T-000002", "U-0002", "T-000003");
    for (Invoice i : done) {
      assertThat(store.findById(i.id())).contains(i);
    }
    assertThat(numbers.next(SERIES.name())).isEqualTo(4);
    assertThat(numbers.next(other.name())).isEqualTo(3);
    assertThat(store.finalizeAllWithNumbers(List.of(), numbers)).isEmpty();
  }

  /**
   * A batch of finalizations with one stale draft is a conflict and, on a store that finalizes
   * batches in one transaction, finalizes none and takes no number.
   */
  @Test
  public void aStaleDraftInABatchFinalizesNoneAndTakesNoNumber() {
    InvoiceStore store = newStore();
    InvoiceNumberSequence numbers = sharedOrSkip(store);
    Assumptions.assumeTrue(finalizesBatchesAtomically(), "the store finalizes a batch one by one");
    Invoice a = store.insertIfAbsent(draft("inv_1", OCTOBER, "10.00"));
    Invoice b = store.insertIfAbsent(draft("inv_2", NOVEMBER, "5.00"));
    store.compareAndSet(b, InvoiceLifecycle.finalize(b, "X-1", NOVEMBER.end()));
    List<InvoiceStore.Finalization> batch = List.of(
        new InvoiceStore.Finalization(a, SERIES, n -> InvoiceLifecycle.finalize(a, n, OCTOBER.end())),
        new InvoiceStore.Finalization(b, SERIES, n -> InvoiceLifecycle.finalize(b, n, NOVEMBER.end())));
    assertThatThrownBy(() -> store.finalizeAllWithNumbers(batch, numbers))
        .isInstanceOf(BillingException.class).extracting(e -> ((BillingException) e).code())
        .isEqualTo(ErrorCode.INVOICE_CONFLICT);
    assertThat(store.findById("inv_1")).contains(a);
    // a replacement failing to build, after the numbers were taken, rolls them back too
    Invoice c = store.insertIfAbsent(draft("inv_3", NOVEMBER, "7.00"));
    assertThatThrownBy(() -> store.finalizeAllWithNumbers(List.of(
        new InvoiceStore.Finalization(a, SERIES, n -> InvoiceLifecycle.finalize(a, n, OCTOBER.end())),
        new InvoiceStore.Finalization(c, SERIES, n -> {
          throw new IllegalStateException("killed between the numbers and the write");
        })), numbers)).hasMessageContaining("killed between");
    assertThat(store.findById("inv_1")).contains(a);
    assertThat(numbers.next(SERIES.name())).isEqualTo(1);
  }

  /** finalizeWithNumber takes the next number and stores the finalized invoice with it. */
  @Test
  public void finalizeWithNumberTakesTheNumberAndStoresTheInvoice() {
    InvoiceStore store = newStore();
    InvoiceNumberSequence numbers = sharedOrSkip(store);
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    Invoice done = store.finalizeWithNumber(draft, numbers, SERIES,
        n -> InvoiceLifecycle.finalize(draft, n, OCTOBER.end()));
    assertThat(done.number()).contains("T-000001");
    assertThat(store.findById("inv_1")).contains(done);
    assertThat(numbers.next(SERIES.name())).isEqualTo(2);
  }

  /**
   * A failure between taking the number and storing the invoice (here: building the
   * replacement throws) takes no number: the next finalization gets the same number.
   */
  @Test
  public void aFailureBetweenTheNumberAndTheWriteTakesNoNumber() {
    InvoiceStore store = newStore();
    InvoiceNumberSequence numbers = sharedOrSkip(store);
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    List<String> offered = new ArrayList<>();
    assertThatThrownBy(() -> store.finalizeWithNumber(draft, numbers, SERIES, n -> {
      offered.add(n);
      throw new IllegalStateException("killed between the number and the write");
    })).hasMessageContaining("killed between");
    assertThat(offered).containsExactly("T-000001");
    assertThat(store.findById("inv_1")).contains(draft);
    Invoice done = store.finalizeWithNumber(draft, numbers, SERIES,
        n -> InvoiceLifecycle.finalize(draft, n, OCTOBER.end()));
    assertThat(done.number()).contains("T-000001");
    // a replacement that changes the id is refused, and takes no number either
    Invoice other = store.insertIfAbsent(draft("inv_2", NOVEMBER, "5.00"));
    assertThatThrownBy(() -> store.finalizeWithNumber(other, numbers, SERIES,
        n -> InvoiceLifecycle.finalize(draft, n, OCTOBER.end())))
        .isInstanceOf(BillingException.class).extracting(e -> ((BillingException) e).code())
        .isEqualTo(ErrorCode.INVOICE_CONFLICT);
    assertThat(numbers.next(SERIES.name())).isEqualTo(2);
  }

  /** A stale expected invoice is a conflict, and takes no number. */
  @Test
  public void aStaleFinalizeWithNumberIsAConflictAndTakesNoNumber() {
    InvoiceStore store = newStore();
    InvoiceNumberSequence numbers = sharedOrSkip(store);
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    store.compareAndSet(draft, InvoiceLifecycle.finalize(draft, "X-1", OCTOBER.end()));
    assertThatThrownBy(() -> store.finalizeWithNumber(draft, numbers, SERIES,
        n -> InvoiceLifecycle.finalize(draft, n, OCTOBER.end())))
        .isInstanceOf(BillingException.class).extracting(e -> ((BillingException) e).code())
        .isEqualTo(ErrorCode.INVOICE_CONFLICT);
    assertThat(numbers.next(SERIES.name())).isEqualTo(1);
  }

  /**
   * Concurrent finalizations: of two racing for one draft exactly one wins; drafts of different
   * keys get the numbers 1..N, no gap, no repeat.
   *
   * @throws Exception if a thread fails
   */
  @Test
  public void concurrentFinalizeWithNumberIsGapFreeAndFinalizesEachDraftOnce() throws Exception {
    InvoiceStore store = newStore();
    InvoiceNumberSequence numbers = sharedOrSkip(store);
    int drafts = 6;
    List<Invoice> stored = new ArrayList<>();
    for (int m = 1; m <= drafts; m++) {
      BillingPeriod p = BillingPeriod.ofDates(LocalDate.of(2027, m, 1), LocalDate.of(2027, m + 1, 1), ZoneOffset.UTC);
      stored.add(store.insertIfAbsent(draft("inv_" + m, p, "10.00")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int copy = 0; copy < 2; copy++) {
        for (Invoice d : stored) {
          results.add(pool.submit(() -> {
            go.await();
            try {
              return store.finalizeWithNumber(d, numbers, SERIES,
                  n -> InvoiceLifecycle.finalize(d, n, d.period().end())).number().orElseThrow();
            } catch (BillingException e) {
              if (e.code() != ErrorCode.INVOICE_CONFLICT) {
                throw e;
              }
              return null;
            }
          }));
        }
      }
      go.countDown();
      List<String> won = new ArrayList<>();
      for (Future<String> f : results) {
        String n = f.get();
        if (n != null) {
          won.add(n);
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= drafts; i++) {
        expected.add(SERIES.format(i));
      }
      assertThat(won).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(numbers.next(SERIES.name())).isEqualTo(drafts + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Builds a one-line draft invoice of {@code sub_1} for customer {@code cus_1}.
   *
   * @param id the invoice id
   * @param period the billing period
   * @param amount the line amount in INR, such as {@code "1000.00"}
   * @return the draft, never null
   */
  protected static Invoice draft(String id, BillingPeriod period, String amount) {
    Money money = Money.of("INR", amount);
    return Invoice.builder()
        .id(id)
        .key(InvoiceKey.of("sub_1", period, InvoiceKind.PERIOD))
        .customerId("cus_1")
        .addSubscriptionIds("sub_1")
        .currency(money.currency())
        .addLines(InvoiceLine.builder()
            .lineId(InvoiceLine.lineIdOf("sub_1", "base", Map.of(), LineKind.RECURRING_FEE))
            .subscriptionId("sub_1")
            .chargeCode("base")
            .kind(LineKind.RECURRING_FEE)
            .servicePeriod(period)
            .exactAmount(money)
            .amount(money)
            .build())
        .issuedAt(period.end())
        .build();
  }

  /** The first insert stores; a second with the same key returns the first. */
  @Test
  public void insertIfAbsentKeepsTheFirstInvoiceForAKey() {
    InvoiceStore store = newStore();
    Invoice first = draft("inv_1", OCTOBER, "1000.00");
    assertThat(store.insertIfAbsent(first)).isEqualTo(first);
    Invoice second = draft("inv_2", OCTOBER, "2000.00");
    assertThat(store.insertIfAbsent(second)).isEqualTo(first);
    assertThat(store.find(first.key())).contains(first);
    assertThat(store.findById("inv_1")).contains(first);
    assertThat(store.findById("inv_2")).isEmpty();
  }

  /** Another period is another key. */
  @Test
  public void anotherPeriodIsAnotherInvoice() {
    InvoiceStore store = newStore();
    store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    Invoice november = draft("inv_2", NOVEMBER, "1000.00");
    assertThat(store.insertIfAbsent(november)).isEqualTo(november);
    assertThat(store.listByCustomer("cus_1", OCTOBER.withEnd(NOVEMBER.end())))
        .extracting(Invoice::id).containsExactly("inv_1", "inv_2");
    assertThat(store.listByCustomer("cus_1", NOVEMBER)).extracting(Invoice::id).containsExactly("inv_2");
    assertThat(store.listByCustomer("cus_2", NOVEMBER)).isEmpty();
  }

  /** An id reused for another key is a conflict. */
  @Test
  public void idReusedForAnotherKeyIsAConflict() {
    InvoiceStore store = newStore();
    store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    assertThatThrownBy(() -> store.insertIfAbsent(draft("inv_1", NOVEMBER, "1000.00")))
        .isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
  }

  /** Compare-and-set replaces once; a stale expected value is a conflict. */
  @Test
  public void compareAndSetRejectsAStaleRead() {
    InvoiceStore store = newStore();
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    Instant at = OCTOBER.end();
    Invoice finalized = InvoiceLifecycle.finalize(draft, "INV/26-27/000001", at);
    assertThat(store.compareAndSet(draft, finalized)).isEqualTo(finalized);
    assertThat(store.findById("inv_1")).contains(finalized);
    Invoice otherNumber = InvoiceLifecycle.finalize(draft, "INV/26-27/000002", at);
    assertThatThrownBy(() -> store.compareAndSet(draft, otherNumber))
        .isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
    assertThat(store.findById("inv_1")).contains(finalized);
  }

  /**
   * Voiding an invoice frees its key: the key has no live invoice, a new invoice (another id) can
   * be inserted for it, and the void invoice stays, found by id, by customer and among the key's
   * invoices.
   */
  @Test
  public void voidingFreesTheKeyAndKeepsTheVoidInvoice() {
    InvoiceStore store = newStore();
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    Invoice finalized = store.compareAndSet(draft, InvoiceLifecycle.finalize(draft, "N1", OCTOBER.end()));
    Invoice voided = store.compareAndSet(finalized, InvoiceLifecycle.voidInvoice(finalized, NOVEMBER.start()));
    assertThat(store.find(draft.key())).isEmpty();
    assertThat(store.findAllByKey(draft.key())).containsExactly(voided);
    Invoice again = draft("inv_2", OCTOBER, "900.00");
    assertThat(store.insertIfAbsent(again)).isEqualTo(again);
    assertThat(store.find(draft.key())).contains(again);
    assertThat(store.findAllByKey(draft.key())).containsExactly(voided, again);
    assertThat(store.findById("inv_1")).contains(voided);
    assertThat(store.listByCustomer("cus_1", OCTOBER)).containsExactly(voided, again);
    // the key has a live invoice again: a third insert returns it and stores nothing
    assertThat(store.insertIfAbsent(draft("inv_3", OCTOBER, "800.00"))).isEqualTo(again);
    assertThat(store.findById("inv_3")).isEmpty();
    assertThat(store.findAllByKey(InvoiceKey.of("sub_1", NOVEMBER, InvoiceKind.PERIOD))).isEmpty();
  }

  /** The id of a void invoice is not reused, even for its own key. */
  @Test
  public void theIdOfAVoidInvoiceIsNotReused() {
    InvoiceStore store = newStore();
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    Invoice finalized = store.compareAndSet(draft, InvoiceLifecycle.finalize(draft, "N1", OCTOBER.end()));
    store.compareAndSet(finalized, InvoiceLifecycle.voidInvoice(finalized, NOVEMBER.start()));
    assertThatThrownBy(() -> store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00")))
        .isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
    assertThat(store.find(draft.key())).isEmpty();
  }

  /**
   * After a void, N threads inserting new invoices for the freed key store exactly one.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentInsertsAfterAVoidStoreExactlyOne() throws Exception {
    InvoiceStore store = newStore();
    Invoice draft = store.insertIfAbsent(draft("inv_void", OCTOBER, "1000.00"));
    Invoice finalized = store.compareAndSet(draft, InvoiceLifecycle.finalize(draft, "N1", OCTOBER.end()));
    store.compareAndSet(finalized, InvoiceLifecycle.voidInvoice(finalized, NOVEMBER.start()));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Invoice>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Invoice candidate = draft("inv_" + t, OCTOBER, "1000.00");
        futures.add(pool.submit(() -> {
          start.await();
          return store.insertIfAbsent(candidate);
        }));
      }
      start.countDown();
      Invoice live = null;
      for (Future<Invoice> f : futures) {
        Invoice r = f.get();
        assertThat(live == null || r.equals(live)).as("every caller gets the same invoice").isTrue();
        live = r;
      }
      assertThat(store.find(draft.key())).contains(live);
      assertThat(store.findAllByKey(draft.key())).hasSize(2).last().isEqualTo(live);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Compare-and-set of an invoice that is not stored is a conflict. */
  @Test
  public void compareAndSetOfAMissingInvoiceIsAConflict() {
    InvoiceStore store = newStore();
    Invoice draft = draft("inv_1", OCTOBER, "1000.00");
    assertThatThrownBy(() -> store.compareAndSet(draft, InvoiceLifecycle.finalize(draft, "N1", OCTOBER.end())))
        .isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
  }

  /**
   * N threads inserting invoices with the same key store exactly one, and all get it.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentInsertsOfOneKeyStoreExactlyOne() throws Exception {
    InvoiceStore store = newStore();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Invoice>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Invoice candidate = draft("inv_" + t, OCTOBER, "1000.00");
        futures.add(pool.submit(() -> {
          start.await();
          return store.insertIfAbsent(candidate);
        }));
      }
      start.countDown();
      List<Invoice> results = new ArrayList<>();
      for (Future<Invoice> f : futures) {
        results.add(f.get());
      }
      Invoice stored = store.find(InvoiceKey.of("sub_1", OCTOBER, InvoiceKind.PERIOD)).orElseThrow();
      assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(stored));
      int found = 0;
      for (int t = 0; t < threads; t++) {
        found += store.findById("inv_" + t).isPresent() ? 1 : 0;
      }
      assertThat(found).isEqualTo(1);
      assertThat(store.listByCustomer("cus_1", OCTOBER)).containsExactly(stored);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * N threads racing to finalize the same stored draft with compare-and-set: exactly one wins,
   * the others get {@link ErrorCode#INVOICE_CONFLICT}, and the stored invoice is the winner's.
   *
   * @throws Exception if a worker fails unexpectedly
   */
  @Test
  public void concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
    InvoiceStore store = newStore();
    Invoice draft = store.insertIfAbsent(draft("inv_1", OCTOBER, "1000.00"));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Invoice>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Invoice finalized = InvoiceLifecycle.finalize(draft, "N" + t, OCTOBER.end());
        futures.add(pool.submit(() -> {
          start.await();
          try {
            return store.compareAndSet(draft, finalized);
          } catch (BillingException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVOICE_CONFLICT);
            return null;
          }
        }));
      }
      start.countDown();
      List<Invoice> winners = new ArrayList<>();
      for (Future<Invoice> f : futures) {
        Invoice r = f.get();
        if (r != null) {
          winners.add(r);
        }
      }
      assertThat(winners).hasSize(1);
      assertThat(store.findById("inv_1")).contains(winners.get(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
