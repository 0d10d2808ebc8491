package dev.billwright.subscription;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanOverrides;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.BillingException;
import dev.billwright.json.JsonObjectReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a subscription against the catalog and returns every problem at once, each naming its
 * field ({@code subscriptions[ID].…}, with changes by their index in {@link Subscription#changes()}),
 * the value and what was expected. A pure function of the subscription and the catalog; it never
 * throws for a bad subscription (an unexpected refusal of the catalog's own values becomes a
 * problem too).
 *
 * <p>The rules, in the order problems are reported:
 * <ul>
 *   <li><b>Plan versions</b> (the starting one, then each plan change's): stored in the catalog;
 *       not a {@linkplain PlanStatus#DRAFT draft} (a draft may still change, so it is never
 *       billed); for {@link #DEFAULT}, not {@linkplain PlanStatus#ARCHIVED archived} either;
 *       within its effective dates ({@code effective_from} inclusive, {@code effective_to}
 *       exclusive) at the instant it is taken up: the subscription's start, or the instant the
 *       change takes effect. {@code effective_to} closes a version to new subscriptions; a
 *       subscription that took the version up earlier keeps it after that date.
 *   <li><b>Overrides</b> name charges of the plan they apply to (discounts are bounded to (0, 100]
 *       when {@link PlanOverrides} is built).
 *   <li><b>Currency</b>: every charge of every plan the subscription is billed on has a price in
 *       the billing currency (the subscription's, else the starting plan's), and a plan with a
 *       minimum commitment is billed in its own currency (the commitment is not converted);
 *       not checked by a validator {@link #withCurrencyConversion()}, whose bill run converts.
 *   <li><b>Trial and anchor</b>: an explicit trial end is not before the start nor after the
 *       fixed end; the billing cycle anchor is before the fixed end.
 *   <li><b>Changes</b>: ids unique; requested at or after the start and before the fixed end;
 *       nothing takes effect at or after a cancellation or the fixed end (such a change would
 *       be ignored).
 *   <li><b>Pause, resume and reactivation</b>, in the order the changes take effect: no pause
 *       while paused ({@code pause_while_paused}); no resume unless paused
 *       ({@code resume_without_pause}); while paused, nothing but a resume or a cancellation
 *       ({@code change_while_paused}); a reactivation needs a cancellation requested at or
 *       before it that has not taken effect ({@code reactivation_without_pending_cancellation}).
 *       The code in parentheses ends the problem's expectation.
 * </ul>
 *
 * <p>Two instances. {@link #DEFAULT} checks a subscription being created (or changed): an
 * archived version takes no new subscriptions ({@link PlanStatus}; Stripe's archived prices and
 * Kill Bill's retired plans take no new subscriptions). {@link #EXISTING} is what a bill run
 * applies before billing: it accepts archived versions, because an archived version keeps billing
 * the subscriptions that took it up while it was active (Stripe: existing subscriptions on an
 * archived price continue; Kill Bill: retired plans keep their subscriptions), and the catalog
 * does not record when a version was archived.
 */
public final class SubscriptionValidator {
  /** Checks a subscription being created or changed: drafts and archived versions are refused. */
  public static final SubscriptionValidator DEFAULT = new SubscriptionValidator(false);
  /** Checks a subscription about to be billed: drafts are refused, archived versions accepted. */
  public static final SubscriptionValidator EXISTING = new SubscriptionValidator(true);

  /** Whether archived plan versions are accepted. */
  private final boolean archivedAccepted;

  /** Whether charges without a price in the billing currency are accepted (converted at billing). */
  private final boolean converting;

  private SubscriptionValidator(boolean archivedAccepted) {
    this(archivedAccepted, false);
  }

  private SubscriptionValidator(boolean archivedAccepted, boolean converting) {
    this.archivedAccepted = archivedAccepted;
    this.converting = converting;
  }

  /**
   * Returns a validator like this one without the currency rule: a charge with no price in the
   * billing currency, and a minimum commitment in another currency, are accepted, because the
   * bill run converts them at dated exchange rates
   * ({@code InvoiceAssembler.withExchangeRates}; a missing rate fails at billing with
   * {@code money.exchange_rate_missing}). A bill run whose assembler converts uses it.
   *
   * @return the validator, never null
   */
  public SubscriptionValidator withCurrencyConversion() {
    return converting ? this : new SubscriptionValidator(archivedAccepted, true);
  }

  /**
   * Validates a subscription.
   *
   * @param subscription the subscription, not null
   * @param catalog where plan versions are looked up, not null
   * @return every problem found, in the order of the rules above, empty if the subscription is
   *     valid; never null
   */
  public List<SubscriptionProblem> validate(Subscription subscription, PlanCatalog catalog) {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(catalog, "catalog");
    String at = "subscriptions[" + subscription.id() + "]";
    List<SubscriptionProblem> problems = new ArrayList<>();
    Optional<Plan> startPlan = catalog.find(subscription.planCode(), subscription.planVersion());
    Currency currency = subscription.currency().orElse(startPlan.map(Plan::currency).orElse(null));

    // the starting plan
    if (startPlan.isEmpty()) {
      problems.add(missing(at + ".plan", subscription.planCode(), subscription.planVersion(), catalog));
    } else {
      planInForce(at + ".plan", at + ".start", subscription.start(), startPlan.get(), subscription.start(), problems);
      resolved(at, startPlan.get(), subscription.overrides(), currency, at + ".currency", problems);
    }

    // trial and anchor
    Instant start = subscription.start();
    Optional<Instant> end = subscription.end();
    subscription.trialEnd().ifPresent(t -> {
      if (t.isBefore(start)) {
        problems.add(problem(at + ".trial_end", t, "an instant at or after the start " + start));
      } else if (end.isPresent() && t.isAfter(end.get())) {
        problems.add(problem(at + ".trial_end", t, "an instant at or before the end " + end.get()));
      }
    });
    if (end.isPresent() && !subscription.billingCycleAnchor().isBefore(end.get())) {
      problems.add(problem(at + ".billing_cycle_anchor", subscription.billingCycleAnchor(),
          "an instant before the end " + end.get()));
    }

    // changes
    List<SubscriptionChange> changes = subscription.changes();
    Set<String> ids = new HashSet<>();
    List<Integer> timed = new ArrayList<>();
    Map<Integer, Instant> effective = new java.util.HashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      SubscriptionChange change = changes.get(i);
      String field = at + ".changes[" + i + "]";
      if (!ids.add(change.id())) {
        problems.add(problem(field + ".id", change.id(), "a change id used once in the subscription"));
      }
      boolean inTerm = true;
      if (change.requestedAt().isBefore(start)) {
        problems.add(problem(field + ".requested_at", change.requestedAt(),
            "an instant at or after the start " + start + " (change " + change.id() + ")"));
        inTerm = false;
      } else if (end.isPresent() && !change.requestedAt().isBefore(end.get())) {
        problems.add(problem(field + ".requested_at", change.requestedAt(),
            "an instant before the end " + end.get() + " (change " + change.id() + ")"));
        inTerm = false;
      }
      Instant takesEffect = change.requestedAt();
      if (inTerm && startPlan.isPresent()) {
        takesEffect = subscription.effectiveAt(change, startPlan.get());
        effective.put(i, takesEffect);
        timed.add(i);
        if (end.isPresent() && !takesEffect.isBefore(end.get())) {
          problems.add(problem(field + ".timing", change.timing() + " (takes effect at " + takesEffect + ")",
              "a change taking effect before the end " + end.get() + "; it would be ignored"));
        }
      }
      if (change.kind() == SubscriptionChange.Kind.UPGRADE || change.kind() == SubscriptionChange.Kind.DOWNGRADE) {
        Optional<Plan> next = catalog.find(change.planCode(), change.planVersion());
        if (next.isEmpty()) {
          problems.add(missing(field + ".plan", change.planCode(), change.planVersion(), catalog));
        } else {
          planInForce(field + ".plan", field + ".requested_at", change.requestedAt(), next.get(), takesEffect,
              problems);
          resolved(field, next.get(), change.newOverrides().orElse(PlanOverrides.NONE), currency, field + ".plan",
              problems);
        }
      }
    }
    // a change ordered after the first cancellation (as Subscription.phases orders them) is ignored
    timed.sort(Comparator.comparing((Integer i) -> effective.get(i))
        .thenComparing(i -> changes.get(i).requestedAt()).thenComparing(i -> changes.get(i).id()));
    Integer cancellation = null;
    boolean paused = false;
    Set<Integer> withdrawn = new HashSet<>();
    for (int k = 0; k < timed.size(); k++) {
      int i = timed.get(k);
      SubscriptionChange change = changes.get(i);
      String field = at + ".changes[" + i + "]";
      if (withdrawn.contains(i)) {
        continue;
      }
      if (cancellation == null) {
        SubscriptionChange.Kind kind = change.kind();
        if (kind == SubscriptionChange.Kind.REACTIVATION) {
          boolean any = false;
          for (int j = k + 1; j < timed.size(); j++) {
            int c = timed.get(j);
            if (changes.get(c).kind() == SubscriptionChange.Kind.CANCELLATION
                && !changes.get(c).requestedAt().isAfter(change.requestedAt())) {
              withdrawn.add(c);
              any = true;
            }
          }
          if (!any) {
            problems.add(problem(field + ".kind", "reactivation (change " + change.id() + ")",
                "a reactivation of a cancellation requested at or before it and not yet in effect at "
                    + effective.get(i) + " (reactivation_without_pending_cancellation)"));
          }
          continue;
        }
        if (kind == SubscriptionChange.Kind.PAUSE && paused) {
          problems.add(problem(field + ".kind", "pause (change " + change.id() + ")",
              "no pause while the subscription is paused; resume it first (pause_while_paused)"));
        } else if (kind == SubscriptionChange.Kind.RESUME && !paused) {
          problems.add(problem(field + ".kind", "resume (change " + change.id() + ")",
              "a resume of a paused subscription; it is not paused at " + effective.get(i)
                  + " (resume_without_pause)"));
        } else if (paused && kind != SubscriptionChange.Kind.RESUME && kind != SubscriptionChange.Kind.CANCELLATION) {
          problems.add(problem(field + ".kind", JsonObjectReader.jsonName(kind) + " (change " + change.id() + ")",
              "only a resume or a cancellation while the subscription is paused (change_while_paused)"));
        } else if (kind == SubscriptionChange.Kind.PAUSE || kind == SubscriptionChange.Kind.RESUME) {
          paused = kind == SubscriptionChange.Kind.PAUSE;
        }
      }
      if (cancellation != null) {
        problems.add(problem(at + ".changes[" + i + "].requested_at", change.requestedAt(),
            "a change taking effect before the cancellation " + changes.get(cancellation).id() + " at "
                + effective.get(cancellation) + "; this one takes effect at " + effective.get(i)
                + " and would be ignored"));
      } else if (change.kind() == SubscriptionChange.Kind.CANCELLATION) {
        cancellation = i;
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Validates a subscription and throws every problem at once.
   *
   * @param subscription the subscription, not null
   * @param catalog where plan versions are looked up, not null
   * @return the subscription, valid
   * @throws InvalidSubscriptionException (a {@link BillingException} with
   *     {@link dev.billwright.error.ErrorCode#INVALID_SUBSCRIPTION}) carrying every problem
   *     {@link #validate} reports, if there is any
   */
  public Subscription check(Subscription subscription, PlanCatalog catalog) {
    List<SubscriptionProblem> problems = validate(subscription, catalog);
    if (!problems.isEmpty()) {
      throw new InvalidSubscriptionException(subscription.id(), problems);
    }
    return subscription;
  }

  /** Status and effective dates of a plan version taken up at an instant (reported on a field and its value). */
  private void planInForce(String planField, String atField, Instant atValue, Plan plan, Instant takenUp,
      List<SubscriptionProblem> problems) {
    if (plan.status() == PlanStatus.DRAFT) {
      problems.add(problem(planField, plan.reference() + " (draft)",
          "an active plan version" + (archivedAccepted ? " (or an archived one)" : "")
              + ": a draft may still change and is never billed"));
    } else if (plan.status() == PlanStatus.ARCHIVED && !archivedAccepted) {
      problems.add(problem(planField, plan.reference() + " (archived)",
          "an active plan version: an archived version takes no new subscriptions"));
    }
    boolean early = plan.effectiveFrom().map(takenUp::isBefore).orElse(false);
    boolean late = plan.effectiveTo().map(t -> !takenUp.isBefore(t)).orElse(false);
    if (early || late) {
      problems.add(problem(atField, atValue, "an instant within the effective dates of " + plan.reference() + ": ["
          + plan.effectiveFrom().map(Instant::toString).orElse("unbounded") + ", "
          + plan.effectiveTo().map(Instant::toString).orElse("unbounded") + ")"
          + (atValue.equals(takenUp) ? "" : "; the change takes effect at " + takenUp)));
    }
  }

  /** Overrides against a plan, then the currency against the plan they resolve to. */
  private void resolved(String at, Plan plan, PlanOverrides overrides, Currency currency, String currencyField,
      List<SubscriptionProblem> problems) {
    int before = problems.size();
    List<String> codes = plan.charges().stream().map(Charge::code).toList();
    for (String code : overrides.prices().keySet()) {
      if (plan.charge(code).isEmpty()) {
        problems.add(problem(at + ".overrides.prices." + code, code, "a charge code of plan " + plan.reference()
            + ": " + codes));
      }
    }
    for (Map.Entry<String, BigDecimal> d : overrides.discountPercents().entrySet()) {
      if (plan.charge(d.getKey()).isEmpty()) {
        problems.add(problem(at + ".overrides.discounts." + d.getKey(), d.getKey(),
            "a charge code of plan " + plan.reference() + ": " + codes));
      }
    }
    if (problems.size() > before) {
      return; // the plan cannot be resolved: its currency cannot be checked
    }
    Plan resolved;
    try {
      resolved = overrides.applyTo(plan);
    } catch (BillingException e) {
      problems.add(problem(at + ".overrides", plan.reference(), "overrides the plan accepts: " + e.getMessage()));
      return;
    }
    if (currency == null || converting) {
      return; // the starting plan is missing, already reported; or amounts are converted at billing
    }
    for (Charge charge : resolved.charges()) {
      if (!currency.equals(resolved.currency()) && !charge.prices().containsKey(currency)) {
        List<String> priced = new ArrayList<>();
        priced.add(resolved.currency().getCurrencyCode());
        charge.prices().keySet().forEach(c -> priced.add(c.getCurrencyCode()));
        problems.add(problem(currencyField, currency.getCurrencyCode(), "a currency charge '" + charge.code() + "' of "
            + resolved.reference() + " has a price in: " + priced));
      }
    }
    if (resolved.minimumCommitment().isPresent() && !currency.equals(resolved.currency())) {
      problems.add(problem(currencyField, currency.getCurrencyCode(), "the currency of " + resolved.reference()
          + ", " + resolved.currency().getCurrencyCode() + ": its minimum_commitment " + resolved.minimumCommitment().get()
          + " is not converted"));
    }
  }

  private static SubscriptionProblem missing(String field, String code, Integer version, PlanCatalog catalog) {
    return problem(field, code + "@" + version, "a plan version stored in the catalog; stored versions of " + code
        + ": " + catalog.versions(code).stream().map(Plan::version).toList());
  }

  private static SubscriptionProblem problem(String field, Object value, String expected) {
    return new SubscriptionProblem(field, String.valueOf(value), expected);
  }
}
