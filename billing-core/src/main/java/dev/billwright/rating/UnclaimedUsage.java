package dev.billwright.rating;

import dev.billwright.metering.UsageEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage no subscription claims, reported instead of dropped: events some plan's usage charge
 * meters but that no subscription of their customer meters at their time (before its start,
 * after its end, under a plan without that charge, naming an unknown subscription), and events
 * several subscriptions could take ({@link UsageBinding}).
 *
 * @param counts customer → meter code → number of unclaimed events, sorted by customer then
 *     meter; an event matching two meters counts once under each
 * @param events the number of unclaimed events (each once), at least 0
 * @param ambiguous the events with several candidate subscriptions that the binding rule did not
 *     decide, in event order
 * @param paused subscription id → meter code → number of events metered while that subscription
 *     was {@linkplain dev.billwright.subscription.SubscriptionPhase#paused() paused} (Kill Bill
 *     and Stripe bill no usage while paused): never billed, reported here and counted in
 *     {@code counts} and {@code events} too; sorted by subscription then meter
 */
public record UnclaimedUsage(Map<String, Map<String, Long>> counts, long events, List<Ambiguous> ambiguous,
    Map<String, Map<String, Long>> paused) {
  /** Nothing unclaimed. */
  public static final UnclaimedUsage NONE = new UnclaimedUsage(Map.of(), 0, List.of());

  /**
   * Unclaimed usage with no paused usage.
   *
   * @param counts customer → meter → count
   * @param events the number of unclaimed events
   * @param ambiguous the ambiguous events
   * @throws NullPointerException if a collection is null
   */
  public UnclaimedUsage(Map<String, Map<String, Long>> counts, long events, List<Ambiguous> ambiguous) {
    this(counts, events, ambiguous, Map.of());
  }

  /**
   * An event that several subscriptions could take.
   *
   * @param event the event, not null
   * @param candidates the candidate subscription ids, sorted, at least two
   */
  public record Ambiguous(UsageEvent event, List<String> candidates) {
    /**
     * Copies the candidates.
     *
     * @param event the event
     * @param candidates the candidates
     * @throws NullPointerException if a value is null
     */
    public Ambiguous {
      java.util.Objects.requireNonNull(event, "event");
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * Copies and sorts.
   *
   * @param counts customer → meter → count
   * @param events the number of unclaimed events
   * @param ambiguous the ambiguous events
   * @param paused subscription → meter → count of events metered while paused
   * @throws NullPointerException if a collection is null
   */
  public UnclaimedUsage {
    counts = sorted(counts);
    ambiguous = List.copyOf(ambiguous);
    paused = sorted(paused);
  }

  private static Map<String, Map<String, Long>> sorted(Map<String, Map<String, Long>> in) {
    Map<String, Map<String, Long>> c = new TreeMap<>();
    in.forEach((k, v) -> c.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    return Collections.unmodifiableMap(new LinkedHashMap<>(c));
  }


  /**
   * Returns whether nothing is unclaimed or ambiguous.
   *
   * @return true when there is nothing to report
   */
  public boolean isEmpty() {
    return events == 0 && ambiguous.isEmpty();
  }

  /**
   * Returns the unclaimed counts per meter, over all customers.
   *
   * @return meter code → number of events, sorted by meter
   */
  public Map<String, Long> perMeter() {
    Map<String, Long> out = new TreeMap<>();
    counts.values().forEach(m -> m.forEach((meter, n) -> out.merge(meter, n, Long::sum)));
    return Collections.unmodifiableMap(out);
  }
}
