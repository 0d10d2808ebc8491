package dev.billwright.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.subscription.SubscriptionProblem;
import dev.billwright.subscription.SubscriptionValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Checks that {@link SubscriptionValidationBenchmark}'s validation and its baseline find the same
 * number of problems for every subscription, and that the subscriptions are what the benchmark
 * claims: 8 in 10 valid, 1 in 10 with 20 currency problems, 1 in 10 with a change before the start.
 */
class SubscriptionValidationBenchmarkTest {
  @Test
  void validationAndBaselineCountTheSameProblems() {
    SubscriptionValidationBenchmark.Subscriptions in = new SubscriptionValidationBenchmark.Subscriptions();
    in.setUp();
    for (int i = 0; i < SubscriptionValidationBenchmark.SUBSCRIPTIONS; i++) {
      List<SubscriptionProblem> problems = SubscriptionValidator.DEFAULT.validate(in.subscriptions.get(i), in.catalog);
      assertThat(problems).as("subscription %d", i).hasSize(SubscriptionValidationBenchmark.baselineProblems(in, i));
      // by construction: 10 charges of 2 plans without a USD price; one change before the start
      int expected = i % 10 == 3 ? 20 : i % 10 == 7 ? 1 : 0;
      assertThat(problems).as("subscription %d", i).hasSize(expected);
    }
  }

  @Test
  void aChangeAfterTheCancellationIsCountedByBoth() {
    SubscriptionValidationBenchmark.Subscriptions in = new SubscriptionValidationBenchmark.Subscriptions();
    in.setUp();
    // move the cancellation of subscription 0 before the upgrade: one more problem for both
    in.subscriptions.set(0, in.subscriptions.get(0).withChange(dev.billwright.subscription.SubscriptionChange.cancel(
        "chg_cancel", java.time.Instant.parse("2026-11-05T00:00:00Z"),
        dev.billwright.subscription.ChangeTiming.IMMEDIATE)));
    in.requested[0][2] = java.time.Instant.parse("2026-11-05T00:00:00Z").getEpochSecond();
    in.atPeriodEnd[0][2] = false;
    assertThat(SubscriptionValidator.DEFAULT.validate(in.subscriptions.get(0), in.catalog)).hasSize(1);
    assertThat(SubscriptionValidationBenchmark.baselineProblems(in, 0)).isEqualTo(1);
  }

  @Test
  void everyBenchmarkMethodRuns() {
    SubscriptionValidationBenchmark.Subscriptions in = new SubscriptionValidationBenchmark.Subscriptions();
    in.setUp();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    new SubscriptionValidationBenchmark().validate(in, bh);
    new SubscriptionValidationBenchmark().validate_baseline(in, bh);
    bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }
}
