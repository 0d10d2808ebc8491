package dev.billwright.testkit.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.DeduplicationStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * The contract every {@link DeduplicationStore} must meet; extend it and implement
 * {@link #newStore()} to test a host implementation (billing-core's
 * {@code InMemoryDeduplicationStore} is tested this way).
 *
 * <p>Checked: NEW the first time, then DUPLICATE for the same fingerprint and CONFLICT for
 * another, the first fingerprint kept; scopes independent; agreement with a HashMap oracle on
 * random sequences; one NEW among concurrent first calls.
 */
public abstract class DeduplicationStoreContractTest {
  /** Creates the contract test. */
  protected DeduplicationStoreContractTest() {}

  /**
   * Returns a new, empty store.
   *
   * @return the store, never null
   */
  protected abstract DeduplicationStore newStore();

  /** NEW, then DUPLICATE or CONFLICT, keeping the first fingerprint. */
  @Test
  public void firstSeenThenDuplicateOrConflict() {
    DeduplicationStore store = newStore();
    assertThat(store.firstSeen("", "e1", 10)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("", "e1", 10)).isEqualTo(DedupOutcome.DUPLICATE);
    assertThat(store.firstSeen("", "e1", 11)).isEqualTo(DedupOutcome.CONFLICT);
    assertThat(store.firstSeen("", "e1", 10)).isEqualTo(DedupOutcome.DUPLICATE);
  }

  /** The same id in two scopes is two ids. */
  @Test
  public void scopesAreIndependent() {
    DeduplicationStore store = newStore();
    assertThat(store.firstSeen("cus_1", "e1", 1)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("cus_2", "e1", 2)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("", "e1", 3)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("cus_1", "e1", 1)).isEqualTo(DedupOutcome.DUPLICATE);
  }

  /** Any sequence of calls agrees with a HashMap of the first fingerprint per (scope, id). */
  @Test
  public void agreesWithAHashMapOracle() {
    qt().withExamples(100).forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 299)).ofSizeBetween(0, 300))
        .checkAssert(calls -> {
          DeduplicationStore store = newStore();
          Map<String, Long> oracle = new HashMap<>();
          for (int c : calls) {
            String scope = "s" + (c % 3);
            String id = "e" + (c / 3 % 40);
            long fingerprint = c / 120;
            Long first = oracle.putIfAbsent(scope + "/" + id, fingerprint);
            DedupOutcome expected = first == null ? DedupOutcome.NEW
                : first == fingerprint ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
            assertThat(store.firstSeen(scope, id, fingerprint)).isEqualTo(expected);
          }
        });
  }

  /**
   * Concurrent first calls for one id: exactly one NEW.
   *
   * @throws InterruptedException if interrupted
   */
  @Test
  public void concurrentFirstCallsGiveOneNew() throws InterruptedException {
    DeduplicationStore store = newStore();
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<DedupOutcome> outcomes = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        outcomes.add(store.firstSeen("", "same", 5));
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(outcomes).hasSize(8);
    assertThat(outcomes.stream().filter(o -> o == DedupOutcome.NEW)).hasSize(1);
  }
}
