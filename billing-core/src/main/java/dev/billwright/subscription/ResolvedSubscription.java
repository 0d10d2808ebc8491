package dev.billwright.subscription;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.BillingSchedule;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A subscription resolved against a plan catalog once: its phases, its end, its trial end, its
 * currency and its rounding, computed when the value is made ({@link Subscription#resolve}) so
 * that no billing step recomputes them. Immutable; a pure function of the subscription and the
 * catalog.
 *
 * <p>The resolved form never hands out null for an unbounded end: {@link #end()} is empty, and
 * {@link #isOpenEnded()} is true, when the subscription runs until further notice, and a phase's
 * end is read through {@link SubscriptionPhase#endOptional()} or {@link
 * SubscriptionPhase#isOpenEnded()} (the record component {@link SubscriptionPhase#end()} stays
 * nullable for compatibility). No sentinel instant stands for "no end".
 */
public final class ResolvedSubscription {
  private final Subscription subscription;
  private final List<SubscriptionPhase> phases;
  private final Instant trialEnd;
  private final Currency currency;
  private final RoundingPolicy rounding;

  private ResolvedSubscription(Subscription subscription, List<SubscriptionPhase> phases, Instant trialEnd,
      Currency currency, RoundingPolicy rounding) {
    this.subscription = subscription;
    this.phases = phases;
    this.trialEnd = trialEnd;
    this.currency = currency;
    this.rounding = rounding;
  }

  /**
   * Resolves a subscription.
   *
   * @param subscription the subscription, not null
   * @param catalog where its plan versions are looked up, not null
   * @return the resolved subscription, never null
   * @throws BillingException as {@link Subscription#phases} does, if a plan version is not in
   *     the catalog, the subscription's currency is not offered by a plan, or the end is not
   *     after the start
   * @throws NullPointerException if an argument is null
   */
  public static ResolvedSubscription of(Subscription subscription, PlanCatalog catalog) {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(catalog, "catalog");
    List<SubscriptionPhase> phases = List.copyOf(subscription.phases(catalog));
    SubscriptionPhase first = phases.get(0);
    Currency currency = subscription.currency().orElse(first.plan().currency());
    return new ResolvedSubscription(subscription, phases, subscription.trialEndOrStart(catalog), currency,
        first.plan().rounding());
  }

  /**
   * Returns the subscription this was resolved from.
   *
   * @return the definition, never null
   */
  public Subscription subscription() {
    return subscription;
  }

  /**
   * Returns the phases ({@link Subscription#phases}).
   *
   * @return the phases, in order, abutting, never empty, unmodifiable
   */
  public List<SubscriptionPhase> phases() {
    return phases;
  }

  /**
   * Returns the first phase (the starting plan, overrides applied, in the subscription's zone).
   *
   * @return the first phase, never null
   */
  public SubscriptionPhase firstPhase() {
    return phases.get(0);
  }

  /**
   * Returns the last phase.
   *
   * @return the last phase, never null
   */
  public SubscriptionPhase lastPhase() {
    return phases.get(phases.size() - 1);
  }

  /**
   * Returns the instant the subscription ends (exclusive): its fixed end or the effective time of
   * its cancellation, whichever is first ({@link Subscription#effectiveEnd}).
   *
   * @return the end, empty if open-ended
   */
  public Optional<Instant> end() {
    return lastPhase().endOptional();
  }

  /**
   * Returns whether the subscription runs until further notice.
   *
   * @return true if it has no end
   */
  public boolean isOpenEnded() {
    return lastPhase().isOpenEnded();
  }

  /**
   * Returns the end of the free trial ({@link Subscription#trialEndOrStart}).
   *
   * @return the trial end, equal to the start when there is no trial, never null
   */
  public Instant trialEnd() {
    return trialEnd;
  }

  /**
   * Returns the currency amounts are billed in: the subscription's {@code currency}, else the
   * starting plan's.
   *
   * @return the currency, never null
   */
  public Currency currency() {
    return currency;
  }

  /**
   * Returns the rounding policy amounts are rounded with: the starting plan's {@code rounding}.
   *
   * @return the policy, never null
   */
  public RoundingPolicy rounding() {
    return rounding;
  }

  /**
   * Returns the phase in force at an instant: the phase containing it, or the last phase for an
   * instant at or after the subscription's end (the plan a closing period ending with the
   * subscription is billed under).
   *
   * @param at the instant, not null
   * @return the phase, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the instant is before the
   *     subscription's start
   */
  public SubscriptionPhase phaseAt(Instant at) {
    OptionalInt i = phaseIndexContaining(at);
    if (i.isPresent()) {
      return phases.get(i.getAsInt());
    }
    SubscriptionPhase last = lastPhase();
    if (last.endOptional().isPresent() && !at.isBefore(last.endOptional().get())) {
      return last;
    }
    throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "instant", at, "an instant inside the subscription");
  }

  /**
   * Returns the index in {@link #phases()} of the phase containing an instant ({@code start <=
   * at < end}), with no fallback: an instant before the start or at or after the end is in no
   * phase (event binding counts no usage there).
   *
   * @param at the instant, not null
   * @return the index, empty if no phase contains the instant
   */
  public OptionalInt phaseIndexContaining(Instant at) {
    for (int i = 0; i < phases.size(); i++) {
      if (phases.get(i).contains(at)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Returns the schedule a charge is billed on at an instant: the schedule of the charge in the
   * phase in force then ({@link #phaseAt}, {@link SubscriptionPhase#schedule(Charge)}).
   *
   * @param charge a charge of the plan in force at {@code at}, not null
   * @param at the instant, not null
   * @return the schedule, never null
   * @throws BillingException as {@link #phaseAt} does
   */
  public BillingSchedule schedule(Charge charge, Instant at) {
    return phaseAt(at).schedule(charge);
  }

  @Override
  public String toString() {
    return "ResolvedSubscription[" + subscription.id() + ", " + phases.size() + " phases]";
  }
}
