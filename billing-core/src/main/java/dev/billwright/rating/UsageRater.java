package dev.billwright.rating;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Charge;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargeAmount;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.pricing.Explanation;
import dev.billwright.pricing.ExplanationJson;
import dev.billwright.pricing.MatrixPrice;
import dev.billwright.pricing.PricingInput;
import dev.billwright.pricing.SpendBounds;
import dev.billwright.pricing.UsageBuckets;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Rates the usage of one charge in one usage window: a pure function from the subscription id,
 * the charge, its price in the invoice's currency, the window, the window's usage (and, when tiers
 * continue across a plan change, the usage of the earlier windows of the same schedule period)
 * and the rounding policy to the window's usage lines.
 *
 * <p>The charge is priced without its spend bounds; the bounds ({@code minimum} and
 * {@code maximum} per period, {@link SpendBounds}) are then applied by one method for every case:
 * a single quantity (events, a matrix, or one group: the maximum caps the line, a minimum adds a
 * "minimum spend true-up" line), several groups priced each on its own (the bounds apply to the
 * sum of the rounded group lines: a maximum adds a negative adjustment line, a minimum a
 * "minimum spend" line), and tiers continued across a plan change (the window's amount is the
 * bounded total of the period's quantity so far minus the bounded total of the quantity before).
 *
 * <p>Each usage line's explanation starts at the events when the usage source kept their
 * statistics ({@link PeriodUsage#statistics}, from a {@link SubscriptionUsageAggregator}): a
 * {@code metering} object (meter, aggregation, events counted, duplicates and late events
 * excluded, first and last event time; {@link ExplanationJson#write(Explanation, EventStatistics)}),
 * then the price's tiers or lines as before.
 *
 * <p>Stateless and thread-safe; {@link #DEFAULT} uses {@link ChargePricing#DEFAULT}.
 */
public final class UsageRater {
  /** The rater using {@link ChargePricing#DEFAULT}. */
  public static final UsageRater DEFAULT = new UsageRater(ChargePricing.DEFAULT);

  private final ChargePricing pricing;

  /**
   * Creates a rater.
   *
   * @param pricing prices a charge's quantity, events or groups (its spend bounds are applied here, not by it), not null
   */
  public UsageRater(ChargePricing pricing) {
    this.pricing = Objects.requireNonNull(pricing, "pricing");
  }

  /**
   * Rates one charge's usage in one window.
   *
   * @param subscriptionId the subscription billed, not blank
   * @param charge the usage charge, not null
   * @param price the charge's price in {@code currency} (with its transform and spend bounds), not null
   * @param currency the invoice's currency, not null
   * @param window the usage window (its period is each line's service period), not null
   * @param usage the window's usage, not null
   * @param before with tiers continued across a plan change, the usage per group of the same
   *     charge's earlier windows in the same schedule period; empty (not null) otherwise
   * @param rounding rounds each line once, not null
   * @param windowStart the window's start when the invoice bills an earlier window of the same
   *     charge (it tells the line ids apart), else empty; not null
   * @return the usage lines in invoice order: usage lines, then true-up or adjustment lines
   * @throws BillingException {@code INVALID_VALUE} for a usage total below zero;
   *     {@code INVALID_DEFINITION} for a price per event given only aggregates, or continued
   *     tiers on several groups sharing a spend bound; or as {@link ChargePricing#price} throws
   */
  public List<InvoiceLine> rate(String subscriptionId, Charge charge, ChargePrice price,
      java.util.Currency currency, UsageWindow window, PeriodUsage usage,
      Map<Map<String, String>, BigDecimal> before, RoundingPolicy rounding, Optional<Instant> windowStart) {
    Objects.requireNonNull(before, "before");
    Rating r = new Rating(subscriptionId, charge, price, currency, window, rounding, windowStart,
        usage.statistics(charge.code()), new ArrayList<>());
    Map<Map<String, String>, BigDecimal> groups = usage.groups(charge.code());
    requireNonNegativeUsage(subscriptionId, charge, window, groups);
    if (!before.isEmpty()) {
      continuedUsage(r, groups, before);
    } else if (price.price().needsEvents()) {
      if (usage.events(charge.code()).isEmpty() && groups.values().stream().anyMatch(q -> q.signum() != 0)) {
        // a price per event given only an aggregate would bill 0.00 for metered usage
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION,
            "subscriptions[" + subscriptionId + "].usage.charges[" + charge.code() + "].events", "none",
            "the priced events of a charge priced per event (" + price.price().getClass().getSimpleName()
                + ") in window " + window.period() + ": the usage source gave the aggregate " + groups.values()
                + " only; give the events through a UsageSource of your own (PeriodUsage events)");
      }
      single(r, Map.of(), PricingInput.ofEvents(usage.events(charge.code())), null, allGroups(r));
    } else if (price.price().pricesGroups()) {
      // a window without usage is priced as no groups (an aggregate zero is refused by a matrix)
      single(r, Map.of(), PricingInput.ofGroups(groups), null, allGroups(r));
    } else if (groups.size() <= 1) {
      BigDecimal q = groups.isEmpty() ? BigDecimal.ZERO : groups.values().iterator().next();
      Map<String, String> group = groups.isEmpty() ? Map.of() : groups.keySet().iterator().next();
      single(r, group, PricingInput.ofQuantity(q), usage.buckets(charge.code(), group).orElse(null),
          Optional.ofNullable(r.stats.get(group)));
    } else {
      groupedUsage(r, groups);
    }
    return List.copyOf(r.lines);
  }

  /** What one rating call shares, and the lines it builds. */
  private record Rating(String subscriptionId, Charge charge, ChargePrice price, java.util.Currency currency,
      UsageWindow window, RoundingPolicy rounding, Optional<Instant> windowStart,
      Map<Map<String, String>, EventStatistics> stats, List<InvoiceLine> lines) {
  }

  /** The statistics of every group merged, for a line priced over all of them (events, a matrix). */
  private static Optional<EventStatistics> allGroups(Rating r) {
    return r.stats.values().stream().reduce(EventStatistics::merge);
  }

  /**
   * The line explanation's writer: the events behind the quantity first ({@code metering}, when
   * the usage source aggregated events), then the price's explanation. Lines write it when their
   * explanation is first read ({@link Json#deferredObject}).
   */
  private static Consumer<ObjectNode> explain(Explanation explanation, Optional<EventStatistics> events) {
    if (events.isPresent()) {
      EventStatistics e = events.get();
      return o -> ExplanationJson.writeTo(o, explanation, e);
    }
    return o -> ExplanationJson.writeTo(o, explanation);
  }

  /** The writer of an empty explanation (true-up and adjustment lines). */
  private static final Consumer<ObjectNode> NO_EXPLANATION = o -> { };

  /** An amount after the spend bounds: capped at the maximum, and what raises it to the minimum. */
  private record Bounded(Money capped, Money reduction, Money trueUp) {
  }

  /**
   * The one place spend bounds are applied: a maximum caps the amount, a minimum is met by a
   * separate true-up on the capped amount (see {@link SpendBounds}).
   */
  private static Bounded bound(SpendBounds b, Money amount) {
    Money capped = amount;
    Money reduction = Money.zero(amount.currency());
    if (b.maximum() != null) {
      Money max = Money.of(amount.currency(), b.maximum());
      if (amount.compareTo(max) > 0) {
        reduction = amount.minus(max);
        capped = max;
      }
    }
    Money trueUp = Money.zero(amount.currency());
    if (b.minimum() != null) {
      Money min = Money.of(amount.currency(), b.minimum());
      if (capped.compareTo(min) < 0) {
        trueUp = min.minus(capped);
      }
    }
    return new Bounded(capped, reduction, trueUp);
  }

  /** The price without its bounds, the bounds applied by {@link #bound}. */
  private ChargeAmount bounded(Rating r, PricingInput input, UsageBuckets buckets) {
    ChargeAmount a = pricing.price(unbounded(r.price), input, buckets, r.currency);
    Bounded b = bound(r.price.bounds(), a.amount());
    // a commitment's true-up (from the pricer) and a minimum's (from the bounds) never both apply
    return new ChargeAmount(a.quantity(), a.pricedQuantity(), a.rated(), b.reduction(), b.capped(),
        a.trueUp().plus(b.trueUp()), a.includedUsed(), a.overageUplift());
  }

  /** The charge price without its spend bounds; its usage terms (free units, commitment) stay. */
  private static ChargePrice unbounded(ChargePrice cp) {
    return cp.withBounds(SpendBounds.NONE);
  }

  /**
   * A usage total below zero (a meter summing negative values) cannot be priced: name the
   * subscription, the charge, its meter, the group and the period rather than a bare quantity.
   */
  private static void requireNonNegativeUsage(String subscriptionId, Charge charge, UsageWindow w,
      Map<Map<String, String>, BigDecimal> groups) {
    for (Map.Entry<Map<String, String>, BigDecimal> g : groups.entrySet()) {
      if (g.getValue() != null && g.getValue().signum() < 0) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE,
            "subscriptions[" + subscriptionId + "].usage.charges[" + charge.code() + "].quantity",
            g.getValue().toPlainString(), "a usage total of zero or more for charge '" + charge.code()
                + "' (meter '" + charge.meter().orElse("none") + "'"
                + (g.getKey().isEmpty() ? "" : ", group " + g.getKey()) + ") in period " + w.period()
                + "; the meter's events sum below zero");
      }
    }
  }

  /** One quantity (or events, or a matrix's groups) priced as one line, bounded on it. */
  private void single(Rating r, Map<String, String> group, PricingInput input, UsageBuckets buckets,
      Optional<EventStatistics> events) {
    ChargeAmount a = bounded(r, input, buckets);
    String groupText = groupText(group);
    r.lines.add(line(r, LineKind.USAGE, group, a.quantity(), a.amount(),
        r.charge.name() + groupText, explain(r, a, events)));
    if (a.trueUp().isPositive()) {
      r.lines.add(line(r, LineKind.MINIMUM_TRUE_UP, group, BigDecimal.ONE, a.trueUp(),
          r.charge.name() + groupText + (r.price.commitment() != null ? " (commitment true-up)"
              : " (minimum spend true-up)"), NO_EXPLANATION));
    }
  }

  /**
   * The price's explanation, with the plan format 1.1 terms that changed the amount:
   * {@code included_used} (free units taken), {@code commitment} and {@code overage_uplift}
   * (what the overage factor added).
   */
  private static Consumer<ObjectNode> explain(Rating r, ChargeAmount a, Optional<EventStatistics> events) {
    Consumer<ObjectNode> explanation = explain(a.rated().explanation(), events);
    ChargePrice price = r.price;
    if (price.included() == null && price.commitment() == null) {
      return explanation;
    }
    return explanation.andThen(o -> {
      if (price.included() != null) {
        o.put("included_used", a.includedUsed().toPlainString());
      }
      if (price.commitment() != null) {
        o.put("commitment", price.commitment().amount().toPlainString());
        o.put("overage_uplift", a.overageUplift().amount().toPlainString());
      }
    });
  }

  /** Grouped, non-matrix: each group priced on its own; spend bounds apply to the charge's sum. */
  private void groupedUsage(Rating r, Map<Map<String, String>, BigDecimal> groups) {
    if (r.price.included() != null || r.price.commitment() != null || r.price.needsBuckets()) {
      // the terms are the charge's, not each group's (groups here come from the meter's group_by)
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges[" + r.charge.code() + "]",
          "usage in " + groups.size() + " groups " + groups.keySet(), "one quantity: included, commitment and"
              + " price_per bucket apply to the charge's whole quantity; drop the meter's group_by for this charge");
    }
    Money sum = Money.zero(r.currency);
    for (Map.Entry<Map<String, String>, BigDecimal> g : groups.entrySet()) {
      ChargeAmount a = pricing.price(unbounded(r.price), PricingInput.ofQuantity(g.getValue()), r.currency);
      r.lines.add(line(r, LineKind.USAGE, g.getKey(), a.quantity(), a.amount(),
          r.charge.name() + groupText(g.getKey()),
          explain(a.rated().explanation(), Optional.ofNullable(r.stats.get(g.getKey())))));
      sum = sum.plus(r.rounding.round(a.amount()));
    }
    Bounded b = bound(r.price.bounds(), sum);
    if (b.reduction().isPositive()) {
      r.lines.add(line(r, LineKind.ADJUSTMENT, Map.of(), BigDecimal.ONE, b.capped().minus(sum),
          r.charge.name() + " (maximum spend " + b.capped() + ")", NO_EXPLANATION));
    }
    if (b.trueUp().isPositive()) {
      Money min = Money.of(r.currency, r.price.bounds().minimum());
      r.lines.add(line(r, LineKind.MINIMUM_TRUE_UP, Map.of(), BigDecimal.ONE, b.trueUp(),
          r.charge.name() + " (minimum spend " + min + ")", NO_EXPLANATION));
    }
  }

  /**
   * Tiers continued across a plan change: the amount of a window is the new plan's price of the
   * schedule period's quantity so far minus its price of the quantity before the window (spend
   * bounds included in both), one line per group (one line for a matrix).
   */
  private void continuedUsage(Rating r, Map<Map<String, String>, BigDecimal> groups,
      Map<Map<String, String>, BigDecimal> before) {
    if (r.price.needsBuckets()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "plans[" + r.window.planReference() + "].billing"
          + ".usage_tiers_across_change", "continue", "restart for charge " + r.charge.code()
          + ", which prices per bucket or resets its free units per window (buckets do not continue across a change)");
    }
    Map<Map<String, String>, BigDecimal> all = new LinkedHashMap<>(before);
    groups.forEach((g, q) -> all.merge(g, q, BigDecimal::add));
    if (r.price.price().pricesGroups()) {
      ChargeAmount a = bounded(r, PricingInput.ofGroups(all), null);
      ChargeAmount b = bounded(r, PricingInput.ofGroups(before), null);
      BigDecimal q = groups.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      r.lines.add(continued(r, Map.of(), q, a, b, allGroups(r)));
      return;
    }
    SpendBounds sb = r.price.bounds();
    if (all.size() > 1 && (sb.minimum() != null || sb.maximum() != null)) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "plans[" + r.window.planReference() + "].billing"
          + ".usage_tiers_across_change", "continue", "restart for charge " + r.charge.code()
          + ", whose groups share a minimum or maximum spend (a shared bound cannot be split per group)");
    }
    for (Map.Entry<Map<String, String>, BigDecimal> g : all.entrySet()) {
      BigDecimal q = groups.getOrDefault(g.getKey(), BigDecimal.ZERO);
      BigDecimal qBefore = before.getOrDefault(g.getKey(), BigDecimal.ZERO);
      ChargeAmount a = bounded(r, PricingInput.ofQuantity(g.getValue()), null);
      ChargeAmount b = bounded(r, PricingInput.ofQuantity(qBefore), null);
      if (q.signum() != 0 || groups.containsKey(g.getKey()) || all.size() == 1) {
        r.lines.add(continued(r, g.getKey(), q, a, b, Optional.ofNullable(r.stats.get(g.getKey()))));
      }
    }
  }

  private static InvoiceLine continued(Rating r, Map<String, String> group, BigDecimal q, ChargeAmount all,
      ChargeAmount before, Optional<EventStatistics> events) {
    Consumer<ObjectNode> explanation = explain(all.rated().explanation(), events).andThen(o -> {
      o.put("usage_tiers_across_change", "continue");
      o.put("quantity_before_change", before.quantity().toPlainString());
      o.put("amount_before_change", before.total().amount().toPlainString());
      o.put("amount_with_change", all.total().amount().toPlainString());
    });
    return line(r, LineKind.USAGE, group, q, all.total().minus(before.total()),
        r.charge.name() + groupText(group) + " (tiers continued after the plan change)", explanation);
  }

  private static String groupText(Map<String, String> group) {
    return group.isEmpty() ? "" : " " + new TreeMap<>(group);
  }

  private static InvoiceLine line(Rating r, LineKind kind, Map<String, String> group, BigDecimal quantity,
      Money exact, String description, Consumer<ObjectNode> writer) {
    Consumer<ObjectNode> written = writer;
    if (r.charge.prorated() && kind == LineKind.USAGE) {
      // the quantity is time-weighted (Lago prorated charges): say so on the line
      UsageWindow window = r.window;
      written = written.andThen(o -> {
        o.put("prorated", true);
        o.put("prorated_over", window.fullPeriod().toString());
      });
    }
    ObjectNode explanation = written == NO_EXPLANATION ? Json.object() : Json.deferredObject(written);
    InvoiceLine.Builder b = InvoiceLine.builder();
    if (!group.isEmpty()) {
      b.putAllGroupKey(group); // an empty group key is the default
    }
    return b
        .lineId(DocumentIds.lineId(r.subscriptionId, r.charge.code(), group, kind, r.windowStart))
        .subscriptionId(r.subscriptionId)
        .chargeCode(r.charge.code())
        .description(description)
        .kind(kind)
        .origin(new LineOrigin.Priced())
        .servicePeriod(r.window.period())
        .quantity(quantity)
        .exactAmount(exact)
        .amount(r.rounding.round(exact))
        .taxCode(r.charge.taxCode().orElse(""))
        .explanation(explanation)
        .build();
  }
}
