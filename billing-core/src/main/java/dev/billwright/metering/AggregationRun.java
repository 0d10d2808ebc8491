package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A partial aggregation in progress: feed it events with {@link #accept}, combine runs from
 * other threads, files or partitions with {@link #merge}, then take the {@link #result()}.
 *
 * <p>Runs combine like their {@link Accumulator}s: associatively and commutatively. Runs that
 * must count an id once share one {@link DeduplicationStore} (through their
 * {@link AggregationContext}). If two copies of an id with <em>different</em> content go to two
 * runs working at the same time, which copy counts depends on timing; partition events by id
 * (as {@link UsageAggregator#aggregateParallel} does) when that matters. Not thread-safe: one run
 * per thread.
 */
public final class AggregationRun {
  private static final Comparator<UsageEvent> EVENT_ORDER = Comparator.comparing(UsageEvent::timestamp)
      .thenComparing(UsageEvent::id).thenComparingLong(UsageEvent::fingerprint);

  private final AggregationContext context;
  private final DedupScope scope;
  private final Map<String, List<Meter>> metersByType = new HashMap<>();
  private final Map<QuantityKey, Accumulator> accumulators = new HashMap<>();
  private final List<ConflictingDuplicate> conflicts = new ArrayList<>();
  private final List<LateEvent> late = new ArrayList<>();
  private final List<UnusableEvent> unusable = new ArrayList<>();
  /** The meters matching the current event; reused to keep {@link #accept} allocation-light. */
  private final List<Meter> scratch = new ArrayList<>();
  private long read;
  private long matched;
  private long duplicates;
  private long withoutMeter;

  AggregationRun(AggregationContext context, DedupScope scope) {
    this.context = context;
    this.scope = scope;
    for (Meter m : context.meters()) {
      metersByType.computeIfAbsent(m.eventType(), t -> new ArrayList<>()).add(m);
    }
  }

  /**
   * Takes one event: deduplicates it, finds its meters and period, routes it as late when the
   * period is invoiced, and otherwise adds it to each matching meter's accumulator. An event in
   * no period, or whose period the resolver cannot compute (its date arithmetic throws
   * {@link DateTimeException} or {@link ArithmeticException}), is reported in
   * {@link AggregationResult#unusable()} with the reason; the run goes on with the next event.
   *
   * @param event the event, not null
   * @return this run
   */
  public AggregationRun accept(UsageEvent event) {
    read++;
    String scopeKey = scope.scopeOf(event);
    DedupOutcome outcome = context.dedup().firstSeen(scopeKey, event.id(), event.fingerprint());
    if (outcome == DedupOutcome.DUPLICATE) {
      duplicates++;
      return this;
    }
    if (outcome == DedupOutcome.CONFLICT) {
      conflicts.add(new ConflictingDuplicate(scopeKey, event));
      return this;
    }
    List<Meter> candidates = metersByType.get(event.eventType());
    List<Meter> meters = scratch;
    meters.clear();
    if (candidates != null) {
      for (Meter m : candidates) {
        if (m.matches(event)) {
          meters.add(m);
        }
      }
    }
    if (meters.isEmpty()) {
      withoutMeter++;
      return this;
    }
    Optional<BillingPeriod> found;
    try {
      found = context.periods().periodOf(event);
    } catch (DateTimeException | ArithmeticException e) {
      // a resolver's date arithmetic overflowed for this event: reported, the others go on
      unusable.add(new UnusableEvent(event, null,
          "event " + event.id() + ": timestamp " + event.timestamp() + " of customer " + event.customer()
              + " cannot be placed in a billing period: " + e.getMessage()));
      return this;
    }
    if (found.isEmpty()) {
      unusable.add(new UnusableEvent(event, null,
          "event " + event.id() + ": timestamp " + event.timestamp() + " of customer " + event.customer()
              + " lies in no billing period"));
      return this;
    }
    BillingPeriod period = found.get();
    if (context.invoiced().isInvoiced(event.customer(), period)) {
      List<String> codes = new ArrayList<>(meters.size());
      meters.forEach(m -> codes.add(m.code()));
      late.add(new LateEvent(event, period, codes));
      return this;
    }
    boolean used = false;
    for (Meter m : meters) {
      QuantityKey key = new QuantityKey(event.customer(), m.code(), period, m.groupKey(event));
      Accumulator acc = accumulators.get(key);
      if (acc == null) {
        acc = newAccumulator(m, key);
      }
      try {
        acc.add(event);
        accumulators.putIfAbsent(key, acc);
        used = true;
      } catch (BillingException e) {
        unusable.add(new UnusableEvent(event, m.code(), e.getMessage()));
      }
    }
    if (used) {
      matched++;
    }
    return this;
  }

  /**
   * Makes sure a quantity exists for a key even if no event arrives for it: a weighted_sum meter
   * whose level was carried in from the previous period (storage held all month with no change
   * events) or a zero-usage line the invoicing side wants to see. The quantity starts empty: zero,
   * or carry-in × period seconds for weighted_sum (the carry-in from the context's
   * {@link CarryIn}). Expecting a key that already exists changes nothing.
   *
   * @param key the customer, meter code, period and group, not null
   * @return this run
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the key
   *     names a meter the context does not have
   */
  public AggregationRun expect(QuantityKey key) {
    if (accumulators.containsKey(key)) {
      return this;
    }
    Meter meter = null;
    for (Meter m : context.meters()) {
      if (m.code().equals(key.meterCode())) {
        meter = m;
      }
    }
    if (meter == null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "key.meter_code", key.meterCode(),
          "one of the context's meters");
    }
    accumulators.put(key, newAccumulator(meter, key));
    return this;
  }

  private Accumulator newAccumulator(Meter m, QuantityKey key) {
    return Accumulator.create(m, key.period(), m.aggregation() == Aggregation.WEIGHTED_SUM
        ? context.carryIn().levelAtStart(key.customer(), m, key.period(), key.group()) : BigDecimal.ZERO);
  }

  /**
   * Adds everything another run has taken. The other run is not changed.
   *
   * @param other a run of the same aggregator and context, not null, not this run
   * @return this run
   * @throws BillingException if an accumulator of the other run does not fit (another context)
   * @throws IllegalArgumentException if other is this run
   */
  public AggregationRun merge(AggregationRun other) {
    if (other == this) {
      throw new IllegalArgumentException("a run cannot merge itself: its events would count twice");
    }
    Map<QuantityKey, Accumulator> merged = new LinkedHashMap<>();
    for (Map.Entry<QuantityKey, Accumulator> e : other.accumulators.entrySet()) {
      Accumulator mine = accumulators.get(e.getKey());
      Accumulator copy = mine == null ? e.getValue().copy() : mine.copy();
      if (mine != null) {
        copy.merge(e.getValue());
      }
      merged.put(e.getKey(), copy);
    }
    accumulators.putAll(merged);
    read += other.read;
    matched += other.matched;
    duplicates += other.duplicates;
    withoutMeter += other.withoutMeter;
    conflicts.addAll(other.conflicts);
    late.addAll(other.late);
    unusable.addAll(other.unusable);
    return this;
  }

  /**
   * Returns the result so far (the run may go on taking events afterwards).
   *
   * @return the result, never null
   */
  public AggregationResult result() {
    Map<QuantityKey, AggregatedQuantity> quantities = new HashMap<>();
    accumulators.forEach((k, a) -> quantities.put(k, new AggregatedQuantity(a.result(), a.eventCount(),
        a.buckets().orElse(null))));
    List<ConflictingDuplicate> c = new ArrayList<>(conflicts);
    c.sort(Comparator.comparing(ConflictingDuplicate::event, EVENT_ORDER).thenComparing(ConflictingDuplicate::scope));
    List<LateEvent> l = new ArrayList<>(late);
    l.sort(Comparator.comparing(LateEvent::event, EVENT_ORDER));
    List<UnusableEvent> u = new ArrayList<>(unusable);
    u.sort(Comparator.comparing(UnusableEvent::event, EVENT_ORDER)
        .thenComparing(x -> x.meterCode() == null ? "" : x.meterCode()));
    return new AggregationResult(quantities, read, matched, duplicates, withoutMeter, c, l, u);
  }
}
