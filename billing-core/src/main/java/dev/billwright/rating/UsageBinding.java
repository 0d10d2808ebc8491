package dev.billwright.rating;

import dev.billwright.metering.UsageEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * How an event is bound to one subscription when its customer has several that meter it at its
 * time and the event names none (no {@code subscription} field).
 *
 * <p>Binding, in order: an event naming a subscription goes to that subscription (if it is the
 * event's customer's and its plan at the event's time meters the event; else it is unclaimed);
 * otherwise the candidates are the customer's subscriptions whose plan at the event's time has a
 * usage charge whose meter (with the charge's filters) matches the event. No candidate: the event
 * is unclaimed. One: it is bound to it. Several: this rule decides, and an event is never counted
 * for two subscriptions.
 * With an account hierarchy ({@link SubscriptionUsageAggregator#withAccounts}) "the customer's"
 * reads "of the event's account, else of its nearest ancestor with a candidate" ({@link Accounts}).
 *
 * @param rule the named rule, not null
 * @param mapping for {@link Rule#EXPLICIT}: the host's choice among the candidate subscription ids
 *     (in id order), empty or an id that is not a candidate for "cannot tell"; unused for
 *     {@link Rule#AMBIGUOUS}; not null
 */
public record UsageBinding(Rule rule, BiFunction<UsageEvent, List<String>, Optional<String>> mapping) {
  /** The default: an event with several candidates is reported as ambiguous, not billed. */
  public static final UsageBinding AMBIGUOUS = new UsageBinding(Rule.AMBIGUOUS, (e, ids) -> Optional.empty());

  /** The named rules. */
  public enum Rule {
    /** Several candidates: the event is reported per event as ambiguous and billed to none. */
    AMBIGUOUS,
    /**
     * Several candidates: the host's mapping picks one; when it picks none (or an id that is not
     * a candidate) the event is reported as ambiguous.
     */
    EXPLICIT
  }

  /**
   * Validates the binding.
   *
   * @param rule the rule
   * @param mapping the host's mapping
   * @throws NullPointerException if a value is null
   */
  public UsageBinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(mapping, "mapping");
  }

  /**
   * The {@link Rule#EXPLICIT} rule with the host's mapping.
   *
   * @param mapping event and candidate subscription ids (sorted) → the chosen id, or empty; not
   *     null, must be a pure function
   * @return the binding, never null
   */
  public static UsageBinding explicit(BiFunction<UsageEvent, List<String>, Optional<String>> mapping) {
    return new UsageBinding(Rule.EXPLICIT, mapping);
  }

  /** Returns the chosen candidate, or empty for ambiguous. */
  Optional<String> choose(UsageEvent event, List<String> candidates) {
    if (rule == Rule.AMBIGUOUS) {
      return Optional.empty();
    }
    Optional<String> chosen = mapping.apply(event, candidates);
    return chosen != null && chosen.isPresent() && candidates.contains(chosen.get()) ? chosen : Optional.empty();
  }
}
