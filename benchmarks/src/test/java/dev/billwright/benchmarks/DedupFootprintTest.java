package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.InMemoryDeduplicationStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * The memory exact in-memory deduplication holds: {@value #IDS} distinct ids recorded in an
 * {@link InMemoryDeduplicationStore}, measured as the heap retained after a full collection
 * (the store kept reachable, the ids dropped: the store holds hashes, not the strings), and as
 * the store's own account of its tables. Both a store that grows from its default size and one
 * sized for the ids up front. The figures are printed (docs/benchmarks.md quotes them) and
 * bounded: 10 million ids must fit in less than 1 GB.
 */
class DedupFootprintTest {
  /** Distinct ids recorded. */
  static final int IDS = 10_000_000;

  @Test
  void tenMillionIdsFitInLessThanAGigabyte() {
    for (boolean presized : new boolean[] {false, true}) {
      long before = retainedHeap();
      InMemoryDeduplicationStore store = presized ? new InMemoryDeduplicationStore(IDS)
          : new InMemoryDeduplicationStore();
      for (int i = 0; i < IDS; i++) {
        assertThat(store.firstSeen("", "evt-" + i, i)).isSameAs(DedupOutcome.NEW);
      }
      long retained = retainedHeap() - before;
      assertThat(store.size()).isEqualTo(IDS);
      // a second sight of any id is a duplicate: the store really holds all of them
      assertThat(store.firstSeen("", "evt-" + (IDS - 1), IDS - 1)).isSameAs(DedupOutcome.DUPLICATE);
      assertThat(store.firstSeen("", "evt-0", 0)).isSameAs(DedupOutcome.DUPLICATE);
      System.out.printf("dedup store, %s, %,d ids: retained heap %,d bytes (%.1f bytes/id), tables %,d bytes"
          + " (%.1f bytes/id), G1 region %s bytes%n", presized ? "presized" : "grown", IDS, retained,
          retained / (double) IDS, store.tableBytes(), store.tableBytes() / (double) IDS, regionSize());
      assertThat(retained).isLessThan(1L << 30);
      // The heap holds at least the tables, and at most twice them: a table of half a G1 region
      // or more is a humongous object, which occupies whole regions (a 4 MB table and its array
      // header take two 4 MB regions).
      assertThat(retained).isBetween(store.tableBytes() * 9 / 10, store.tableBytes() * 21 / 10);
    }
  }

  private static String regionSize() {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("G1HeapRegionSize").getValue();
    } catch (IllegalArgumentException notG1) {
      return "n/a";
    }
  }

  private static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
