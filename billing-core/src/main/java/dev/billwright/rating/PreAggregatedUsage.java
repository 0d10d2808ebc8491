package dev.billwright.rating;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.subscription.Subscription;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.pricing.UsageBuckets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Usage stored per (subscription, charge, window), checked against the windows asked for. */
final class PreAggregatedUsage implements UsageSource {
  private final Map<UsageKey, Map<Map<String, String>, BigDecimal>> quantities = new HashMap<>();
  private final Map<String, List<UsageKey>> byCharge = new HashMap<>();
  private final UnclaimedUsage unclaimed;
  private final Map<UsageKey, Map<Map<String, String>, EventStatistics>> statistics;
  private final Map<UsageKey, Map<Map<String, String>, UsageBuckets>> buckets;

  PreAggregatedUsage(Map<UsageKey, ? extends Map<Map<String, String>, BigDecimal>> quantities,
      UnclaimedUsage unclaimed) {
    this(quantities, unclaimed, Map.of(), Map.of());
  }

  PreAggregatedUsage(Map<UsageKey, ? extends Map<Map<String, String>, BigDecimal>> quantities,
      UnclaimedUsage unclaimed, Map<UsageKey, Map<Map<String, String>, EventStatistics>> statistics,
      Map<UsageKey, Map<Map<String, String>, UsageBuckets>> buckets) {
    this.statistics = Map.copyOf(statistics);
    this.buckets = Map.copyOf(buckets);
    quantities.forEach((k, v) -> {
      this.quantities.put(Objects.requireNonNull(k, "key"), sorted(v));
      byCharge.computeIfAbsent(k.subscriptionId() + '\u0000' + k.chargeCode(), x -> new ArrayList<>()).add(k);
    });
    this.unclaimed = Objects.requireNonNull(unclaimed, "unclaimed");
  }

  /** The groups in a fixed order (by their sorted text), so invoices do not depend on map order. */
  private static Map<Map<String, String>, BigDecimal> sorted(Map<Map<String, String>, BigDecimal> groups) {
    List<Map.Entry<Map<String, String>, BigDecimal>> entries = new ArrayList<>(groups.entrySet());
    entries.sort(java.util.Comparator.comparing(e -> new java.util.TreeMap<>(e.getKey()).toString()));
    Map<Map<String, String>, BigDecimal> out = new java.util.LinkedHashMap<>();
    entries.forEach(e -> out.put(Map.copyOf(e.getKey()), Objects.requireNonNull(e.getValue(), "quantity")));
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public PeriodUsage usage(Subscription subscription, UsageWindow window) {
    Map<Map<String, String>, BigDecimal> groups = quantities.get(window.key());
    if (groups != null) {
      Map<Map<String, String>, EventStatistics> st = statistics.get(window.key());
      Map<Map<String, String>, UsageBuckets> b = buckets.get(window.key());
      return new PeriodUsage(Map.of(window.chargeCode(), groups), Map.of(),
          st == null ? Map.of() : Map.of(window.chargeCode(), st),
          b == null ? Map.of() : Map.of(window.chargeCode(), b));
    }
    for (UsageKey k : byCharge.getOrDefault(window.subscriptionId() + '\u0000' + window.chargeCode(), List.of())) {
      if (k.period().overlaps(window.period())) {
        throw BillingException.invalid(ErrorCode.USAGE_WINDOW_MISMATCH,
            "usage[subscription=" + window.subscriptionId() + ", charge=" + window.chargeCode() + "].period",
            k.period(), "the subscription's usage window " + window.period() + " (schedule period "
                + window.fullPeriod() + ", plan " + window.planReference() + "): usage must be aggregated over the"
                + " windows UsageWindows.of lists, not another period");
      }
    }
    return PeriodUsage.NONE;
  }

  @Override
  public UnclaimedUsage unclaimed() {
    return unclaimed;
  }
}
