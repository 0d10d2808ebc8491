package dev.billwright.alert;

/**
 * Whether a rule may fire: armed until it fires, then disarmed until the value recovers past the
 * re-arm band.
 *
 * @param ruleId the rule id, not null
 * @param armed true if the next crossing fires an alert
 */
public record AlertState(String ruleId, boolean armed) {
  /**
   * Returns the initial state of a rule: armed.
   *
   * @param rule the rule, not null
   * @return the armed state, never null
   */
  public static AlertState initial(AlertRule rule) {
    return new AlertState(rule.id(), true);
  }
}
