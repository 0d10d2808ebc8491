package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.Plan;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.testkit.generators.BillingGenerators;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Concurrent bill runs over one store and one number sequence: exactly one invoice per key, no
 * failure in any run, every invoice finalized once, and invoice numbers 1..n without a gap or a
 * repeat (CGST Rule 46(b)). Regression: both runs used to take a number for the same invoice
 * (a gap) and the loser's compare-and-set failed the subscription.
 */
class ConcurrentBillRunTest {
  static final int THREADS = 4;

  @RepeatedTest(50)
  void concurrentRunsProduceOneInvoicePerKeyAndGapFreeNumbers() throws Exception {
    Plan plan = BillingGenerators.plan("p", "{\"cadence\":\"P1M\",\"alignment\":\"calendar\",\"time_zone\":\"UTC\","
        + "\"proration\":\"seconds\"}", new BigDecimal("10"), new BigDecimal("0.01"));
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan));
    List<Subscription> subs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      subs.add(Subscription.builder().id("sub_" + i).customerId("cus_" + i).planCode("p").planVersion(1)
          .start(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * i)).build());
    }
    UsageSource usage = (sub, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal("1234")));
    BillRunRequest request = BillRunRequest.of(subs, usage, Instant.parse("2026-07-01T00:00:00Z"));
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    InMemoryInvoiceNumberSequence numbers = new InMemoryInvoiceNumberSequence();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<BillRunResult>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      BillRun run = new BillRun(catalog, store, numbers, InvoiceAssembler.DEFAULT);
      futures.add(pool.submit(() -> {
        go.await();
        return run.run(request);
      }));
    }
    go.countDown();
    List<BillRunResult> results = new ArrayList<>();
    for (Future<BillRunResult> f : futures) {
      results.add(f.get());
    }
    pool.shutdown();

    // 8 subscriptions × (opening + 6 month ends from 1 February to 1 July) = 56 invoices
    List<Invoice> stored = new ArrayList<>();
    for (Subscription s : subs) {
      stored.addAll(store.listByCustomer(s.customerId(), BillingPeriod.of(Instant.parse("2025-01-01T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC)));
    }
    assertThat(stored).hasSize(56);
    assertThat(stored).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
    assertThat(stored.stream().map(i -> i.key().value()).collect(Collectors.toSet())).hasSize(56);
    results.forEach(r -> assertThat(r.failures()).isEmpty());
    // each invoice was created by exactly one run; the others saw it as existing
    int created = results.stream().mapToInt(r -> r.created().size()).sum();
    assertThat(created).isEqualTo(56);
    Set<String> numbersUsed = new TreeSet<>();
    stored.forEach(i -> numbersUsed.add(i.number().orElseThrow()));
    assertThat(numbersUsed).hasSize(56);
    for (int n = 1; n <= 56; n++) {
      assertThat(numbersUsed).contains(String.format("INV-%06d", n));
    }
    // no draft claim marker is left on a finalized invoice
    assertThat(stored).allMatch(i -> i.metadata().isEmpty());
  }
}
