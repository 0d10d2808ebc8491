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
import java.util.Set;

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
  /** The context's parts, read per event. */
  private final DeduplicationStore dedup;
  private final PeriodResolver periods;
  private final InvoicedPeriods invoiced;
  /** Each event type's meters, compiled for matching, in context order. */
  private final Map<String, Plan[]> plansByType = new HashMap<>();
  private final Map<QuantityKey, Accumulator> accumulators = new HashMap<>();
  private final List<ConflictingDuplicate> conflicts = new ArrayList<>();
  private final List<LateEvent> late = new ArrayList<>();
  private final List<UnusableEvent> unusable = new ArrayList<>();
  /** The meters matching the current event; reused to keep {@link #accept} allocation-free. */
  private Plan[] scratch = new Plan[4];
  private long read;
  private long matched;
  private long duplicates;
  private long withoutMeter;

  AggregationRun(AggregationContext context, DedupScope scope) {
    this.context = context;
    this.scope = scope;
    this.dedup = context.dedup();
    this.periods = context.periods();
    this.invoiced = context.invoiced();
    Map<String, List<Plan>> byType = new HashMap<>();
    for (Meter m : context.meters()) {
      byType.computeIfAbsent(m.eventType(), t -> new ArrayList<>()).add(new Plan(m));
    }
    byType.forEach((type, plans) -> plansByType.put(type, plans.toArray(new Plan[0])));
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
    DedupOutcome outcome = dedup.firstSeen(scopeKey, event.id(), event.fingerprint());
    if (outcome == DedupOutcome.DUPLICATE) {
      duplicates++;
      return this;
    }
    if (outcome == DedupOutcome.CONFLICT) {
      conflicts.add(new ConflictingDuplicate(scopeKey, event));
      return this;
    }
    Plan[] candidates = plansByType.get(event.eventType());
    int count = 0;
    if (candidates != null) {
      for (Plan p : candidates) {
        if (p.matches(event)) {
          if (count == scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, 2 * count);
          }
          scratch[count++] = p;
        }
      }
    }
    if (count == 0) {
      withoutMeter++;
      return this;
    }
    Plan[] meters = scratch;
    Optional<BillingPeriod> found;
    try {
      found = periods.periodOf(event);
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
    String customer = event.customer();
    if (invoiced.isInvoiced(customer, period)) {
      List<String> codes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        codes.add(meters[i].meter.code());
      }
      late.add(new LateEvent(event, period, codes));
      return this;
    }
    boolean used = false;
    for (int i = 0; i < count; i++) {
      Plan p = meters[i];
      Map<String, String> group = p.groups == null ? NO_GROUP : p.groups.of(event);
      Accumulator acc = p.cached(customer, period, group);
      QuantityKey key = null;
      boolean cached = acc != null;
      if (!cached) {
        key = new QuantityKey(customer, p.meter.code(), period, group);
        acc = accumulators.get(key);
        if (acc == null) {
          acc = newAccumulator(p.meter, key);
        }
      }
      try {
        acc.add(event);
        if (!cached) {
          accumulators.putIfAbsent(key, acc);
          p.cache(customer, period, group, acc);
        }
        used = true;
      } catch (BillingException e) {
        unusable.add(new UnusableEvent(event, p.meter.code(), e.getMessage()));
      }
    }
    if (used) {
      matched++;
    }
    return this;
  }

  /** The group of a meter without group-by ({@link Meter#groupKey} gives an equal empty map). */
  private static final Map<String, String> NO_GROUP = Map.of();

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
    for (Plan[] plans : plansByType.values()) {
      for (Plan p : plans) {
        p.clearCache(); // the merged keys hold copies now
      }
    }
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
   * One meter compiled for this run's thread: its filters as arrays, its group keys
   * ({@link GroupKeys}), and a map from (customer, period, group), compared by identity, to the
   * accumulator {@link #accumulators} holds for the equal {@link QuantityKey}: an event whose
   * parts are the same objects as an earlier one's (the parser interns customers, the resolver
   * and {@link GroupKeys} hand out the same period and group objects) finds its accumulator
   * without building or hashing a key. A miss takes the map. At most {@value #LIMIT} entries
   * are cached.
   */
  private static final class Plan {
    private static final int LIMIT = 1 << 14;
    final Meter meter;
    /** The filter properties, and the accepted values of each. */
    private final String[] filterNames;
    private final Set<?>[] filterValues;
    /** The group keys, or null when the meter has no group-by. */
    final GroupKeys groups;
    /** customer, period, group, accumulator; customer null marks an empty slot. */
    private Object[] slots = new Object[4 * 256];
    private int size;

    Plan(Meter meter) {
      this.meter = meter;
      Map<String, Set<String>> filters = meter.filters();
      this.filterNames = filters.keySet().toArray(new String[0]);
      this.filterValues = new Set<?>[filterNames.length];
      for (int i = 0; i < filterNames.length; i++) {
        filterValues[i] = filters.get(filterNames[i]);
      }
      this.groups = meter.groupBy().isEmpty() ? null : new GroupKeys(meter);
    }

    /** {@link Meter#matches} for an event of the meter's type: every filter satisfied. */
    boolean matches(UsageEvent event) {
      for (int i = 0; i < filterNames.length; i++) {
        String v = event.property(filterNames[i]);
        if (v == null || !filterValues[i].contains(v)) {
          return false;
        }
      }
      return true;
    }

    private static int hash(String customer, BillingPeriod period, Map<String, String> group) {
      int h = System.identityHashCode(customer) * 0x9E3779B9;
      h += 31 * System.identityHashCode(period) + System.identityHashCode(group);
      return h ^ (h >>> 16);
    }

    Accumulator cached(String customer, BillingPeriod period, Map<String, String> group) {
      Object[] t = slots;
      int mask = t.length / 4 - 1;
      int i = hash(customer, period, group) & mask;
      Object c;
      while ((c = t[4 * i]) != null) {
        if (c == customer && t[4 * i + 1] == period && t[4 * i + 2] == group) {
          return (Accumulator) t[4 * i + 3];
        }
        i = (i + 1) & mask;
      }
      return null;
    }

    void cache(String customer, BillingPeriod period, Map<String, String> group, Accumulator acc) {
      if (size >= LIMIT) {
        return;
      }
      put(slots, customer, period, group, acc);
      if (++size * 2 > slots.length / 4) {
        Object[] old = slots;
        Object[] t = new Object[old.length * 2];
        for (int j = 0; j < old.length; j += 4) {
          if (old[j] != null) {
            put(t, (String) old[j], (BillingPeriod) old[j + 1], castGroup(old[j + 2]), old[j + 3]);
          }
        }
        slots = t;
      }
    }

    private static void put(Object[] t, String customer, BillingPeriod period, Map<String, String> group,
        Object acc) {
      int mask = t.length / 4 - 1;
      int i = hash(customer, period, group) & mask;
      while (t[4 * i] != null) {
        i = (i + 1) & mask;
      }
      t[4 * i] = customer;
      t[4 * i + 1] = period;
      t[4 * i + 2] = group;
      t[4 * i + 3] = acc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> castGroup(Object o) {
      return (Map<String, String>) o;
    }

    void clearCache() {
      java.util.Arrays.fill(slots, null);
      size = 0;
    }
  }
}
