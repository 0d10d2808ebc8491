package dev.billwright.testkit.billing;

import static dev.billwright.testkit.billing.BillRunFixture.expectedNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.TaxContext;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceSeries;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.testkit.fault.FaultInjector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Failure injection into a bill run over the in-memory SPI stores: the invoice store, the number
 * sequence, the usage source and the tax, coupon, series and credits functions all go through a
 * {@link FaultInjector}, which fails 1 to 6 calls chosen from a generated seed, once each, at
 * least one call apart (a transient fault: the call after a failure succeeds). A store write may
 * fail before it takes effect or after it was applied (a time-out after commit). After a run
 * with failures the host calls {@link BillRun#recover} (no other run is active) until a run
 * reports none. Then, whatever failed: exactly one invoice per (subscription, period), created
 * by exactly one run; all finalized, numbered INV-000001…INV-000012 without a gap, none twice,
 * and no number taken from the sequence beyond those; the same amounts and wallet balances as
 * a run without failures; and, when every failure takes no effect, every one reported in a result.
 */
class BillRunFailureInjectionTest {
  static final InvoiceSeries SERIES = InvoiceSeries.of("INV", "INV-", 6);

  static BillRunRequest request(BillRunFixture f, FaultInjector inj) {
    return new BillRunRequest(f.subs, inj.usage(BillRunFixture.USAGE),
        inj.function("tax", s -> TaxContext.none()),
        inj.function("coupons", s -> List.<CouponRedemption>of()), BillRunFixture.AS_OF, true,
        inj.function("series", i -> SERIES), inj.function("credits", f::credits), id -> List.of());
  }

  /** The calls a run without failures makes through the wrappers. */
  static long cleanCalls() {
    BillRunFixture f = new BillRunFixture(3);
    FaultInjector none = FaultInjector.none();
    BillRunResult r = BillRunFixture.run(none.store(f.store), none.numbers(f.numbers)).run(request(f, none));
    assertThat(r.failures()).isEmpty();
    return none.calls();
  }

  /** Failures before the call takes effect: all invariants, and every failure reported. */
  @Test
  void afterFailuresBeforeTheCallRecoveryCompletesAndEveryFailureIsReported() {
    property(150, false);
  }

  /**
   * Store writes may also fail after being applied: the same invariants. A failure the run
   * recognised as applied (it found its write stored) is not a failure of the subscription, so
   * reporting is not asserted here.
   */
  @Test
  void afterFailuresAlsoAfterAppliedWritesRecoveryCompletesWithTheSameInvoices() {
    property(100, true);
  }

  static void property(int examples, boolean after) {
    long clean = cleanCalls();
    BillRunFixture reference = BillRunReliabilityTest.reference();
    Map<String, String> referenceTotals = totals(reference);
    qt().withExamples(examples).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      Map<Long, FaultInjector.Mode> faults = new TreeMap<>();
      int k = 1 + random.nextInt(6);
      while (faults.size() < k) {
        // most in the first run, some in the recovery runs
        long ordinal = 1 + random.nextInt((int) (clean + clean / 2));
        if (!faults.containsKey(ordinal - 1) && !faults.containsKey(ordinal + 1)) {
          faults.put(ordinal, after && random.nextBoolean() ? FaultInjector.Mode.AFTER : FaultInjector.Mode.BEFORE);
        }
      }
      check(seed, faults, clean, reference, referenceTotals, !after);
    });
  }

  static void check(long seed, Map<Long, FaultInjector.Mode> faults, long clean, BillRunFixture reference,
      Map<String, String> referenceTotals, boolean allReported) {
    String what = "seed " + seed + ", faults " + faults;
    FaultInjector inj = new FaultInjector(faults);
    BillRunFixture f = new BillRunFixture(3);
    BillRun run = BillRunFixture.run(inj.store(f.store), inj.numbers(f.numbers));
    BillRunRequest request = request(f, inj);
    List<BillRunResult> results = new ArrayList<>();
    results.add(run.run(request));
    while (!results.get(results.size() - 1).failures().isEmpty() && results.size() <= faults.size() + 1) {
      results.add(run.recover(request));
    }
    BillRunResult last = results.get(results.size() - 1);
    assertThat(last.failures()).as(what).isEmpty();

    Map<String, Invoice> stored = f.stored();
    assertThat(stored.keySet()).as(what).isEqualTo(reference.stored().keySet());
    assertThat(stored.values()).as(what).allMatch(i -> i.status() == InvoiceStatus.FINALIZED
        && i.metadata().isEmpty());
    assertThat(f.numbersUsed()).as(what).isEqualTo(expectedNumbers(12));
    assertThat(f.numbers.taken()).as(what + ": numbers taken").isEqualTo(12);
    Map<String, Integer> createdTimes = new HashMap<>();
    results.forEach(r -> r.created().forEach(i -> createdTimes.merge(i.key().value(), 1, Integer::sum)));
    assertThat(createdTimes).as(what).hasSize(12).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
    assertThat(totals(f)).as(what).isEqualTo(referenceTotals);
    assertThat(f.balances()).as(what).isEqualTo(reference.balances());

    List<String> reported = results.stream().flatMap(r -> r.failures().stream()).map(x -> x.message()).toList();
    for (FaultInjector.Injected fault : inj.injected()) {
      if (allReported) {
        assertThat(reported).as(what + ": " + fault.message() + " reported")
            .anyMatch(m -> m.contains(fault.message() + ";") || m.endsWith(fault.message()));
      }
    }
    assertThat(clean).isPositive();
  }

  /** Totals and credits of every stored invoice by key (numbers differ with the order of failures). */
  static Map<String, String> totals(BillRunFixture f) {
    Map<String, String> out = new TreeMap<>();
    f.stored().forEach((key, i) -> out.put(key, i.totals().total() + " due " + i.totals().amountDue()
        + " lines " + i.lines()));
    return out;
  }
}
