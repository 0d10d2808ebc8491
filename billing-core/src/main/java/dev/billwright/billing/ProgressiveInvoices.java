package dev.billwright.billing;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.UsageThreshold;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Money;
import dev.billwright.rating.BilledUsage;
import dev.billwright.rating.TimedUsageSource;
import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UsageWindow;
import dev.billwright.rating.UsageWindows;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Progressive billing for the bill run ({@code billing.usage_thresholds}): finds the instants at
 * which a period's accrued usage amount reached a threshold and issues one invoice per crossing,
 * each billing the period's usage rated to date less what the earlier crossings billed
 * (cumulative re-rating, {@link BilledUsage}); the period's own invoice then bills the rest.
 *
 * <p>The accrued amount at an instant is the sum of the span's usage lines rated on the events at
 * or before it, rounded per line, spend maximums applied and minimums not (Stripe's
 * {@code amount_gte} counts the upcoming invoice's usage; Lago's lifetime usage is the usage
 * amount before taxes). Thresholds are those of the plan in force at the end of the span; a
 * crossing is the first event instant at which the highest threshold level reached rises above
 * every level reached before in the period (several thresholds passed by one event make one
 * invoice). Crossings are numbered in order within the period ({@link DocumentIds#progressiveKey}).
 */
final class ProgressiveInvoices {
  /** Issues or finds the invoice of one crossing; the bill run's claim and finalization. */
  interface Issuer {
    /**
     * Returns the stored invoice of a key if the bill run leaves it as it is (finalized, or
     * claimed by a live run), reporting it as existing.
     */
    Optional<Invoice> settled(InvoiceKey key);

    /** Stores, numbers and finalizes a draft (or returns it as a preview's draft). */
    Invoice issue(Invoice draft);
  }

  /** One threshold crossing: its instant (the reaching event's timestamp) and the level reached. */
  record Crossing(Instant at, BigDecimal level) {}

  private final InvoiceAssembler assembler;

  ProgressiveInvoices(InvoiceAssembler assembler) {
    this.assembler = Objects.requireNonNull(assembler, "assembler");
  }

  /** The thresholds that apply to a span: those of the plan in force at its end. */
  static List<UsageThreshold> thresholds(ResolvedSubscription resolved, BillingPeriod span) {
    return resolved.phaseAt(span.end().minusNanos(1)).plan().billing().usageThresholds();
  }

  /**
   * Bills the crossings of a cycle's span up to {@code limit} (inclusive) and returns the span's
   * progressive invoices, in crossing order (found or issued now). Nothing when the plan has no
   * threshold.
   *
   * @param issuer null when progressive billing is not possible (a consolidated account): a plan
   *     with thresholds is then refused
   */
  List<Invoice> bill(InvoiceRequest request, ResolvedSubscription resolved, Instant limit, @Nullable Issuer issuer) {
    BillingPeriod span = request.cycle().span().orElseThrow();
    if (thresholds(resolved, span).isEmpty()) {
      return List.of();
    }
    Subscription sub = request.subscription();
    Plan plan = resolved.phaseAt(span.end().minusNanos(1)).plan();
    if (issuer == null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "plans[" + plan.reference()
          + "].billing.usage_thresholds", plan.billing().usageThresholds(), "no usage thresholds on a plan of a"
          + " subscription billed on consolidated invoices (subscription " + sub.id() + ")");
    }
    TimedUsageSource timed = timed(request.usage(), sub, plan);
    List<Crossing> crossings = crossings(request, resolved, timed, limit);
    List<Invoice> out = new ArrayList<>();
    for (int i = 0; i < crossings.size(); i++) {
      InvoiceKey key = DocumentIds.progressiveKey(sub.id(), keyPeriod(request.cycle()), i + 1);
      Optional<Invoice> settled = issuer.settled(key);
      if (settled.isPresent()) {
        out.add(settled.get());
        continue;
      }
      Crossing c = crossings.get(i);
      out.add(issuer.issue(assembler.progressive(request, resolved, timed, c.at(), i + 1, c.level(),
          billed(out))));
    }
    // crossings issued by an earlier run that the usage known now no longer shows still count
    for (int n = crossings.size() + 1; ; n++) {
      Optional<Invoice> settled = issuer.settled(DocumentIds.progressiveKey(sub.id(), keyPeriod(request.cycle()), n));
      if (settled.isEmpty()) {
        break;
      }
      out.add(settled.get());
    }
    return out;
  }

  /**
   * The cycle whose span holds {@code asOf} (its boundary after it), if the subscription has one:
   * the open period in which crossings up to {@code asOf} are billed.
   */
  static Optional<BillingCycle> openCycle(ResolvedSubscription resolved, Instant start, Instant asOf) {
    if (resolved.phases().stream().allMatch(p -> p.plan().billing().usageThresholds().isEmpty())) {
      return Optional.empty();
    }
    java.time.Duration ahead = java.time.Duration.ofDays(32);
    for (int i = 0; i < 8; i++, ahead = ahead.multipliedBy(2)) {
      Optional<BillingCycle> next = SubscriptionCycles.cycles(resolved, start, asOf.plus(ahead)).stream()
          .filter(c -> c.boundary().isAfter(asOf) && c.span().isPresent()).findFirst();
      if (next.isPresent()) {
        return next.filter(c -> c.span().get().start().isBefore(asOf) || c.span().get().start().equals(asOf));
      }
      if (resolved.end().isPresent() && !resolved.end().get().isAfter(asOf.plus(ahead))) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The progressive invoices of a span already issued (its own invoice is billed already). */
  static List<Invoice> issued(Subscription sub, BillingCycle cycle, Function<InvoiceKey, Optional<Invoice>> find) {
    List<Invoice> out = new ArrayList<>();
    for (int n = 1; ; n++) {
      Optional<Invoice> i = find.apply(DocumentIds.progressiveKey(sub.id(), keyPeriod(cycle), n));
      if (i.isEmpty()) {
        return out;
      }
      out.add(i.get());
    }
  }

  /**
   * The period in the keys of a cycle's progressive invoices: the plan's <em>unclipped</em>
   * period closing at the cycle when it starts with the cycle's span, else the span; so that a
   * cancellation or end recorded after a threshold invoice (which moves the cycle's boundary)
   * does not change the keys of the invoices already issued.
   */
  static BillingPeriod keyPeriod(BillingCycle cycle) {
    BillingPeriod span = cycle.span().orElseThrow();
    return cycle.closing().map(c -> c.fullPeriod()).filter(p -> p.start().equals(span.start())).orElse(span);
  }

  /** What a span's progressive invoices billed, for the next one and for the period's own invoice. */
  static BilledUsage billed(List<Invoice> progressive) {
    return BilledUsage.of(progressive, InvoiceAssembler.PROGRESSIVE_KINDS, BilledUsage.Basis.AMOUNT);
  }

  private static TimedUsageSource timed(UsageSource source, Subscription sub, Plan plan) {
    if (source instanceof TimedUsageSource t) {
      return t;
    }
    throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "plans[" + plan.reference()
        + "].billing.usage_thresholds", plan.billing().usageThresholds(), "a usage source that knows event times"
        + " (TimedUsageSource, such as TimedUsageSource.ofEvents) to find when subscription " + sub.id()
        + " reached a threshold; " + source.getClass().getSimpleName() + " gives totals only");
  }

  /** The crossings of the span at or before {@code limit}, in order. */
  List<Crossing> crossings(InvoiceRequest request, ResolvedSubscription resolved, TimedUsageSource timed,
      Instant limit) {
    BillingPeriod span = request.cycle().span().orElseThrow();
    List<UsageThreshold> thresholds = thresholds(resolved, span);
    Plan plan = resolved.phaseAt(span.end().minusNanos(1)).plan();
    if (!resolved.currency().equals(plan.currency())) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "subscriptions[" + request.subscription().id()
          + "].currency", resolved.currency().getCurrencyCode(), "the currency of plan " + plan.reference()
          + "'s usage_thresholds (" + plan.currency().getCurrencyCode() + "): thresholds are not converted");
    }
    TreeSet<Instant> instants = new TreeSet<>();
    for (UsageWindow w : UsageWindows.of(resolved, span.end())) {
      if (w.period().end().isAfter(span.start()) && !w.period().end().isAfter(span.end())) {
        for (Instant t : timed.usageInstants(request.subscription(), w)) {
          if (!t.isAfter(limit) && t.isBefore(span.end())) {
            instants.add(t);
          }
        }
      }
    }
    List<Crossing> out = new ArrayList<>();
    BigDecimal highest = BigDecimal.ZERO;
    for (Instant t : instants) {
      Money accrued = Money.zero(resolved.currency());
      for (InvoiceLine l : assembler.usageToDate(request, resolved, timed, t)) {
        accrued = accrued.plus(l.amount());
      }
      BigDecimal level = levelAt(thresholds, accrued.amount());
      if (level.compareTo(highest) > 0) {
        out.add(new Crossing(t, level));
        highest = level;
      }
    }
    return out;
  }

  /**
   * The highest threshold level an accrued amount has reached (≥): the highest fixed threshold
   * at or below it, or, above the highest fixed threshold (zero without one), the highest
   * multiple of a recurring threshold's amount reached; zero when none is reached.
   */
  static BigDecimal levelAt(List<UsageThreshold> thresholds, BigDecimal accrued) {
    BigDecimal level = BigDecimal.ZERO;
    BigDecimal base = BigDecimal.ZERO;
    UsageThreshold recurring = null;
    for (UsageThreshold t : thresholds) {
      if (t.recurring()) {
        recurring = t;
      } else {
        base = base.max(t.amount());
        if (accrued.compareTo(t.amount()) >= 0) {
          level = level.max(t.amount());
        }
      }
    }
    if (recurring != null && accrued.compareTo(base.add(recurring.amount())) >= 0) {
      BigDecimal k = accrued.subtract(base).divideToIntegralValue(recurring.amount());
      level = level.max(base.add(k.multiply(recurring.amount())));
    }
    return level;
  }
}
