package dev.billwright.testkit.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.AuditLog;
import dev.billwright.invoice.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuditLog}: extend it, implement {@link #newLog()} and run it with
 * JUnit 5 against your implementation. Each test gets a fresh, empty log.
 */
public abstract class AuditLogContract {
  /** A fixed time. */
  protected static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  /** Creates the contract. */
  protected AuditLogContract() {}

  /**
   * Returns a new, empty log.
   *
   * @return the log under test, never null
   */
  protected abstract AuditLog newLog();

  /** Records come back whole, in order, per entity; positions increase. */
  @Test
  public void appendsAndReadsBack() {
    AuditLog log = newLog();
    AuditRecord created = AuditRecord.of(AuditRecord.ENTITY_INVOICE, "inv_1", "created", null,
        "{\"status\":\"draft\"}", "bill-run", "October run", T0);
    AuditRecord finalized = AuditRecord.of(AuditRecord.ENTITY_INVOICE, "inv_1", "finalized",
        "{\"status\":\"draft\"}", "{\"status\":\"open\"}", "bill-run", "", T0.plusSeconds(1));
    AuditRecord other = AuditRecord.of(AuditRecord.ENTITY_WALLET, "w_1", "appended", "{}", "{\"n\":1}", "ops",
        "top-up", T0.plusSeconds(2));
    long p1 = log.append(created);
    long p2 = log.append(other);
    long p3 = log.append(finalized);
    assertThat(p1).isPositive();
    assertThat(p2).isGreaterThan(p1);
    assertThat(p3).isGreaterThan(p2);
    assertThat(log.read(AuditRecord.ENTITY_INVOICE, "inv_1")).containsExactly(created, finalized);
    assertThat(log.read(AuditRecord.ENTITY_WALLET, "w_1")).containsExactly(other);
    assertThat(log.read(AuditRecord.ENTITY_WALLET, "w_2")).isEmpty();
    assertThat(log.readAfter(0, 10)).containsExactly(created, other, finalized);
    assertThat(log.readAfter(p1, 1)).containsExactly(other);
  }

  /**
   * Concurrent appends lose nothing.
   *
   * @throws Exception if a worker fails
   */
  @Test
  public void concurrentAppendsLoseNothing() throws Exception {
    AuditLog log = newLog();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        AuditRecord r = AuditRecord.of(AuditRecord.ENTITY_PLAN, "p@" + (i % 5), "published", null, "{}", "t" + i,
            "", T0.plusSeconds(i));
        futures.add(pool.submit(() -> log.append(r)));
      }
      List<Long> positions = new ArrayList<>();
      for (Future<Long> f : futures) {
        positions.add(f.get());
      }
      assertThat(positions).doesNotHaveDuplicates();
      assertThat(log.readAfter(0, 1000)).hasSize(100);
      assertThat(log.read(AuditRecord.ENTITY_PLAN, "p@3")).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }
}
