package dev.billwright.rating;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.error.BillingException;
import dev.billwright.metering.Accumulator;
import dev.billwright.pricing.UsageBuckets;
import dev.billwright.metering.ConflictingDuplicate;
import dev.billwright.metering.DedupOutcome;
import dev.billwright.metering.DedupScope;
import dev.billwright.metering.DeduplicationStore;
import dev.billwright.metering.InMemoryDeduplicationStore;
import dev.billwright.metering.LateEvent;
import dev.billwright.metering.Meter;
import dev.billwright.metering.UnusableEvent;
import dev.billwright.metering.UsageEvent;
import dev.billwright.pricing.EventStatistics;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Aggregates usage events per subscription: binds each event to one subscription
 * ({@link UsageBinding}) and counts it in that subscription's {@linkplain UsageWindows usage
 * windows}, keyed by (subscription, charge, window, group), never by customer. What no
 * subscription claims is reported ({@link UnclaimedUsage}), never dropped.
 *
 * <p>For each event, in order: the id is checked against the dedup store (in
 * {@link DedupScope#GLOBAL}: a duplicate is dropped and counted, a conflicting copy reported); the
 * event is bound (an event no usage charge of the subscriptions' plans meters is counted as
 * without meter; one no subscription claims is unclaimed; one with several candidates the rule
 * does not decide is ambiguous); if a window it falls in is already invoiced (the host's
 * predicate) it is a late event; otherwise it is added, for each of the bound subscription's
 * usage charges at the event's time whose meter (narrowed by the charge's filters,
 * {@link ChargeMeters#derive}) matches it, to the window of that charge containing its
 * timestamp. Windows are those starting before {@code until}: an event at or after it is
 * unclaimed.
 *
 * <p>Beside the quantities, each (key, group) keeps its {@link EventStatistics}: the events
 * counted, with the first and last timestamp, the duplicates excluded (a duplicate is bound as
 * its first copy was, only to say which line it was excluded from; it is never counted) and the
 * late events excluded ({@link SubscriptionUsage#statistics}). They merge with the runs, so a
 * parallel aggregation keeps the same statistics. With an account hierarchy ({@link #withAccounts}), the usage of child accounts and
 * alias ids rolls up to their billing account's subscriptions.
 *
 * <p>Immutable configuration; {@link #start()} returns a run that is not thread-safe (one per
 * thread; runs sharing the dedup store count an id once).
 */
public final class SubscriptionUsageAggregator {
  private static final Comparator<UsageEvent> EVENT_ORDER = Comparator.comparing(UsageEvent::timestamp)
      .thenComparing(UsageEvent::id).thenComparingLong(UsageEvent::fingerprint);

  /**
   * The version of the serial form of a run's state ({@link Run#state()}), written as
   * {@code "format"}; {@link #restore} accepts only this version.
   */
  public static final int STATE_FORMAT = 1;

  private final List<Subscription> subscriptions;
  private final PlanCatalog catalog;
  private final Map<String, Meter> meters;
  private final Instant until;
  private final UsageBinding binding;
  private final DeduplicationStore dedup;
  private final Predicate<UsageWindow> invoiced;
  private final Accounts accounts;

  private SubscriptionUsageAggregator(List<Subscription> subscriptions, PlanCatalog catalog, Map<String, Meter> meters,
      Instant until, UsageBinding binding, DeduplicationStore dedup, Predicate<UsageWindow> invoiced,
      Accounts accounts) {
    this.subscriptions = List.copyOf(subscriptions);
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.meters = Map.copyOf(meters);
    this.until = Objects.requireNonNull(until, "until");
    this.binding = Objects.requireNonNull(binding, "binding");
    this.dedup = Objects.requireNonNull(dedup, "dedup");
    this.invoiced = Objects.requireNonNull(invoiced, "invoiced");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
  }

  /**
   * An aggregator with the {@link UsageBinding#AMBIGUOUS} rule, a fresh in-memory dedup store and
   * nothing invoiced.
   *
   * @param subscriptions the subscriptions events may bind to, not null, distinct ids
   * @param catalog where their plans are looked up, not null
   * @param meters the meters usage charges name, keyed by code, not null
   * @param until windows start before this instant (usually the bill run's as-of), not null
   * @return the aggregator, never null
   */
  public static SubscriptionUsageAggregator of(List<Subscription> subscriptions, PlanCatalog catalog,
      Map<String, Meter> meters, Instant until) {
    return new SubscriptionUsageAggregator(subscriptions, catalog, meters, until, UsageBinding.AMBIGUOUS,
        new InMemoryDeduplicationStore(), w -> false, Accounts.NONE);
  }

  /**
   * Returns a copy with another binding rule.
   *
   * @param newBinding the rule, not null
   * @return the copy, never null
   */
  public SubscriptionUsageAggregator withBinding(UsageBinding newBinding) {
    return new SubscriptionUsageAggregator(subscriptions, catalog, meters, until, newBinding, dedup, invoiced,
        accounts);
  }

  /**
   * Returns a copy with another dedup store (shared by every run that must see an id once).
   *
   * @param store the store, not null
   * @return the copy, never null
   */
  public SubscriptionUsageAggregator withDedup(DeduplicationStore store) {
    return new SubscriptionUsageAggregator(subscriptions, catalog, meters, until, binding, store, invoiced,
        accounts);
  }

  /**
   * Returns a copy that routes events of already-invoiced windows as late events.
   *
   * @param invoicedWindows whether a window is already invoiced, not null, pure
   * @return the copy, never null
   */
  public SubscriptionUsageAggregator withInvoiced(Predicate<UsageWindow> invoicedWindows) {
    return new SubscriptionUsageAggregator(subscriptions, catalog, meters, until, binding, dedup, invoicedWindows,
        accounts);
  }

  /**
   * Returns a copy that binds events through an account hierarchy: an event whose customer is a
   * child account or an alias is bound as its account's would be, falling back to the
   * subscriptions of its parent, then its parent's parent, up to the billing account, when none of
   * its own account's meters it at its time (nearest first; several candidates at one level are
   * decided by the {@link UsageBinding} rule); an event naming a subscription binds to it when the
   * subscription is for the event's account or one of its ancestors. Unclaimed usage is still
   * counted under the event's own customer id. The default is {@link Accounts#NONE}: each event
   * binds to its own customer's subscriptions only.
   *
   * @param hierarchy the account hierarchy, not null
   * @return the copy, never null
   */
  public SubscriptionUsageAggregator withAccounts(Accounts hierarchy) {
    return new SubscriptionUsageAggregator(subscriptions, catalog, meters, until, binding, dedup, invoiced, hierarchy);
  }

  /**
   * Starts a run: resolves every subscription's phases, windows and charge meters once.
   *
   * @return the run, never null
   * @throws BillingException with {@link dev.billwright.error.ErrorCode#INVALID_VALUE} if two
   *     subscriptions share an id or a subscription's customer id is an alias of the account
   *     hierarchy ({@code accounts[ACCOUNT].aliases}: its events would bind to the alias's
   *     account, never to it), or with
   *     {@link dev.billwright.error.ErrorCode#INVALID_DEFINITION} if a charge names a meter that
   *     does not exist; a subscription whose plans cannot be resolved claims no event (the bill
   *     run reports it as failed)
   */
  public Run start() {
    return new Run(this);
  }

  /**
   * Starts a run that can be checkpointed: as {@link #start()}, and the run also remembers the
   * (scope, id, fingerprint) of every event id it saw first, so that {@link Run#state()} carries
   * its dedup state and {@link #restore} can resume it exactly (a memory cost of one small record
   * per distinct id). Use it with a dedup store that holds only this run's ids (the default fresh
   * {@link InMemoryDeduplicationStore}): a resumed run replays its ids into a fresh store, so a
   * durable store that outlived the killed run would see the ids after the checkpoint twice.
   *
   * @return the run, never null
   * @throws BillingException as for {@link #start()}
   */
  public Run startResumable() {
    return new Run(this, true);
  }

  /**
   * Resumes a run from a state written by {@link Run#state()} of a resumable run of an aggregator
   * with the same subscriptions, catalog, meters, until, binding, invoiced windows and accounts:
   * the returned run goes on exactly as the saved one would have, and is itself resumable. The
   * state's seen event ids are replayed into this aggregator's dedup store (which should be
   * fresh, see {@link #startResumable()}).
   *
   * @param state the JSON object written by {@link Run#state()}, not null
   * @param source where the state came from, for messages, not null
   * @return the resumed run, never null
   * @throws BillingException with {@link dev.billwright.error.ErrorCode#INVALID_VALUE} naming
   *     {@code format} if the state's format is not {@value #STATE_FORMAT}, or another code
   *     naming the JSON path if the state is malformed; as for {@link #start()}
   */
  public Run restore(com.fasterxml.jackson.databind.JsonNode state, String source) {
    Run run = new Run(this, true);
    RunStateJson.read(run, dev.billwright.json.JsonObjectReader.root(state, source));
    return run;
  }

  /**
   * Aggregates events in one pass.
   *
   * @param events the events, not null, no null elements
   * @return the result, never null
   * @throws BillingException as for {@link #start()}
   */
  public SubscriptionUsage aggregate(Iterable<? extends UsageEvent> events) {
    return aggregate(events.iterator());
  }

  /**
   * Aggregates events in one pass, reading each once (an {@code EventReader} streams a file).
   *
   * @param events the events, not null, no null elements
   * @return the result, never null
   * @throws BillingException as for {@link #start()}
   */
  public SubscriptionUsage aggregate(java.util.Iterator<? extends UsageEvent> events) {
    Run run = start();
    while (events.hasNext()) {
      run.accept(events.next());
    }
    return run.result();
  }

  /**
   * Aggregates events on several threads (the common fork/join pool) with exactly the result of
   * {@link #aggregate}: events are split into {@code parts} partitions by a hash of their id (all
   * copies of an id land in the same partition, in input order), each aggregated by its own run
   * sharing the dedup store, and the runs are merged ({@link Run#merge}).
   *
   * @param events the events, not null, no null elements
   * @param parts the number of partitions, at least 1
   * @return the result, never null
   * @throws IllegalArgumentException if parts is less than 1
   * @throws BillingException as for {@link #start()}
   */
  public SubscriptionUsage aggregateParallel(List<? extends UsageEvent> events, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, got " + parts);
    }
    List<List<UsageEvent>> partitions = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      partitions.add(new ArrayList<>(events.size() / parts + 1));
    }
    for (UsageEvent e : events) {
      partitions.get(Math.floorMod(e.id().hashCode() * 0x9E3779B9, parts)).add(e);
    }
    return java.util.stream.IntStream.range(0, parts).parallel()
        .mapToObj(i -> {
          Run run = start();
          partitions.get(i).forEach(run::accept);
          return run;
        })
        .reduce(Run::merge)
        .orElseGet(this::start)
        .result();
  }

  /** One usage charge of one plan stretch: its meter and its windows in time order. */
  private record ChargeSlot(Charge charge, Meter meter, String baseMeter, List<UsageWindow> windows,
      dev.billwright.time.ProrationBasis basis, dev.billwright.metering.GroupKeys groups, Hit[] hits) {
    ChargeSlot(Charge charge, Meter meter, String baseMeter, List<UsageWindow> windows,
        dev.billwright.time.ProrationBasis basis, dev.billwright.metering.GroupKeys groups) {
      this(charge, meter, baseMeter, windows, basis, groups, new Hit[windows.size()]);
    }

    Optional<UsageWindow> windowAt(Instant t) {
      int i = indexAt(t);
      return i < 0 ? Optional.empty() : Optional.of(windows.get(i));
    }

    /** The index of the window containing an instant, -1 if none. */
    int indexAt(Instant t) {
      int lo = 0;
      int hi = windows.size() - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        UsageWindow w = windows.get(mid);
        if (t.isBefore(w.period().start())) {
          hi = mid - 1;
        } else if (!t.isBefore(w.period().end())) {
          lo = mid + 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    /** The hit of the window at an index (made once; a slot is used by one run's thread or shared read-only). */
    Hit hitAt(int i) {
      Hit h = hits[i];
      if (h == null) {
        h = new Hit(windows.get(i), meter, this);
        hits[i] = h;
      }
      return h;
    }
  }

  /** The accumulator and statistics of one window and group, once the run has them. */
  private static final class Cell {
    Accumulator acc;
    Stats stats;
  }

  /** The most cells a window keeps by identity. */
  private static final int CELLS_PER_WINDOW = 1 << 12;

  /**
   * A subscription resolved once: its phases (empty when its plans cannot be resolved: it claims
   * no event) and, per phase, its usage charges.
   */
  private record Resolved(Subscription subscription, Optional<ResolvedSubscription> resolved,
      List<List<ChargeSlot>> slots) {
    /** The index of the phase containing an instant, -1 if none. */
    int phaseAt(Instant t) {
      return resolved.map(r -> r.phaseIndexContaining(t).orElse(-1)).orElse(-1);
    }
  }

  /** A match of an event: the window it falls in and the meter that counts it. */
  private record Hit(UsageWindow window, Meter meter, ChargeSlot slot) {}

  /** The event statistics of one key and group, kept mutable while a run takes events. */
  private static final class Stats {
    final String meter;
    final String aggregation;
    long counted;
    long duplicates;
    long late;
    Instant first;
    Instant last;

    Stats(String meter, String aggregation) {
      this.meter = meter;
      this.aggregation = aggregation;
    }

    void count(Instant at) {
      counted++;
      if (first == null || at.isBefore(first)) {
        first = at;
      }
      if (last == null || at.isAfter(last)) {
        last = at;
      }
    }

    void merge(Stats o) {
      counted += o.counted;
      duplicates += o.duplicates;
      late += o.late;
      if (o.first != null && (first == null || o.first.isBefore(first))) {
        first = o.first;
      }
      if (o.last != null && (last == null || o.last.isAfter(last))) {
        last = o.last;
      }
    }

    EventStatistics result() {
      return new EventStatistics(meter, aggregation, counted, duplicates, late, Optional.ofNullable(first),
          Optional.ofNullable(last));
    }
  }

  /** An event id seen first by a run, with its scope and content fingerprint. */
  private record Seen(String scope, String id, long fingerprint) {}

  /** An aggregation in progress. Not thread-safe. */
  public static final class Run {
    private final SubscriptionUsageAggregator config;
    private final Map<String, Resolved> byId;
    private final Map<String, List<Resolved>> byCustomer;
    private final Map<String, List<Meter>> anyMeterByType;
    private final Map<String, String> baseOf;
    private final Map<UsageKey, Map<Map<String, String>, Accumulator>> accumulators = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> unclaimedCounts = new TreeMap<>();
    private final Map<String, Map<String, Long>> pausedCounts = new TreeMap<>();
    private final List<UnclaimedUsage.Ambiguous> ambiguous = new ArrayList<>();
    private final List<ConflictingDuplicate> conflicts = new ArrayList<>();
    private final List<LateEvent> late = new ArrayList<>();
    private final List<UnusableEvent> unusable = new ArrayList<>();
    private final Map<UsageKey, Map<Map<String, String>, Stats>> stats = new LinkedHashMap<>();
    /** The maps of {@link #accumulators} and {@link #stats} by window identity (this run's windows). */
    private final Map<UsageWindow, Map<Map<String, String>, Accumulator>> accByWindow = new java.util.IdentityHashMap<>();
    private final Map<UsageWindow, Map<Map<String, String>, Stats>> statsByWindow = new java.util.IdentityHashMap<>();
    /** The meters matching an unclaimed event; reused to keep {@link #accept} allocation-light. */
    private final List<Meter> scratch = new ArrayList<>();
    /** The hits of the event being taken, when one subscription is the candidate; reused. */
    private final List<Hit> hitScratch = new ArrayList<>();
    /** The candidates {@link #bindAmong} could not choose between. */
    private List<String> ambiguousIds = List.of();
    /** Whether the accounts are {@link Accounts#NONE}-like: no parents, no aliases. */
    private final boolean flat;
    /**
     * Per window (by identity), per group map (by identity): the accumulator and statistics an
     * event of that group adds to, so that a repeated group is found without hashing its map;
     * cleared by {@link #merge}.
     */
    private final Map<UsageWindow, Map<Map<String, String>, Cell>> cells = new java.util.IdentityHashMap<>();
    private long read;
    private long billed;
    private long duplicates;
    private long withoutMeter;
    private long unclaimed;
    private long unusableEvents;

    /** The ids this run saw first, in order (resumable runs only, else null). */
    private final List<Seen> seen;

    private Run(SubscriptionUsageAggregator config) {
      this(config, false);
    }

    private Run(SubscriptionUsageAggregator config, boolean resumable) {
      this.config = config;
      this.flat = config.accounts.isEmpty();
      this.seen = resumable ? new ArrayList<>() : null;
      this.byId = new HashMap<>();
      this.byCustomer = new HashMap<>();
      this.anyMeterByType = new HashMap<>();
      this.baseOf = new HashMap<>();
      for (Subscription sub : config.subscriptions) {
        if (byId.containsKey(sub.id())) {
          throw BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, "subscriptions", sub.id(),
              "distinct subscription ids");
        }
        if (config.accounts.isAlias(sub.customerId())) {
          throw BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE,
              "accounts[" + config.accounts.accountOf(sub.customerId()) + "].aliases", sub.customerId(),
              "an alias no subscription is for (subscription " + sub.id() + " is for it)");
        }
        Resolved r = resolve(sub);
        byId.put(sub.id(), r);
        byCustomer.computeIfAbsent(sub.customerId(), c -> new ArrayList<>()).add(r);
      }
      byCustomer.values().forEach(l -> l.sort(Comparator.comparing(r -> r.subscription().id())));
    }

    /** An empty run sharing a template's resolved subscriptions (read-only after construction). */
    private Run(Run template) {
      this.config = template.config;
      this.flat = config.accounts.isEmpty();
      this.seen = null;
      // shared, never written after the template's construction
      this.byId = template.byId;
      this.byCustomer = template.byCustomer;
      this.anyMeterByType = template.anyMeterByType;
      this.baseOf = template.baseOf;
    }

    /**
     * Starts another, empty run of the same aggregator without resolving the subscriptions again
     * (it shares this run's lookup tables, which no run writes after its construction): the cheap way to take a
     * small batch, even one event, and read its partial ({@link #partials()}) for merging
     * elsewhere, as a stream processor does per event. The new run is not resumable and shares
     * the aggregator's dedup store.
     *
     * @return a new empty run, never null
     */
    public Run fork() {
      return new Run(this);
    }

    /**
     * Returns copies of this run's accumulators: key → group → accumulator, in the order the
     * run created them. Merging the partials of runs that together took every event once
     * ({@link Accumulator#merge}) gives the quantities of one run over all of them; the copies
     * are independent of this run.
     *
     * @return a new map of new accumulators, never null
     */
    public Map<UsageKey, Map<Map<String, String>, Accumulator>> partials() {
      Map<UsageKey, Map<Map<String, String>, Accumulator>> out = new LinkedHashMap<>();
      accumulators.forEach((k, groups) -> {
        Map<Map<String, String>, Accumulator> g = new LinkedHashMap<>();
        groups.forEach((group, acc) -> g.put(group, acc.copy()));
        out.put(k, g);
      });
      return out;
    }

    /**
     * Returns the late events this run has taken so far, in the order it took them (unsorted,
     * unlike {@link #result()}): a cheap way for a caller that feeds one event at a time to see
     * whether the last event was late (the list grew) without building a result.
     *
     * @return an unmodifiable view of the run's late events, never null; it grows as the run takes events
     */
    public List<LateEvent> lateSoFar() {
      return java.util.Collections.unmodifiableList(late);
    }

    private Resolved resolve(Subscription sub) {
      ResolvedSubscription resolved;
      List<UsageWindow> windows;
      try {
        resolved = sub.resolve(config.catalog);
        windows = UsageWindows.of(resolved, config.until);
      } catch (BillingException e) {
        return new Resolved(sub, Optional.empty(), List.of());
      }
      List<List<ChargeSlot>> slots = new ArrayList<>();
      for (SubscriptionPhase phase : resolved.phases()) {
        List<ChargeSlot> list = new ArrayList<>();
        List<Meter> derived = ChargeMeters.derive(List.of(phase.plan()), config.meters);
        int k = 0;
        for (Charge charge : phase.plan().charges()) {
          if (charge.kind() != ChargeKind.USAGE) {
            continue;
          }
          Meter meter = derived.get(k++);
          List<UsageWindow> own = new ArrayList<>();
          for (UsageWindow w : windows) {
            if (w.chargeCode().equals(charge.code()) && w.planReference().equals(phase.plan().reference())) {
              own.add(w);
            }
          }
          String base = charge.meter().orElseThrow();
          list.add(new ChargeSlot(charge, meter, base, List.copyOf(own), phase.plan().billing().proration(),
              new dev.billwright.metering.GroupKeys(meter)));
          if (baseOf.putIfAbsent(meter.code(), base) == null) {
            anyMeterByType.computeIfAbsent(meter.eventType(), t -> new ArrayList<>()).add(meter);
          }
        }
        slots.add(List.copyOf(list));
      }
      return new Resolved(sub, Optional.of(resolved), slots);
    }

    /**
     * Takes one event.
     *
     * @param event the event, not null
     * @return this run
     */
    public Run accept(UsageEvent event) {
      read++;
      DedupOutcome outcome = config.dedup.firstSeen(DedupScope.GLOBAL.scopeOf(event), event.id(), event.fingerprint());
      boolean duplicate = outcome == DedupOutcome.DUPLICATE;
      if (seen != null && outcome == DedupOutcome.NEW) {
        seen.add(new Seen(DedupScope.GLOBAL.scopeOf(event), event.id(), event.fingerprint()));
      }
      if (duplicate) {
        // counted here; bound below only to say which line's events it was excluded from
        duplicates++;
      } else if (outcome == DedupOutcome.CONFLICT) {
        conflicts.add(new ConflictingDuplicate(DedupScope.GLOBAL.scopeOf(event), event));
        return this;
      }
      List<Hit> hits;
      String named = event.subscription().orElse(null);
      if (named != null) {
        Resolved r = byId.get(named);
        hits = r == null || !config.accounts.rollsUpTo(event.customer(), r.subscription().customerId()) ? List.of()
            : hits(r, event, hitScratch);
      } else if (flat) {
        // no account hierarchy: the candidates are the customer's own subscriptions
        List<Resolved> own = byCustomer.get(event.customer());
        if (own == null) {
          hits = List.of();
        } else if (own.size() == 1) {
          hits = hits(own.get(0), event, hitScratch);
        } else {
          hits = bindAmong(own, event);
          if (hits == null) {
            if (!duplicate) {
              ambiguous.add(new UnclaimedUsage.Ambiguous(event, ambiguousIds));
            }
            return this;
          }
        }
      } else {
        List<Resolved> candidates = new ArrayList<>();
        List<List<Hit>> candidateHits = new ArrayList<>();
        // the event's own account first, then up the hierarchy: the first level with a candidate
        for (String account = config.accounts.accountOf(event.customer()); account != null && candidates.isEmpty();
            account = config.accounts.parentOrNull(account)) {
          for (Resolved r : byCustomer.getOrDefault(account, List.of())) {
            List<Hit> h = hits(r, event);
            if (!h.isEmpty()) {
              candidates.add(r);
              candidateHits.add(h);
            }
          }
        }
        if (candidates.size() > 1) {
          List<String> ids = candidates.stream().map(r -> r.subscription().id()).toList();
          Optional<String> chosen = config.binding.choose(event, ids);
          if (chosen.isEmpty()) {
            if (!duplicate) {
              ambiguous.add(new UnclaimedUsage.Ambiguous(event, ids));
            }
            return this;
          }
          hits = candidateHits.get(ids.indexOf(chosen.get()));
        } else {
          hits = candidates.isEmpty() ? List.of() : candidateHits.get(0);
        }
      }
      if (duplicate) {
        for (Hit h : hits) {
          stats(h, event).duplicates++;
        }
        return this;
      }
      if (hits.isEmpty()) {
        // only now: is it metered at all (unclaimed), or metered by no charge (without meter)?
        List<Meter> metering = scratch;
        metering.clear();
        for (Meter m : anyMeterByType.getOrDefault(event.eventType(), List.of())) {
          if (m.matches(event)) {
            metering.add(m);
          }
        }
        if (metering.isEmpty()) {
          withoutMeter++;
          return this;
        }
        unclaimed++;
        Map<String, Long> perMeter = unclaimedCounts.computeIfAbsent(event.customer(), c -> new TreeMap<>());
        metering.stream().map(m -> baseOf.get(m.code())).distinct().forEach(b -> perMeter.merge(b, 1L, Long::sum));
        pausedSubscription(event).ifPresent(id -> {
          Map<String, Long> perSub = pausedCounts.computeIfAbsent(id, c -> new TreeMap<>());
          metering.stream().map(m -> baseOf.get(m.code())).distinct().forEach(b -> perSub.merge(b, 1L, Long::sum));
        });
        return this;
      }
      for (Hit h : hits) {
        if (config.invoiced.test(h.window())) {
          late.add(new LateEvent(event, h.window().period(), hits.stream().map(x -> x.meter().code()).toList()));
          for (Hit x : hits) {
            if (config.invoiced.test(x.window())) {
              stats(x, event).late++;
            }
          }
          return this;
        }
      }
      boolean used = false;
      for (int i = 0, n = hits.size(); i < n; i++) {
        Hit h = hits.get(i);
        Map<String, String> group = h.slot().groups().of(event);
        Cell cell = cell(h.window(), group);
        Accumulator acc = cell == null ? null : cell.acc;
        Map<Map<String, String>, Accumulator> groups = null;
        if (acc == null) {
          groups = groupsOf(h.window());
          acc = groups.get(group);
        }
        boolean fresh = acc == null;
        if (fresh) {
          // a prorated charge (Lago) weighs each event by its share of the period
          acc = h.slot().charge().prorated()
              ? Accumulator.prorated(h.meter(), h.window().period(), h.window().fullPeriod(), h.slot().basis())
              : Accumulator.create(h.meter(), h.window().period());
        }
        try {
          acc.add(event);
          if (fresh) {
            groups.put(group, acc);
          }
          if (cell != null) {
            cell.acc = acc;
            Stats st = cell.stats;
            if (st == null) {
              st = stats(h, group);
              cell.stats = st;
            }
            st.count(event.timestamp());
          } else {
            stats(h, group).count(event.timestamp());
          }
          used = true;
          if (h.slot().charge().prorated()) {
            carry(h, event, group);
          }
        } catch (BillingException e) {
          unusable.add(new UnusableEvent(event, h.meter().code(), e.getMessage()));
        }
      }
      if (used) {
        billed++;
      } else {
        unusableEvents++;
      }
      return this;
    }

    /**
     * A prorated charge's metric is recurring (Lago: the units held at a period's end carry into
     * the next period): an event's value is also held through every later window of the same
     * plan stretch (across seat changes and pauses), counted there as if added at that window's
     * start, so for the window's own share of its full period (all of a whole period).
     */
    private void carry(Hit h, UsageEvent event, Map<String, String> group) {
      for (UsageWindow later : h.slot().windows()) {
        if (later.period().start().isBefore(h.window().period().end())) {
          continue;
        }
        Map<Map<String, String>, Accumulator> groups = accumulators.computeIfAbsent(later.key(),
            k -> new LinkedHashMap<>());
        Accumulator acc = groups.computeIfAbsent(group,
            g -> Accumulator.prorated(h.meter(), later.period(), later.fullPeriod(), h.slot().basis()));
        acc.add(UsageEvent.of(event.id(), event.customer(), event.subscription().orElse(null), event.eventType(),
            later.period().start(), event.properties()));
      }
    }

    /**
     * The subscription that would meter an unclaimed event if it were not paused at the event's
     * time: the event's own subscription, else the first (by id) of its account's.
     */
    private Optional<String> pausedSubscription(UsageEvent event) {
      List<Resolved> candidates = event.subscription().isPresent()
          ? Optional.ofNullable(byId.get(event.subscription().get())).map(List::of).orElse(List.of())
          : byCustomer.getOrDefault(config.accounts.accountOf(event.customer()), List.of());
      for (Resolved r : candidates) {
        int p = r.phaseAt(event.timestamp());
        if (p >= 0 && r.resolved().orElseThrow().phases().get(p).paused()) {
          for (ChargeSlot slot : r.slots().get(p)) {
            if (slot.meter().matches(event)) {
              return Optional.of(r.subscription().id());
            }
          }
        }
      }
      return Optional.empty();
    }

    /** The statistics of the window and group an event falls in for a hit. */
    private Stats stats(Hit h, UsageEvent event) {
      return stats(h, h.slot().groups().of(event));
    }

    /** The statistics of the window of a hit and a group. */
    private Stats stats(Hit h, Map<String, String> group) {
      Map<Map<String, String>, Stats> groups = statsByWindow.get(h.window());
      if (groups == null) {
        groups = stats.computeIfAbsent(h.window().key(), k -> new LinkedHashMap<>());
        statsByWindow.put(h.window(), groups);
      }
      Stats st = groups.get(group);
      if (st == null) {
        st = new Stats(baseOf.get(h.meter().code()), dev.billwright.json.JsonObjectReader.jsonName(h.meter().aggregation()));
        groups.put(group, st);
      }
      return st;
    }

    /**
     * The accumulators of a window by group: the map held in {@link #accumulators} under the
     * window's key, found by the window's identity (a window's key hashes two periods).
     */
    private Map<Map<String, String>, Accumulator> groupsOf(UsageWindow window) {
      Map<Map<String, String>, Accumulator> groups = accByWindow.get(window);
      if (groups == null) {
        groups = accumulators.computeIfAbsent(window.key(), k -> new LinkedHashMap<>());
        accByWindow.put(window, groups);
      }
      return groups;
    }

    /** The windows and meters of a subscription that count an event at its time. */
    private static List<Hit> hits(Resolved r, UsageEvent event) {
      return hits(r, event, new ArrayList<>(1));
    }

    /** As {@link #hits(Resolved, UsageEvent)}, into {@code out} (cleared first), which it returns. */
    private static List<Hit> hits(Resolved r, UsageEvent event, List<Hit> out) {
      out.clear();
      Instant at = event.timestamp();
      int p = r.phaseAt(at);
      if (p < 0) {
        return out;
      }
      List<ChargeSlot> slots = r.slots().get(p);
      for (int i = 0, n = slots.size(); i < n; i++) {
        ChargeSlot slot = slots.get(i);
        if (slot.meter().matches(event)) {
          int w = slot.indexAt(at);
          if (w >= 0) {
            out.add(slot.hitAt(w));
          }
        }
      }
      return out;
    }

    /**
     * Binds an event among several subscriptions of its customer (no account hierarchy): the
     * hits of the one candidate that meters it, of the one the binding rule chooses, or null
     * when the rule chooses none ({@link #ambiguousIds} then names the candidates).
     */
    private List<Hit> bindAmong(List<Resolved> own, UsageEvent event) {
      List<Resolved> candidates = new ArrayList<>();
      List<List<Hit>> candidateHits = new ArrayList<>();
      for (Resolved r : own) {
        List<Hit> h = hits(r, event);
        if (!h.isEmpty()) {
          candidates.add(r);
          candidateHits.add(h);
        }
      }
      if (candidates.size() > 1) {
        List<String> ids = candidates.stream().map(r -> r.subscription().id()).toList();
        Optional<String> chosen = config.binding.choose(event, ids);
        if (chosen.isEmpty()) {
          ambiguousIds = ids;
          return null;
        }
        return candidateHits.get(ids.indexOf(chosen.get()));
      }
      return candidates.isEmpty() ? List.of() : candidateHits.get(0);
    }

    /**
     * The cell of a window and a group map, found by the identity of both ({@link
     * dev.billwright.metering.GroupKeys} gives the same map for the same values); null when the
     * window already has {@link #CELLS_PER_WINDOW} cells (the caller then looks up by equality).
     */
    private Cell cell(UsageWindow window, Map<String, String> group) {
      Map<Map<String, String>, Cell> byGroup = cells.get(window);
      if (byGroup == null) {
        byGroup = new java.util.IdentityHashMap<>();
        cells.put(window, byGroup);
      }
      Cell c = byGroup.get(group);
      if (c == null) {
        if (byGroup.size() >= CELLS_PER_WINDOW) {
          return null;
        }
        c = new Cell();
        byGroup.put(group, c);
      }
      return c;
    }

    /**
     * Adds everything another run of the same aggregator has taken; the other run is not changed.
     *
     * @param other the other run, not null, not this run
     * @return this run
     * @throws IllegalArgumentException if other is this run
     */
    public Run merge(Run other) {
      if (other == this) {
        throw new IllegalArgumentException("a run cannot merge itself: its events would count twice");
      }
      cells.clear();
      other.accumulators.forEach((key, groups) -> {
        Map<Map<String, String>, Accumulator> mine = accumulators.computeIfAbsent(key, k -> new LinkedHashMap<>());
        groups.forEach((g, acc) -> {
          Accumulator own = mine.get(g);
          if (own == null) {
            mine.put(g, acc.copy());
          } else {
            own.merge(acc);
          }
        });
      });
      other.stats.forEach((key, groups) -> {
        Map<Map<String, String>, Stats> mine = stats.computeIfAbsent(key, k -> new LinkedHashMap<>());
        groups.forEach((g, st) -> mine.computeIfAbsent(g, x -> new Stats(st.meter, st.aggregation)).merge(st));
      });
      other.unclaimedCounts.forEach((customer, perMeter) -> perMeter.forEach((meter, n) ->
          unclaimedCounts.computeIfAbsent(customer, c -> new TreeMap<>()).merge(meter, n, Long::sum)));
      other.pausedCounts.forEach((id, perMeter) -> perMeter.forEach((meter, n) ->
          pausedCounts.computeIfAbsent(id, c -> new TreeMap<>()).merge(meter, n, Long::sum)));
      ambiguous.addAll(other.ambiguous);
      conflicts.addAll(other.conflicts);
      late.addAll(other.late);
      unusable.addAll(other.unusable);
      if (seen != null && other.seen != null) {
        seen.addAll(other.seen);
      }
      read += other.read;
      billed += other.billed;
      duplicates += other.duplicates;
      withoutMeter += other.withoutMeter;
      unclaimed += other.unclaimed;
      unusableEvents += other.unusableEvents;
      return this;
    }

    /**
     * Returns the run's partial state in the versioned serial form {@value #STATE_FORMAT}
     * (docs/storage.md, "Durable metering"): every accumulator ({@link
     * dev.billwright.metering.AccumulatorJson}), the statistics, the unclaimed, paused, ambiguous,
     * conflicting, late and unusable reports, the counters and the ids seen first.
     * {@link SubscriptionUsageAggregator#restore} of it goes on exactly as this run would.
     *
     * @return a new JSON object, never null
     * @throws IllegalStateException if the run was not started by
     *     {@link SubscriptionUsageAggregator#startResumable()} or {@code restore} (it did not keep
     *     its seen ids)
     */
    public com.fasterxml.jackson.databind.node.ObjectNode state() {
      return state(0);
    }

    /**
     * Returns the run's state as {@link #state()} does, but with only the ids seen first from
     * position {@code seenFrom} on in its {@code seen} list: an incremental checkpoint writes
     * the ids it has not written yet ({@link CheckpointedAggregation}); the full list is the
     * concatenation of the parts, in order.
     *
     * @param seenFrom the first entry of the seen list to write, from 0 to {@link #seenCount()}
     * @return a new JSON object, never null
     * @throws IllegalStateException if the run was not started by
     *     {@link SubscriptionUsageAggregator#startResumable()} or {@code restore}
     * @throws IndexOutOfBoundsException if seenFrom is negative or above {@link #seenCount()}
     */
    public com.fasterxml.jackson.databind.node.ObjectNode state(int seenFrom) {
      if (seen == null) {
        throw new IllegalStateException("only a run started by startResumable() or restore() has a state");
      }
      if (seenFrom < 0 || seenFrom > seen.size()) {
        throw new IndexOutOfBoundsException("seenFrom must be 0.." + seen.size() + ", got " + seenFrom);
      }
      return RunStateJson.write(this, seenFrom);
    }

    /**
     * Returns how many event ids this run has seen first (the length of the full {@code seen}
     * list of its state).
     *
     * @return the count, 0 for a run that does not keep them ({@link SubscriptionUsageAggregator#start()})
     */
    public int seenCount() {
      return seen == null ? 0 : seen.size();
    }

    /**
     * Returns the result so far (the run may go on taking events).
     *
     * @return the result, never null
     */
    public SubscriptionUsage result() {
      Map<UsageKey, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
      Map<UsageKey, Map<Map<String, String>, UsageBuckets>> b = new LinkedHashMap<>();
      accumulators.forEach((k, groups) -> {
        Map<Map<String, String>, BigDecimal> g = new LinkedHashMap<>();
        groups.entrySet().stream()
            .sorted(Comparator.comparing(e -> new TreeMap<>(e.getKey()).toString()))
            .forEach(e -> {
              g.put(e.getKey(), e.getValue().result());
              e.getValue().buckets().ifPresent(x -> b.computeIfAbsent(k, y -> new LinkedHashMap<>()).put(e.getKey(), x));
            });
        q.put(k, g);
      });
      List<ConflictingDuplicate> c = new ArrayList<>(conflicts);
      c.sort(Comparator.comparing(ConflictingDuplicate::event, EVENT_ORDER));
      List<LateEvent> l = new ArrayList<>(late);
      l.sort(Comparator.comparing(LateEvent::event, EVENT_ORDER));
      List<UnusableEvent> u = new ArrayList<>(unusable);
      u.sort(Comparator.comparing(UnusableEvent::event, EVENT_ORDER)
          .thenComparing(x -> x.meterCode() == null ? "" : x.meterCode()));
      List<UnclaimedUsage.Ambiguous> a = new ArrayList<>(ambiguous);
      a.sort(Comparator.comparing(UnclaimedUsage.Ambiguous::event, EVENT_ORDER));
      Map<UsageKey, Map<Map<String, String>, EventStatistics>> st = new LinkedHashMap<>();
      stats.forEach((k, groups) -> {
        Map<Map<String, String>, EventStatistics> g = new LinkedHashMap<>();
        groups.entrySet().stream()
            .sorted(Comparator.comparing(e -> new TreeMap<>(e.getKey()).toString()))
            .forEach(e -> g.put(e.getKey(), e.getValue().result()));
        st.put(k, g);
      });
      return new SubscriptionUsage(q, read, billed, duplicates, c, withoutMeter, l, u, unusableEvents,
          new UnclaimedUsage(unclaimedCounts, unclaimed, a, pausedCounts), st, b);
    }
  }
  /** The serial form of a run's state (docs/storage.md, "Durable metering"). */
  private static final class RunStateJson {
    private RunStateJson() {}

    static com.fasterxml.jackson.databind.node.ObjectNode write(Run run, int seenFrom) {
      com.fasterxml.jackson.databind.node.ObjectNode o = dev.billwright.json.Json.object();
      o.put("format", STATE_FORMAT);
      o.put("kind", "subscription_usage_run");
      com.fasterxml.jackson.databind.node.ObjectNode c = o.putObject("counters");
      c.put("read", run.read);
      c.put("billed", run.billed);
      c.put("duplicates", run.duplicates);
      c.put("without_meter", run.withoutMeter);
      c.put("unclaimed", run.unclaimed);
      c.put("unusable_events", run.unusableEvents);
      com.fasterxml.jackson.databind.node.ArrayNode accs = o.putArray("accumulators");
      // every key, even one whose groups are all empty (an event failed in a fresh window)
      run.accumulators.forEach((key, groups) -> {
        com.fasterxml.jackson.databind.node.ObjectNode k = accs.addObject();
        k.put("subscription", key.subscriptionId());
        k.put("charge", key.chargeCode());
        k.put("period", key.period().toString());
        com.fasterxml.jackson.databind.node.ArrayNode gs = k.putArray("groups");
        groups.forEach((group, acc) -> {
          com.fasterxml.jackson.databind.node.ObjectNode e = gs.addObject();
          com.fasterxml.jackson.databind.node.ObjectNode g = e.putObject("group");
          new TreeMap<>(group).forEach(g::put);
          e.set("state", dev.billwright.metering.AccumulatorJson.write(acc));
        });
      });
      com.fasterxml.jackson.databind.node.ArrayNode stats = o.putArray("statistics");
      run.stats.forEach((key, groups) -> groups.forEach((group, st) -> {
        com.fasterxml.jackson.databind.node.ObjectNode e = key(stats.addObject(), key, group);
        e.put("meter", st.meter);
        e.put("aggregation", st.aggregation);
        e.put("counted", st.counted);
        e.put("duplicates", st.duplicates);
        e.put("late", st.late);
        if (st.first != null) {
          e.put("first", st.first.toString());
          e.put("last", st.last.toString());
        }
      }));
      counts(o.putObject("unclaimed_counts"), run.unclaimedCounts);
      counts(o.putObject("paused_counts"), run.pausedCounts);
      com.fasterxml.jackson.databind.node.ArrayNode amb = o.putArray("ambiguous");
      for (UnclaimedUsage.Ambiguous a : run.ambiguous) {
        com.fasterxml.jackson.databind.node.ObjectNode e = amb.addObject();
        e.set("event", dev.billwright.metering.UsageEventJson.write(a.event()));
        a.candidates().forEach(e.putArray("candidates")::add);
      }
      com.fasterxml.jackson.databind.node.ArrayNode conf = o.putArray("conflicts");
      for (ConflictingDuplicate d : run.conflicts) {
        com.fasterxml.jackson.databind.node.ObjectNode e = conf.addObject();
        e.put("scope", d.scope());
        e.set("event", dev.billwright.metering.UsageEventJson.write(d.event()));
      }
      com.fasterxml.jackson.databind.node.ArrayNode lateNode = o.putArray("late");
      for (LateEvent l : run.late) {
        com.fasterxml.jackson.databind.node.ObjectNode e = lateNode.addObject();
        e.set("event", dev.billwright.metering.UsageEventJson.write(l.event()));
        e.put("period", l.period().toString());
        l.meterCodes().forEach(e.putArray("meters")::add);
      }
      com.fasterxml.jackson.databind.node.ArrayNode un = o.putArray("unusable");
      for (UnusableEvent u : run.unusable) {
        com.fasterxml.jackson.databind.node.ObjectNode e = un.addObject();
        e.set("event", dev.billwright.metering.UsageEventJson.write(u.event()));
        if (u.meterCode() != null) {
          e.put("meter", u.meterCode());
        }
        e.put("reason", u.reason());
      }
      com.fasterxml.jackson.databind.node.ArrayNode seenNode = o.putArray("seen");
      for (Seen x : run.seen.subList(seenFrom, run.seen.size())) {
        com.fasterxml.jackson.databind.node.ObjectNode e = seenNode.addObject();
        e.put("scope", x.scope());
        e.put("id", x.id());
        e.put("fingerprint", x.fingerprint());
      }
      return o;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode key(com.fasterxml.jackson.databind.node.ObjectNode e,
        UsageKey key, Map<String, String> group) {
      e.put("subscription", key.subscriptionId());
      e.put("charge", key.chargeCode());
      e.put("period", key.period().toString());
      com.fasterxml.jackson.databind.node.ObjectNode g = e.putObject("group");
      new TreeMap<>(group).forEach(g::put);
      return e;
    }

    private static void counts(com.fasterxml.jackson.databind.node.ObjectNode o, Map<String, Map<String, Long>> m) {
      m.forEach((k, per) -> {
        com.fasterxml.jackson.databind.node.ObjectNode x = o.putObject(k);
        per.forEach(x::put);
      });
    }

    static void read(Run run, dev.billwright.json.JsonObjectReader r) {
      com.fasterxml.jackson.databind.JsonNode f = r.node().get("format");
      if (f == null || !f.isInt() || f.intValue() != STATE_FORMAT) {
        throw BillingException.invalid(dev.billwright.error.ErrorCode.INVALID_VALUE, r.pathOf("format"), f,
            "format " + STATE_FORMAT + " (a metering state written by a Billwright version that uses another"
                + " format cannot be resumed by this one)");
      }
      r.markRead("format");
      String kind = r.text("kind");
      if (!kind.equals("subscription_usage_run")) {
        throw dev.billwright.json.JsonObjectReader.error(r.pathOf("kind"), kind, "subscription_usage_run");
      }
      dev.billwright.json.JsonObjectReader c = r.object("counters");
      run.read = count(c, "read");
      run.billed = count(c, "billed");
      run.duplicates = count(c, "duplicates");
      run.withoutMeter = count(c, "without_meter");
      run.unclaimed = count(c, "unclaimed");
      run.unusableEvents = count(c, "unusable_events");
      c.end();
      for (dev.billwright.json.JsonObjectReader k : r.objects("accumulators", x -> x)) {
        Map<Map<String, String>, Accumulator> groups = run.accumulators.computeIfAbsent(key(k),
            x -> new LinkedHashMap<>());
        for (dev.billwright.json.JsonObjectReader e : k.objects("groups", x -> x)) {
          Map<String, String> group = group(e);
          groups.put(group, dev.billwright.metering.AccumulatorJson.read(e.object("state")));
          e.end();
        }
        k.end();
      }
      for (dev.billwright.json.JsonObjectReader e : r.objects("statistics", x -> x)) {
        UsageKey key = key(e);
        Map<String, String> group = group(e);
        Stats st = new Stats(e.text("meter"), e.text("aggregation"));
        st.counted = count(e, "counted");
        st.duplicates = count(e, "duplicates");
        st.late = count(e, "late");
        if (e.has("first")) {
          st.first = instant(e, "first");
          st.last = instant(e, "last");
        }
        e.end();
        run.stats.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(group, st);
      }
      readCounts(r.object("unclaimed_counts"), run.unclaimedCounts);
      readCounts(r.object("paused_counts"), run.pausedCounts);
      for (dev.billwright.json.JsonObjectReader e : r.objects("ambiguous", x -> x)) {
        run.ambiguous.add(new UnclaimedUsage.Ambiguous(event(e), e.texts("candidates")));
        e.end();
      }
      for (dev.billwright.json.JsonObjectReader e : r.objects("conflicts", x -> x)) {
        run.conflicts.add(new ConflictingDuplicate(e.text("scope"), event(e)));
        e.end();
      }
      for (dev.billwright.json.JsonObjectReader e : r.objects("late", x -> x)) {
        run.late.add(new LateEvent(event(e), period(e, "period"), e.texts("meters")));
        e.end();
      }
      for (dev.billwright.json.JsonObjectReader e : r.objects("unusable", x -> x)) {
        run.unusable.add(new UnusableEvent(event(e), e.optionalText("meter").orElse(null), e.text("reason")));
        e.end();
      }
      for (dev.billwright.json.JsonObjectReader e : r.objects("seen", x -> x)) {
        String scope = e.text("scope");
        String id = e.text("id");
        long fp = e.optionalLong("fingerprint").orElseThrow(() -> dev.billwright.json.JsonObjectReader.error(
            e.pathOf("fingerprint"), null, "the event's 64-bit content fingerprint"));
        e.end();
        run.config.dedup.firstSeen(scope, id, fp);
        run.seen.add(new Seen(scope, id, fp));
      }
      r.end();
    }

    private static UsageEvent event(dev.billwright.json.JsonObjectReader e) {
      dev.billwright.json.JsonObjectReader ev = e.object("event");
      return dev.billwright.metering.UsageEventJson.read(ev);
    }

    private static void readCounts(dev.billwright.json.JsonObjectReader o, Map<String, Map<String, Long>> into) {
      java.util.Iterator<String> names = o.node().fieldNames();
      List<String> keys = new ArrayList<>();
      names.forEachRemaining(keys::add);
      for (String k : keys) {
        dev.billwright.json.JsonObjectReader per = o.object(k);
        List<String> meters = new ArrayList<>();
        per.node().fieldNames().forEachRemaining(meters::add);
        Map<String, Long> m = into.computeIfAbsent(k, x -> new TreeMap<>());
        for (String meter : meters) {
          m.put(meter, count(per, meter));
        }
        per.end();
      }
      o.end();
    }

    private static UsageKey key(dev.billwright.json.JsonObjectReader e) {
      return new UsageKey(e.text("subscription"), e.text("charge"), period(e, "period"));
    }

    private static Map<String, String> group(dev.billwright.json.JsonObjectReader e) {
      dev.billwright.json.JsonObjectReader g = e.object("group");
      List<String> names = new ArrayList<>();
      g.node().fieldNames().forEachRemaining(names::add);
      Map<String, String> out = new LinkedHashMap<>();
      for (String n : names) {
        out.put(n, g.text(n));
      }
      g.end();
      return out;
    }

    private static long count(dev.billwright.json.JsonObjectReader r, String field) {
      long n = r.optionalLong(field).orElseThrow(() -> dev.billwright.json.JsonObjectReader.error(r.pathOf(field),
          null, "a count"));
      if (n < 0) {
        throw dev.billwright.json.JsonObjectReader.error(r.pathOf(field), n, "a count of at least 0");
      }
      return n;
    }

    private static Instant instant(dev.billwright.json.JsonObjectReader r, String field) {
      String t = r.text(field);
      try {
        return Instant.parse(t);
      } catch (RuntimeException x) {
        throw dev.billwright.json.JsonObjectReader.error(r.pathOf(field), t, "an ISO-8601 instant");
      }
    }

    private static dev.billwright.time.BillingPeriod period(dev.billwright.json.JsonObjectReader r, String field) {
      String t = r.text(field);
      try {
        return dev.billwright.time.BillingPeriod.parse(t);
      } catch (RuntimeException x) {
        throw dev.billwright.json.JsonObjectReader.error(r.pathOf(field), t, "a period as BillingPeriod.toString");
      }
    }
  }
}
