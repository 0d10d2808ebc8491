package dev.billwright.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
  private static final AlertEvaluator EVAL = AlertEvaluator.DEFAULT;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Money inr(long rupees) {
    return Money.of(Money.currency("INR"), BigDecimal.valueOf(rupees));
  }

  /** Runs a rule over balances and returns the indexes that fired. */
  private static List<Integer> fire(AlertRule rule, List<Observation> observations) {
    AlertState state = AlertState.initial(rule);
    List<Integer> fired = new ArrayList<>();
    for (int i = 0; i < observations.size(); i++) {
      AlertEvaluator.Evaluation e = EVAL.evaluate(rule, state, observations.get(i));
      state = e.state();
      if (e.alert().isPresent()) {
        fired.add(i);
      }
    }
    return fired;
  }

  private static List<Observation> balances(long... rupees) {
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < rupees.length; i++) {
      out.add(Observation.at(T0.plusSeconds(i)).withBalance(inr(rupees[i]), inr(1000)));
    }
    return out;
  }

  @Test
  void lowBalanceFiresOncePerCrossingWithHysteresis() {
    AlertRule rule = new AlertRule.BalanceBelow("low", inr(100), inr(20));
    // 150 → 100 fires (at or below); 90, 110 (inside band) don't; 121 re-arms; 80 fires again
    assertThat(fire(rule, balances(150, 100, 90, 110, 95, 121, 80, 70))).containsExactly(1, 6);
  }

  @Test
  void percentOfLastTopUp() {
    AlertRule rule = new AlertRule.BalanceBelowPercentOfTopUp("pct", BigDecimal.TEN, BigDecimal.ONE);
    // last top-up 1000: threshold 100, re-arm above 110
    assertThat(fire(rule, balances(500, 101, 100, 110, 111, 99))).containsExactly(2, 5);
    Observation noTopUp = Observation.at(T0).withBalance(inr(0), null);
    assertThat(EVAL.evaluate(rule, AlertState.initial(rule), noTopUp).alert()).isEmpty();
  }

  @Test
  void usageAgainstQuotaAndAbsolute() {
    AlertRule pct = new AlertRule.UsageAbovePercentOfQuota("q80", "otp", BigDecimal.valueOf(80),
        BigDecimal.ZERO);
    AlertRule abs = new AlertRule.UsageAbove("q9000", "otp", BigDecimal.valueOf(9000), BigDecimal.ZERO);
    List<Observation> obs = new ArrayList<>();
    long[] used = {7999, 8000, 9500, 100, 9000};
    for (int i = 0; i < used.length; i++) {
      obs.add(Observation.at(T0.plusSeconds(i)).withUsage("otp", BigDecimal.valueOf(used[i]),
          BigDecimal.valueOf(10_000)));
    }
    assertThat(fire(pct, obs)).containsExactly(1, 4); // 8000 is 80% of 10 000; 100 re-arms
    assertThat(fire(abs, obs)).containsExactly(2, 4);
  }

  @Test
  void spendAndDepletion() {
    AlertRule spend = new AlertRule.SpendAbove("spend", inr(500), inr(0));
    Observation o = Observation.at(T0).withSpend(inr(500));
    assertThat(EVAL.evaluate(spend, AlertState.initial(spend), o).alert()).isPresent();

    AlertRule dep = new AlertRule.DepletionWithin("dep", Duration.ofDays(3), Duration.ofDays(1));
    List<Observation> obs = List.of(
        Observation.at(T0).withProjectedDepletion(T0.plus(Duration.ofDays(5))),
        Observation.at(T0).withProjectedDepletion(T0.plus(Duration.ofDays(3))),
        Observation.at(T0).withProjectedDepletion(T0.plus(Duration.ofDays(4))),
        Observation.at(T0),
        Observation.at(T0).withProjectedDepletion(T0.minusSeconds(5)));
    // 3 days fires; 4 days is inside the 1-day band; no projection re-arms; past fires again
    assertThat(fire(dep, obs)).containsExactly(1, 4);
  }

  @Test
  void evaluateAllEmitsToSinkInRuleOrder() {
    List<Alert> sink = new ArrayList<>();
    AlertRule low = new AlertRule.BalanceBelow("low", inr(100), inr(0));
    AlertRule spend = new AlertRule.SpendAbove("spend", inr(10), inr(0));
    Observation o = Observation.at(T0).withBalance(inr(50), null).withSpend(inr(20));
    Map<String, AlertState> states = EVAL.evaluateAll(List.of(low, spend), Map.of(), o, sink::add);
    assertThat(sink).extracting(a -> a.rule().id()).containsExactly("low", "spend");
    assertThat(states.values()).allSatisfy(s -> assertThat(s.armed()).isFalse());
    EVAL.evaluateAll(List.of(low, spend), states, o, sink::add);
    assertThat(sink).hasSize(2);
  }

  @Test
  void rejectsStateOfAnotherRule() {
    AlertRule low = new AlertRule.BalanceBelow("low", inr(100), inr(0));
    assertThatThrownBy(() -> EVAL.evaluate(low, new AlertState("other", true), Observation.at(T0)))
        .isInstanceOf(BillingException.class);
    assertThatThrownBy(() -> new AlertRule.BalanceBelow("low", inr(100), inr(-1)))
        .isInstanceOf(BillingException.class);
  }

  /** With no band, alerts fire exactly at the observations that move from above to at-or-below. */
  @Test
  void eachCrossingFiresExactlyOnceWithoutBand() {
    qt().forAll(lists().of(integers().between(-50, 50)).ofSizeBetween(0, 40))
        .checkAssert(values -> {
          AlertRule rule = new AlertRule.BalanceBelow("low", inr(0), inr(0));
          List<Integer> expected = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            if (values.get(i) <= 0 && (i == 0 || values.get(i - 1) > 0)) {
              expected.add(i);
            }
          }
          assertThat(fire(rule, balances(values))).isEqualTo(expected);
        });
  }

  /**
   * With a band b: every alert is at a value at or below the threshold; between two alerts the
   * value rose above threshold + b; and after the start or any value above threshold + b, the
   * first value at or below the threshold fires.
   */
  @Test
  void hysteresisCharacterisation() {
    qt().forAll(lists().of(integers().between(-50, 50)).ofSizeBetween(0, 40),
        integers().between(0, 30)).checkAssert((values, band) -> {
          AlertRule rule = new AlertRule.BalanceBelow("low", inr(0), inr(band));
          List<Integer> fired = fire(rule, balances(values));
          for (int i : fired) {
            assertThat(values.get(i)).isLessThanOrEqualTo(0);
          }
          for (int k = 0; k + 1 < fired.size(); k++) {
            boolean recovered = false;
            for (int j = fired.get(k) + 1; j < fired.get(k + 1); j++) {
              recovered |= values.get(j) > band;
            }
            assertThat(recovered).isTrue();
          }
          for (int start = -1; start < values.size(); start++) {
            if (start >= 0 && values.get(start) <= band) {
              continue;
            }
            for (int j = start + 1; j < values.size(); j++) {
              if (values.get(j) <= 0) {
                assertThat(fired).contains(j);
                break;
              }
            }
          }
        });
  }

  private static List<Observation> balances(List<Integer> values) {
    long[] v = new long[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return balances(v);
  }

  @Test
  void observationCopiesMaps() {
    Map<String, BigDecimal> usage = new HashMap<>();
    usage.put("otp", BigDecimal.ONE);
    Observation o = new Observation(T0, null, null, usage, Map.of(), null, null);
    usage.put("otp", BigDecimal.TEN);
    assertThat(o.usage()).containsEntry("otp", BigDecimal.ONE);
  }
}
