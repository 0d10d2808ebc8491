package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryDeduplicationStoreTest {
  @Test
  void newThenDuplicateThenConflict() {
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore();
    assertThat(store.firstSeen("", "e1", 42)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("", "e1", 42)).isEqualTo(DedupOutcome.DUPLICATE);
    assertThat(store.firstSeen("", "e1", 43)).isEqualTo(DedupOutcome.CONFLICT);
    assertThat(store.firstSeen("", "e1", 42)).as("the first fingerprint stays").isEqualTo(DedupOutcome.DUPLICATE);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void scopesAreSeparate() {
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore();
    assertThat(store.firstSeen("cus_1", "e1", 1)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("cus_2", "e1", 1)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("cus_1e", "1", 1)).as("length-prefixed, no ambiguity").isEqualTo(DedupOutcome.NEW);
    assertThat(store.firstSeen("", "e1", 1)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.size()).isEqualTo(4);
  }

  /** Against a HashMap oracle, through many resizes. */
  @Test
  void agreesWithAHashMapThroughGrowth() {
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore();
    Map<String, Long> oracle = new HashMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 400_000; i++) {
      String id = "evt_" + random.nextInt(200_000);
      long fingerprint = random.nextInt(3);
      Long seen = oracle.putIfAbsent(id, fingerprint);
      DedupOutcome expected = seen == null ? DedupOutcome.NEW
          : seen == fingerprint ? DedupOutcome.DUPLICATE : DedupOutcome.CONFLICT;
      assertThat(store.firstSeen("", id, fingerprint)).isEqualTo(expected);
    }
    assertThat(store.size()).isEqualTo(oracle.size());
    // 16 bytes per slot, at most 75 % full and at least 37.5 % after a doubling (plus per-segment slack)
    assertThat(store.tableBytes()).isLessThanOrEqualTo(44L * oracle.size());
  }

  /**
   * Hints ahead ({@code prefetch}) change no answer: in order, out of order, skipped, repeated,
   * in other scopes and for ids never asked about, through growth, against a store without hints.
   */
  @Test
  void prefetchChangesNoAnswer() {
    qt().withExamples(40).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      InMemoryDeduplicationStore hinted = new InMemoryDeduplicationStore();
      InMemoryDeduplicationStore plain = new InMemoryDeduplicationStore();
      String[] customers = {"cus_1", "cus_2", "cus_3"};
      List<UsageEvent> queue = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        // a batch hinted in one scope, then asked about (mostly in order, some skipped, in either scope)
        DedupScope scope = random.nextBoolean() ? DedupScope.GLOBAL : DedupScope.CUSTOMER;
        UsageEvent[] batch = new UsageEvent[random.nextInt(20)];
        for (int k = 0; k < batch.length; k++) {
          batch[k] = UsageEvent.of("evt_" + random.nextInt(1_500), customers[random.nextInt(customers.length)], null,
              "api.call", java.time.Instant.EPOCH, java.util.Map.of());
        }
        int told = batch.length == 0 ? 0 : random.nextInt(batch.length + 1);
        hinted.prefetch(scope, batch, told);
        for (UsageEvent e : batch) {
          if (random.nextInt(8) > 0) {
            queue.add(e);
          }
        }
        while (!queue.isEmpty() && random.nextInt(4) > 0) {
          UsageEvent next = queue.remove(random.nextInt(Math.min(queue.size(), 3)));
          String s = (random.nextInt(6) == 0 ? (scope == DedupScope.GLOBAL ? DedupScope.CUSTOMER : DedupScope.GLOBAL)
              : scope).scopeOf(next);
          long fingerprint = random.nextInt(2);
          assertThat(hinted.firstSeen(s, next.id(), fingerprint)).isEqualTo(plain.firstSeen(s, next.id(), fingerprint));
        }
      }
      assertThat(hinted.size()).isEqualTo(plain.size());
    });
  }

  @Test
  void presizedStoreDoesNotGrowForTheExpectedIds() {
    InMemoryDeduplicationStore store = new InMemoryDeduplicationStore(100_000);
    long before = store.tableBytes();
    for (int i = 0; i < 100_000; i++) {
      store.firstSeen("", "evt_" + i, i);
    }
    assertThat(store.size()).isEqualTo(100_000);
    // segments fill unevenly; allow one doubling of a few segments but not of all
    assertThat(store.tableBytes()).isLessThan(2 * before);
  }
}
