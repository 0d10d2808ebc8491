package dev.billwright.testkit.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.billwright.memory.InMemoryUsageEventStore;
import dev.billwright.metering.Aggregation;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventStore;
import dev.billwright.testkit.generators.UsageEventGenerators;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link UsageEventStore} must meet. A host tests its own implementation by
 * extending this class and implementing {@link #newStore()}; billing-testkit's
 * {@link InMemoryUsageEventStore} is tested this way.
 *
 * <p>Checked: idempotent append (NEW, then DUPLICATE for equal content, CONFLICT for different
 * content, nothing changed by either), reads by customer, event type and half-open period in
 * (timestamp, id) order, reads by meter applying its filters, concurrent appends of one id
 * storing it once, and reads independent of append order (a property test).
 */
public abstract class UsageEventStoreContractTest {
  /** The window the tests' events fall in: October 2026, UTC. */
  protected static final BillingPeriod OCTOBER = BillingPeriod.of(Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  /** Creates the contract test. */
  protected UsageEventStoreContractTest() {}

  /**
   * Returns a new, empty store.
   *
   * @return the store, never null
   */
  protected abstract UsageEventStore newStore();

  private static UsageEvent event(String id, String customer, String type, String timestamp, Map<String, String> props) {
    return UsageEvent.of(id, customer, null, type, Instant.parse(timestamp), props);
  }

  private static List<UsageEvent> read(UsageEventStore store, String customer, String type, BillingPeriod period) {
    try (Stream<UsageEvent> s = store.read(customer, type, period)) {
      return s.collect(Collectors.toList());
    }
  }

  /** An id appended twice with equal content is stored once; the second append says DUPLICATE. */
  @Test
  public void appendIsIdempotent() {
    UsageEventStore store = newStore();
    UsageEvent e = event("e1", "cus_1", "api.call", "2026-10-03T10:15:30Z", Map.of("units", "2"));
    assertThat(store.append(e)).isEqualTo(DedupOutcome.NEW);
    assertThat(store.append(e)).isEqualTo(DedupOutcome.DUPLICATE);
    assertThat(store.append(UsageEvent.of("e1", "cus_1", null, "api.call", Instant.parse("2026-10-03T10:15:30Z"),
        Map.of("units", "2")))).isEqualTo(DedupOutcome.DUPLICATE);
    assertThat(store.size()).isEqualTo(1);
    assertThat(read(store, "cus_1", "api.call", OCTOBER)).containsExactly(e);
  }

  /** A second copy of an id with different content is a conflict and changes nothing. */
  @Test
  public void conflictingCopyIsReportedAndNotStored() {
    UsageEventStore store = newStore();
    UsageEvent first = event("e1", "cus_1", "api.call", "2026-10-03T10:15:30Z", Map.of("units", "2"));
    UsageEvent other = first.withProperties(Map.of("units", "3"));
    store.append(first);
    assertThat(store.append(other)).isEqualTo(DedupOutcome.CONFLICT);
    assertThat(store.append(first.withTimestamp(Instant.parse("2026-10-04T00:00:00Z"))))
        .isEqualTo(DedupOutcome.CONFLICT);
    assertThat(store.size()).isEqualTo(1);
    assertThat(read(store, "cus_1", "api.call", OCTOBER)).containsExactly(first);
  }

  /** Reads select customer, event type and the half-open period, ordered by timestamp then id. */
  @Test
  public void readsSelectAndOrder() {
    UsageEventStore store = newStore();
    UsageEvent atStart = event("b", "cus_1", "api.call", "2026-10-01T00:00:00Z", Map.of());
    UsageEvent atEnd = event("c", "cus_1", "api.call", "2026-11-01T00:00:00Z", Map.of());
    UsageEvent beforeStart = event("d", "cus_1", "api.call", "2026-09-30T23:59:59.999999999Z", Map.of());
    UsageEvent sameTimeLaterId = event("z", "cus_1", "api.call", "2026-10-05T00:00:00Z", Map.of());
    UsageEvent sameTimeEarlierId = event("a", "cus_1", "api.call", "2026-10-05T00:00:00Z", Map.of());
    UsageEvent otherCustomer = event("e", "cus_2", "api.call", "2026-10-05T00:00:00Z", Map.of());
    UsageEvent otherType = event("f", "cus_1", "storage.changed", "2026-10-05T00:00:00Z", Map.of());
    for (UsageEvent e : List.of(sameTimeLaterId, atEnd, otherType, beforeStart, atStart, otherCustomer,
        sameTimeEarlierId)) {
      assertThat(store.append(e)).isEqualTo(DedupOutcome.NEW);
    }
    assertThat(read(store, "cus_1", "api.call", OCTOBER)).containsExactly(atStart, sameTimeEarlierId, sameTimeLaterId);
    assertThat(read(store, "cus_2", "api.call", OCTOBER)).containsExactly(otherCustomer);
    assertThat(read(store, "cus_1", "storage.changed", OCTOBER)).containsExactly(otherType);
    assertThat(read(store, "cus_3", "api.call", OCTOBER)).isEmpty();
    assertThat(store.size()).isEqualTo(7);
  }

  /** Reading by meter applies its event type and filters. */
  @Test
  public void readByMeterAppliesFilters() {
    UsageEventStore store = newStore();
    UsageEvent delivered = event("e1", "cus_1", "otp.sent", "2026-10-03T10:00:00Z", Map.of("status", "delivered"));
    UsageEvent failed = event("e2", "cus_1", "otp.sent", "2026-10-03T11:00:00Z", Map.of("status", "failed"));
    UsageEvent unknown = event("e3", "cus_1", "otp.sent", "2026-10-03T12:00:00Z", Map.of());
    List.of(delivered, failed, unknown).forEach(store::append);
    Meter meter = Meter.of("otp_sent", "otp.sent", Aggregation.COUNT, null, Map.of("status", Set.of("delivered")),
        List.of());
    try (Stream<UsageEvent> s = store.read("cus_1", meter, OCTOBER)) {
      assertThat(s).containsExactly(delivered);
    }
  }

  /**
   * Appends of one id from several threads store it once: exactly one NEW.
   *
   * @throws InterruptedException if interrupted
   */
  @Test
  public void concurrentAppendsOfOneIdStoreItOnce() throws InterruptedException {
    UsageEventStore store = newStore();
    UsageEvent e = event("e1", "cus_1", "api.call", "2026-10-03T10:15:30Z", Map.of());
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<DedupOutcome> outcomes = new ConcurrentLinkedQueue<>();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return;
        }
        outcomes.add(store.append(e));
      });
      t.start();
      started.add(t);
    }
    start.countDown();
    for (Thread t : started) {
      t.join();
    }
    assertThat(outcomes).hasSize(threads);
    assertThat(outcomes.stream().filter(o -> o == DedupOutcome.NEW)).hasSize(1);
    assertThat(store.size()).isEqualTo(1);
  }

  /** Whatever the append order, reads return the same events, sorted by timestamp then id. */
  @Test
  public void readsDoNotDependOnAppendOrder() {
    qt().withExamples(50).forAll(UsageEventGenerators.distinctEvents(0, 40, OCTOBER)
        .flatMap(events -> UsageEventGenerators.shuffled(events).map(order -> List.of(events, order))))
        .checkAssert(pair -> {
          UsageEventStore store = newStore();
          pair.get(1).forEach(store::append);
          for (String customer : UsageEventGenerators.CUSTOMERS) {
            for (String type : List.of(UsageEventGenerators.API_CALL, UsageEventGenerators.STORAGE)) {
              List<UsageEvent> expected = pair.get(0).stream()
                  .filter(e -> e.customer().equals(customer) && e.eventType().equals(type))
                  .sorted(Comparator.comparing(UsageEvent::timestamp).thenComparing(UsageEvent::id))
                  .collect(Collectors.toList());
              assertThat(read(store, customer, type, OCTOBER)).containsExactlyElementsOf(expected);
            }
          }
        });
  }
}
