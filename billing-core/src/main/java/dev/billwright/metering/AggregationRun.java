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
  /** Each meter's group keys, cached for this run's thread. */
  private final Map<Meter, GroupKeys> groupKeys = new java.util.IdentityHashMap<>();
  /** The accumulators of {@link #accumulators} by the identity of their key's parts; cleared by {@link #merge}. */
  private final KeyCache cache = new KeyCache();
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
      groupKeys.put(m, new GroupKeys(m));
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
      GroupKeys groups = groupKeys.get(m);
      Map<String, String> group = groups.of(event);
      Accumulator acc = cache.get(m, event.customer(), period, group);
      QuantityKey key = null;
      boolean cached = acc != null;
      if (!cached) {
        key = new QuantityKey(event.customer(), m.code(), period, group);
        acc = accumulators.get(key);
        if (acc == null) {
          acc = newAccumulator(m, key);
        }
      }
      try {
        acc.add(event);
        if (!cached) {
          accumulators.putIfAbsent(key, acc);
          cache.put(m, event.customer(), period, group, acc);
        }
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
    cache.clear(); // the merged keys hold copies now
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

  /**
   * A map from (meter, customer, period, group), compared by identity, to the accumulator
   * {@link #accumulators} holds for the equal {@link QuantityKey}: an event whose parts are the
   * same objects as an earlier one's (the parser interns customers, the resolver and
   * {@link GroupKeys} hand out the same period and group objects) finds its accumulator without
   * building or hashing a key. A miss takes the map. At most {@value #LIMIT} entries.
   */
  private static final class KeyCache {
    private static final int LIMIT = 1 << 14;
    private Object[] slots = new Object[5 * 256];
    private int size;

    private static int hash(Meter m, String customer, BillingPeriod period, Map<String, String> group) {
      int h = System.identityHashCode(m);
      h = 31 * h + System.identityHashCode(customer);
      h = 31 * h + System.identityHashCode(period);
      h = 31 * h + System.identityHashCode(group);
      return h ^ (h >>> 15);
    }

    Accumulator get(Meter m, String customer, BillingPeriod period, Map<String, String> group) {
      Object[] t = slots;
      int n = t.length / 5;
      int i = (hash(m, customer, period, group) & 0x7FFFFFFF) % n;
      while (t[5 * i] != null) {
        if (t[5 * i] == m && t[5 * i + 1] == customer && t[5 * i + 2] == period && t[5 * i + 3] == group) {
          return (Accumulator) t[5 * i + 4];
        }
        i = i + 1 == n ? 0 : i + 1;
      }
      return null;
    }

    void put(Meter m, String customer, BillingPeriod period, Map<String, String> group, Accumulator acc) {
      if (size >= LIMIT) {
        return;
      }
      Object[] t = slots;
      int n = t.length / 5;
      int i = (hash(m, customer, period, group) & 0x7FFFFFFF) % n;
      while (t[5 * i] != null) {
        i = i + 1 == n ? 0 : i + 1;
      }
      t[5 * i] = m;
      t[5 * i + 1] = customer;
      t[5 * i + 2] = period;
      t[5 * i + 3] = group;
      t[5 * i + 4] = acc;
      if (++size * 2 > n) {
        Object[] old = slots;
        slots = new Object[old.length * 2];
        size = 0;
        for (int j = 0; j < old.length; j += 5) {
          if (old[j] != null) {
            put((Meter) old[j], (String) old[j + 1], (BillingPeriod) old[j + 2], castGroup(old[j + 3]),
                (Accumulator) old[j + 4]);
          }
        }
      }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> castGroup(Object o) {
      return (Map<String, String>) o;
    }

    void clear() {
      java.util.Arrays.fill(slots, null);
      size = 0;
    }
  }
}
