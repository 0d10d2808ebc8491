package dev.billwright.rating;

import dev.billwright.pricing.EventStatistics;
import dev.billwright.pricing.PricedEvent;
import dev.billwright.pricing.UsageBuckets;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage of one subscription in one billing period, per charge: the aggregated quantity per
 * group (a group is a combination of the charge's group-by values, the empty map when the charge
 * is not grouped), and, for models priced per event ({@code percentage}, {@code dynamic}), the
 * events themselves.
 *
 * <p>Returned per usage window by a {@link UsageSource} (from a {@link SubscriptionUsageAggregator}
 * result, or pre-aggregated), or given directly for a whole closing period (the
 * {@code usage.quantities} of an invoice conformance case). A charge with no entry has zero
 * usage.
 *
 * @param quantities charge code → group key → aggregated quantity (≥ 0), not null
 * @param events charge code → priced events, not null
 * @param statistics charge code → group key → the events behind the quantity, when the source
 *     aggregated events ({@link SubscriptionUsageAggregator}); empty for pre-aggregated or given
 *     quantities; not null
 * @param buckets charge code → group key → the group's quantity per time bucket, for charges
 *     whose meter has a {@code bucket} (plan format 1.1), not null
 */
public record PeriodUsage(Map<String, Map<Map<String, String>, BigDecimal>> quantities,
    Map<String, List<PricedEvent>> events, Map<String, Map<Map<String, String>, EventStatistics>> statistics,
    Map<String, Map<Map<String, String>, UsageBuckets>> buckets) {

  /** No usage. */
  public static final PeriodUsage NONE = new PeriodUsage(Map.of(), Map.of());

  /**
   * Copies the maps.
   *
   * @param quantities the quantities
   * @param events the events
   * @param statistics the event statistics
   * @param buckets the quantities per time bucket
   * @throws NullPointerException if a map is null
   */
  public PeriodUsage {
    Map<String, Map<Map<String, String>, EventStatistics>> st = new LinkedHashMap<>();
    statistics.forEach((k, v) -> st.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    statistics = java.util.Collections.unmodifiableMap(st);
    Map<String, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
    quantities.forEach((k, v) -> q.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    quantities = java.util.Collections.unmodifiableMap(q);
    Map<String, List<PricedEvent>> e = new LinkedHashMap<>();
    events.forEach((k, v) -> e.put(k, List.copyOf(v)));
    events = java.util.Collections.unmodifiableMap(e);
    Map<String, Map<Map<String, String>, UsageBuckets>> b = new LinkedHashMap<>();
    buckets.forEach((k, v) -> b.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    buckets = java.util.Collections.unmodifiableMap(b);
  }

  /**
   * Creates usage without event statistics or time buckets.
   *
   * @param quantities charge code → group key → aggregated quantity (≥ 0), not null
   * @param events charge code → priced events, not null
   * @throws NullPointerException if a map is null
   */
  public PeriodUsage(Map<String, Map<Map<String, String>, BigDecimal>> quantities,
      Map<String, List<PricedEvent>> events) {
    this(quantities, events, Map.of(), Map.of());
  }

  /**
   * Returns a charge's usage per time bucket for one group.
   *
   * @param chargeCode the charge code, not null
   * @param group the group key, not null
   * @return the buckets, empty when the charge's meter has no bucket or the group had no usage
   */
  public java.util.Optional<UsageBuckets> buckets(String chargeCode, Map<String, String> group) {
    return java.util.Optional.ofNullable(buckets.getOrDefault(chargeCode, Map.of()).get(group));
  }

  /**
   * Usage given as one ungrouped quantity per charge.
   *
   * @param quantities charge code → quantity, not null
   * @return the usage, never null
   */
  public static PeriodUsage ofQuantities(Map<String, BigDecimal> quantities) {
    Map<String, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
    quantities.forEach((k, v) -> q.put(k, Map.of(Map.of(), v)));
    return new PeriodUsage(q, Map.of());
  }

  /**
   * Returns the grouped quantities of a charge.
   *
   * @param chargeCode the charge code, not null
   * @return group key → quantity, empty if none
   */
  public Map<Map<String, String>, BigDecimal> groups(String chargeCode) {
    return quantities.getOrDefault(chargeCode, Map.of());
  }

  /**
   * Returns the event statistics of a charge per group.
   *
   * @param chargeCode the charge code, not null
   * @return group key → statistics, empty if the source kept none
   */
  public Map<Map<String, String>, EventStatistics> statistics(String chargeCode) {
    return statistics.getOrDefault(chargeCode, Map.of());
  }

  /**
   * Returns the priced events of a charge.
   *
   * @param chargeCode the charge code, not null
   * @return the events, empty if none
   */
  public List<PricedEvent> events(String chargeCode) {
    return events.getOrDefault(chargeCode, List.of());
  }
}
