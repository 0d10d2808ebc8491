package dev.billwright.alert;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates alert rules as pure functions: (rule, previous state, new observation) → (new
 * state, optional alert).
 *
 * <p>Each rule reduces the observation to a value compared with its threshold:
 * <ul>
 *   <li>{@link AlertRule.BalanceBelow}: balance; fires when {@code balance <= threshold}.</li>
 *   <li>{@link AlertRule.BalanceBelowPercentOfTopUp}: fires when
 *       {@code balance × 100 <= percent × lastTopUp} (exact, no division); needs a positive last
 *       top-up.</li>
 *   <li>{@link AlertRule.UsageAbove}: usage of the meter; fires when {@code usage >= quantity}.</li>
 *   <li>{@link AlertRule.UsageAbovePercentOfQuota}: fires when
 *       {@code usage × 100 >= percent × allowance}.</li>
 *   <li>{@link AlertRule.SpendAbove}: spend in period; fires when {@code spend >= threshold}.</li>
 *   <li>{@link AlertRule.DepletionWithin}: time from the observation to the projected
 *       depletion (zero if past); fires when it is {@code <= horizon}.</li>
 * </ul>
 * An armed rule whose condition holds fires one alert and disarms; a disarmed rule re-arms when
 * the value is strictly beyond the threshold by more than the band (above {@code threshold +
 * band} for "below" rules, under {@code threshold − band} for "above" rules). So each crossing
 * fires exactly once, and a value oscillating inside the band does not fire again. A rule whose
 * input is absent from the observation keeps its state.
 *
 * <p>Stateless and thread-safe.
 */
public final class AlertEvaluator {
  /** The default evaluator. */
  public static final AlertEvaluator DEFAULT = new AlertEvaluator();

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Creates an evaluator; prefer {@link #DEFAULT}. */
  public AlertEvaluator() {}

  /**
   * The result of evaluating one rule.
   *
   * @param state the rule's state after, not null
   * @param alert the alert fired, or empty
   */
  public record Evaluation(AlertState state, Optional<Alert> alert) {}

  /**
   * Evaluates one rule on an observation.
   *
   * @param rule the rule, not null
   * @param state the rule's previous state (use {@link AlertState#initial}), not null
   * @param observation the new observation, not null
   * @return the new state and the alert, if one fired; never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the state belongs to
   *     another rule, {@link ErrorCode#CURRENCY_MISMATCH} if a money threshold and the observed
   *     amount differ in currency
   */
  public Evaluation evaluate(AlertRule rule, AlertState state, Observation observation) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(observation, "observation");
    if (!state.ruleId().equals(rule.id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "state.rule_id", state.ruleId(),
          "the id of rule " + rule.id());
    }
    Optional<Measure> m = measure(rule, observation);
    if (m.isEmpty()) {
      return new Evaluation(state, Optional.empty());
    }
    Measure measure = m.get();
    if (state.armed() && measure.crossed) {
      Alert alert = new Alert(rule, observation.at(), observation, measure.message);
      return new Evaluation(new AlertState(rule.id(), false), Optional.of(alert));
    }
    if (!state.armed() && measure.recovered) {
      return new Evaluation(new AlertState(rule.id(), true), Optional.empty());
    }
    return new Evaluation(state, Optional.empty());
  }

  /**
   * Evaluates several rules on one observation, emits the fired alerts to a sink in rule order
   * and returns the new states. Rules without a state in {@code states} start armed.
   *
   * @param rules the rules, not null, ids unique
   * @param states the previous states by rule id, not null
   * @param observation the new observation, not null
   * @param sink where fired alerts go, not null
   * @return the new states by rule id, in rule order, never null
   * @throws BillingException as for {@link #evaluate}; nothing is emitted if any rule fails
   */
  public Map<String, AlertState> evaluateAll(List<AlertRule> rules, Map<String, AlertState> states,
      Observation observation, AlertSink sink) {
    Objects.requireNonNull(sink, "sink");
    Map<String, AlertState> next = new LinkedHashMap<>();
    List<Alert> fired = new java.util.ArrayList<>();
    for (AlertRule rule : rules) {
      AlertState previous = states.getOrDefault(rule.id(), AlertState.initial(rule));
      Evaluation e = evaluate(rule, previous, observation);
      next.put(rule.id(), e.state());
      e.alert().ifPresent(fired::add);
    }
    fired.forEach(sink::emit);
    return next;
  }

  private static final class Measure {
    final boolean crossed;
    final boolean recovered;
    final String message;

    Measure(boolean crossed, boolean recovered, String message) {
      this.crossed = crossed;
      this.recovered = recovered;
      this.message = message;
    }

    static Measure below(BigDecimal value, BigDecimal threshold, BigDecimal band, String message) {
      return new Measure(value.compareTo(threshold) <= 0,
          value.compareTo(threshold.add(band)) > 0, message);
    }

    static Measure above(BigDecimal value, BigDecimal threshold, BigDecimal band, String message) {
      return new Measure(value.compareTo(threshold) >= 0,
          value.compareTo(threshold.subtract(band)) < 0, message);
    }
  }

  private static Optional<Measure> measure(AlertRule rule, Observation o) {
    if (rule instanceof AlertRule.BalanceBelow r) {
      if (o.balance() == null) {
        return Optional.empty();
      }
      o.balance().compareTo(r.threshold());
      return Optional.of(Measure.below(o.balance().amount(), r.threshold().amount(),
          r.rearmBand().amount(), "balance " + o.balance() + " is at or below " + r.threshold()));
    }
    if (rule instanceof AlertRule.BalanceBelowPercentOfTopUp r) {
      Money topUp = o.lastTopUp();
      if (o.balance() == null || topUp == null || !topUp.isPositive()) {
        return Optional.empty();
      }
      o.balance().compareTo(topUp);
      return Optional.of(Measure.below(o.balance().amount().multiply(HUNDRED),
          r.percent().multiply(topUp.amount()), r.rearmBandPercent().multiply(topUp.amount()),
          "balance " + o.balance() + " is at or below " + r.percent().toPlainString()
              + "% of the last top-up " + topUp));
    }
    if (rule instanceof AlertRule.UsageAbove r) {
      BigDecimal used = o.usage().get(r.meterCode());
      if (used == null) {
        return Optional.empty();
      }
      return Optional.of(Measure.above(used, r.quantity(), r.rearmBand(), "usage of "
          + r.meterCode() + " " + used.toPlainString() + " reached " + r.quantity().toPlainString()));
    }
    if (rule instanceof AlertRule.UsageAbovePercentOfQuota r) {
      BigDecimal used = o.usage().get(r.meterCode());
      BigDecimal allowance = o.allowances().get(r.meterCode());
      if (used == null || allowance == null) {
        return Optional.empty();
      }
      return Optional.of(Measure.above(used.multiply(HUNDRED), r.percent().multiply(allowance),
          r.rearmBandPercent().multiply(allowance), "usage of " + r.meterCode() + " "
              + used.toPlainString() + " reached " + r.percent().toPlainString() + "% of the "
              + allowance.toPlainString() + " allowance"));
    }
    if (rule instanceof AlertRule.SpendAbove r) {
      if (o.spendInPeriod() == null) {
        return Optional.empty();
      }
      o.spendInPeriod().compareTo(r.threshold());
      return Optional.of(Measure.above(o.spendInPeriod().amount(), r.threshold().amount(),
          r.rearmBand().amount(), "spend in period " + o.spendInPeriod() + " reached "
              + r.threshold()));
    }
    if (rule instanceof AlertRule.PaymentReminder) {
      return Optional.empty(); // emitted by a dunning schedule, never by an observation
    }
    AlertRule.DepletionWithin r = (AlertRule.DepletionWithin) rule;
    if (o.projectedDepletion() == null) {
      return Optional.of(new Measure(false, true, "no depletion projected"));
    }
    Duration left = Duration.between(o.at(), o.projectedDepletion());
    if (left.isNegative()) {
      left = Duration.ZERO;
    }
    return Optional.of(Measure.below(seconds(left), seconds(r.horizon()), seconds(r.rearmBand()),
        "balance projected to run out at " + o.projectedDepletion() + ", within "
            + r.horizon()));
  }

  private static BigDecimal seconds(Duration d) {
    return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
  }
}
