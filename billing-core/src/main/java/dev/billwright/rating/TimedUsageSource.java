package dev.billwright.rating;

import dev.billwright.metering.UsageEvent;
import dev.billwright.subscription.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link UsageSource} that also knows <em>when</em> usage happened: the usage of a window
 * through any instant, and the instants at which it changed. Progressive billing needs it (a
 * usage threshold is reached at the instant of an event, {@code billing.usage_thresholds}); a
 * bill run refuses a plan with thresholds billed from a source without times.
 */
public interface TimedUsageSource extends UsageSource {
  /**
   * Returns the instants, ascending and distinct, at which the usage of a window changed: the
   * timestamps of the events counted for it, each inside the window's half-open period.
   *
   * @param subscription the subscription, not null
   * @param window one of its windows, not null
   * @return the instants, never null, may be empty
   */
  List<Instant> usageInstants(Subscription subscription, UsageWindow window);

  /**
   * Returns the usage of a window counting only the events with a timestamp at or before an
   * instant (all of it once the instant is at or after the window's end; none before its start).
   *
   * @param subscription the subscription, not null
   * @param window one of its windows, not null
   * @param throughInclusive the last instant counted, not null
   * @return the usage, never null
   * @throws dev.billwright.error.BillingException as {@link UsageSource#usage} throws
   */
  PeriodUsage usageThrough(Subscription subscription, UsageWindow window, Instant throughInclusive);

  /**
   * Meters events with an aggregator and keeps the usage at every event instant: one
   * aggregation run over the events in timestamp order ({@link SubscriptionUsageAggregator.Run}),
   * its result taken at each distinct timestamp, so deduplication, binding and late-event rules
   * are those of the aggregator. Use a fresh aggregator: its deduplication store sees every
   * event once here. Memory grows with the number of distinct timestamps times the number of
   * usage keys; a host with large volumes implements this interface over its own event store.
   *
   * @param aggregator the aggregator (subscriptions, catalog, meters), not null
   * @param events the raw events, in any order, not null
   * @return the source, never null
   */
  static TimedUsageSource ofEvents(SubscriptionUsageAggregator aggregator, Collection<? extends UsageEvent> events) {
    Objects.requireNonNull(aggregator, "aggregator");
    List<UsageEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(UsageEvent::timestamp).thenComparing(UsageEvent::id));
    SubscriptionUsageAggregator.Run run = aggregator.start();
    NavigableMap<Instant, SubscriptionUsage> snapshots = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      run.accept(sorted.get(i));
      Instant t = sorted.get(i).timestamp();
      if (i + 1 == sorted.size() || !sorted.get(i + 1).timestamp().equals(t)) {
        snapshots.put(t, run.result());
      }
    }
    return new Snapshots(snapshots, run.result());
  }

  /** Usage snapshots at each event instant. */
  final class Snapshots implements TimedUsageSource {
    private final NavigableMap<Instant, SubscriptionUsage> snapshots;
    private final SubscriptionUsage whole;
    private final UsageSource wholeSource;
    private final Map<Instant, UsageSource> sources = new java.util.concurrent.ConcurrentHashMap<>();

    private Snapshots(NavigableMap<Instant, SubscriptionUsage> snapshots, SubscriptionUsage whole) {
      this.snapshots = snapshots;
      this.whole = whole;
      this.wholeSource = UsageSource.of(whole);
    }

    @Override
    public PeriodUsage usage(Subscription subscription, UsageWindow window) {
      return wholeSource.usage(subscription, window);
    }

    @Override
    public UnclaimedUsage unclaimed() {
      return whole.unclaimed();
    }

    @Override
    public List<Instant> usageInstants(Subscription subscription, UsageWindow window) {
      List<Instant> out = new ArrayList<>();
      Map<Map<String, String>, java.math.BigDecimal> previous = Map.of();
      for (Map.Entry<Instant, SubscriptionUsage> e
          : snapshots.subMap(window.period().start(), true, window.period().end(), false).entrySet()) {
        Map<Map<String, String>, java.math.BigDecimal> now = e.getValue().groups(window.key());
        if (!now.equals(previous)) {
          out.add(e.getKey());
          previous = now;
        }
      }
      return List.copyOf(out);
    }

    @Override
    public PeriodUsage usageThrough(Subscription subscription, UsageWindow window, Instant throughInclusive) {
      Map.Entry<Instant, SubscriptionUsage> at = snapshots.floorEntry(throughInclusive);
      if (at == null) {
        return PeriodUsage.NONE;
      }
      return sources.computeIfAbsent(at.getKey(), k -> UsageSource.of(at.getValue())).usage(subscription, window);
    }
  }
}
