package dev.billwright.benchmarks;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanOverrides;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.subscription.SubscriptionValidator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Validation of a subscription at creation ({@link SubscriptionValidator#DEFAULT}), per
 * subscription: {@value #SUBSCRIPTIONS} subscriptions per invocation to the 10-charge plan of
 * {@link BillingFixture} ({@code bench@1}, with {@code bench@2} in the catalog), each with a 10 %
 * discount override on {@code sms} and three changes (seats at the end of October, an immediate
 * upgrade to {@code bench@2} on 10 November, a cancellation at the end of December); one in ten
 * is billed in USD, which no charge has a price in (20 problems: 10 charges of 2 plans), and one
 * in ten has its seat change requested before the start (1 problem). Against a hand-written
 * baseline counting the same problems from arrays (plan status and effective dates as longs,
 * currencies as strings, the calendar month end in the plan's zone). {@code
 * SubscriptionValidationBenchmarkTest} checks both count the same problems for every
 * subscription.
 *
 * <p>Target (docs/benchmarks.md): under 1 ms per subscription. {@link Mode#AverageTime} in ns
 * per subscription.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SubscriptionValidationBenchmark {
  /** Subscriptions validated per invocation. */
  static final int SUBSCRIPTIONS = 100;

  /** Creates the benchmark (JMH instantiates it). */
  public SubscriptionValidationBenchmark() {}

  /** The catalog, the subscriptions and the baseline's arrays; once per trial. */
  @State(Scope.Thread)
  public static class Subscriptions {
    /** The catalog: {@code bench@1} and {@code bench@2}. */
    InMemoryPlanCatalog catalog;
    /** The subscriptions. */
    List<Subscription> subscriptions;
    /** The baseline's inputs: the start of each subscription, epoch seconds. */
    long[] start;
    /** The billing currency code of each subscription. */
    String[] currency;
    /** The request times of each subscription's changes, epoch seconds, in list order. */
    long[][] requested;
    /** Whether each change takes effect at the period end. */
    boolean[][] atPeriodEnd;
    /** Whether each change is a cancellation. */
    boolean[][] cancellation;
    /** Whether each change is a plan change (to {@code bench@2}). */
    boolean[][] planChange;
    /** Whether the plans are active. */
    boolean planActive;
    /** The plans' effective_from, epoch seconds. */
    long planFrom;
    /** The plans' currency code. */
    String planCurrency;
    /** The number of charges of each plan. */
    int charges;

    /** Creates the state (JMH instantiates it). */
    public Subscriptions() {}

    /** Builds the catalog and the subscriptions. */
    @Setup
    public void setUp() {
      Plan v1 = BillingFixture.plan(1);
      Plan v2 = BillingFixture.plan(2);
      catalog = new InMemoryPlanCatalog();
      catalog.publish(v1);
      catalog.publish(v2);
      planActive = true;
      planFrom = Long.MIN_VALUE; // the fixture's plans have no effective dates
      planCurrency = v1.currency().getCurrencyCode();
      charges = v1.charges().size();
      Instant octoberStart = BillingFixture.OCTOBER.start();
      subscriptions = new ArrayList<>(SUBSCRIPTIONS);
      start = new long[SUBSCRIPTIONS];
      currency = new String[SUBSCRIPTIONS];
      requested = new long[SUBSCRIPTIONS][];
      atPeriodEnd = new boolean[SUBSCRIPTIONS][];
      cancellation = new boolean[SUBSCRIPTIONS][];
      planChange = new boolean[SUBSCRIPTIONS][];
      for (int i = 0; i < SUBSCRIPTIONS; i++) {
        Instant s = octoberStart.plusSeconds(3600L * i);
        boolean usd = i % 10 == 3;
        boolean early = i % 10 == 7;
        Instant seatsAt = early ? s.minusSeconds(86_400) : Instant.parse("2026-10-20T10:00:00Z");
        Instant upgradeAt = Instant.parse("2026-11-10T10:00:00Z");
        Instant cancelAt = Instant.parse("2026-12-20T10:00:00Z");
        Subscription.Builder b = Subscription.builder().id("sub_" + i).customerId("cus_" + i)
            .planCode(v1.code()).planVersion(1).start(s)
            .overrides(new PlanOverrides(Map.of(), Map.of("sms", BigDecimal.TEN)))
            .addChanges(SubscriptionChange.seats("chg_seats", seatsAt, ChangeTiming.AT_PERIOD_END, BigDecimal.TEN))
            .addChanges(SubscriptionChange.planChange("chg_up", SubscriptionChange.Kind.UPGRADE, upgradeAt,
                ChangeTiming.IMMEDIATE, v2.code(), 2))
            .addChanges(SubscriptionChange.cancel("chg_cancel", cancelAt, ChangeTiming.AT_PERIOD_END));
        if (usd) {
          b.currency(Currency.getInstance("USD"));
        }
        subscriptions.add(b.build());
        start[i] = s.getEpochSecond();
        currency[i] = usd ? "USD" : planCurrency;
        requested[i] = new long[] {seatsAt.getEpochSecond(), upgradeAt.getEpochSecond(), cancelAt.getEpochSecond()};
        atPeriodEnd[i] = new boolean[] {true, false, true};
        cancellation[i] = new boolean[] {false, false, true};
        planChange[i] = new boolean[] {false, true, false};
      }
    }
  }

  /**
   * Billwright: validates each subscription, every problem at once.
   *
   * @param in the subscriptions
   * @param bh consumes each report
   */
  @Benchmark
  @OperationsPerInvocation(SUBSCRIPTIONS)
  public void validate(Subscriptions in, Blackhole bh) {
    for (Subscription s : in.subscriptions) {
      bh.consume(SubscriptionValidator.DEFAULT.validate(s, in.catalog));
    }
  }

  /**
   * Baseline: counts the same problems on arrays.
   *
   * @param in the arrays
   * @param bh consumes each count
   */
  @Benchmark
  @OperationsPerInvocation(SUBSCRIPTIONS)
  public void validate_baseline(Subscriptions in, Blackhole bh) {
    for (int i = 0; i < SUBSCRIPTIONS; i++) {
      bh.consume(baselineProblems(in, i));
    }
  }

  /**
   * The baseline's count of problems of subscription {@code i}: the plan's status and
   * effective_from at the start and at each plan change, currency against every charge of each
   * plan (the fixture's charges are priced only in the plan's currency), each change requested
   * before the start, and changes taking effect after the first cancellation (an at-period-end
   * change takes effect at the next calendar month start in the plan's zone).
   *
   * @param in the arrays
   * @param i the subscription index
   * @return the number of problems
   */
  static int baselineProblems(Subscriptions in, int i) {
    int problems = 0;
    long start = in.start[i];
    boolean foreign = !in.currency[i].equals(in.planCurrency);
    problems += in.planActive ? 0 : 1;
    problems += start < in.planFrom ? 1 : 0;
    problems += foreign ? in.charges : 0;
    long[] requested = in.requested[i];
    long[] effective = new long[requested.length];
    boolean[] timed = new boolean[requested.length];
    for (int c = 0; c < requested.length; c++) {
      if (requested[c] < start) {
        problems++;
      } else {
        timed[c] = true;
        effective[c] = in.atPeriodEnd[i][c] ? monthEnd(requested[c]) : requested[c];
      }
      if (in.planChange[i][c]) {
        long at = timed[c] ? effective[c] : requested[c];
        problems += in.planActive ? 0 : 1;
        problems += at < in.planFrom ? 1 : 0;
        problems += foreign ? in.charges : 0;
      }
    }
    long cancelled = Long.MAX_VALUE;
    for (int c = 0; c < requested.length; c++) {
      if (timed[c] && in.cancellation[i][c]) {
        cancelled = Math.min(cancelled, effective[c]);
      }
    }
    for (int c = 0; c < requested.length; c++) {
      if (timed[c] && !in.cancellation[i][c] && effective[c] >= cancelled) {
        problems++;
      }
    }
    return problems;
  }

  private static long monthEnd(long epochSecond) {
    ZonedDateTime at = Instant.ofEpochSecond(epochSecond).atZone(BillingFixture.ZONE);
    return at.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(BillingFixture.ZONE).toEpochSecond();
  }
}
