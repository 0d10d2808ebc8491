package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.subscription.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A bill run resolves each subscription once, however many cycles it bills. */
class BillRunResolveOnceTest {
  /** Counts plan look-ups. */
  static final class CountingCatalog implements PlanCatalog {
    final PlanCatalog inner = ProrationTest.CATALOG;
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public void publish(Plan plan) {
      inner.publish(plan);
    }

    @Override
    public Optional<Plan> find(String code, int version) {
      lookups.incrementAndGet();
      return inner.find(code, version);
    }

    @Override
    public List<Plan> versions(String code) {
      lookups.incrementAndGet();
      return inner.versions(code);
    }
  }

  static int lookupsToBill(Instant asOf) {
    CountingCatalog catalog = new CountingCatalog();
    Subscription s = ProrationTest.sub("basic", "1");
    BillRunResult r = new BillRun(catalog, new BillingFixtures.MapStore(), new BillingFixtures.Counter(),
        InvoiceAssembler.DEFAULT).run(BillRunRequest.of(List.of(s), UsageSource.NONE, asOf));
    assertThat(r.failures()).isEmpty();
    return catalog.lookups.get();
  }

  /**
   * Before: every cycle's assembly resolved the phases again (and the trial end, and the usage
   * windows), so the plan look-ups grew with the number of cycles billed; now they do not.
   */
  @Test
  void planLookupsDoNotGrowWithTheNumberOfCycles() {
    int twoCycles = lookupsToBill(Instant.parse("2026-05-01T00:00:00Z"));
    int thirteenCycles = lookupsToBill(Instant.parse("2027-04-01T00:00:00Z"));
    assertThat(thirteenCycles).isEqualTo(twoCycles);
  }
}
