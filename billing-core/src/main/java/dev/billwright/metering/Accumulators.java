package dev.billwright.metering;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Decimals;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationBasis;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ProrationFraction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import dev.billwright.pricing.UsageBuckets;
import dev.billwright.time.TimeBucket;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Set;

/** The accumulator implementations, one per {@link Aggregation}. */
final class Accumulators {
  private Accumulators() {}

  static Accumulator create(Meter meter, BillingPeriod period, BigDecimal carryIn) {
    Objects.requireNonNull(meter, "meter");
    Objects.requireNonNull(period, "period");
    Decimals.checkBounds(carryIn, "carry_in");
    if (meter.bucket().isPresent()) {
      return new Bucketed(meter, period);
    }
    return plain(meter, period, carryIn);
  }

  private static Accumulator plain(Meter meter, BillingPeriod period, BigDecimal carryIn) {
    String property = meter.valueProperty().orElse(null);
    switch (meter.aggregation()) {
      case COUNT:
        return new Count();
      case SUM:
        return new Sum(meter.code(), property);
      case MIN:
        return new Extreme(meter.code(), property, false);
      case MAX:
        return new Extreme(meter.code(), property, true);
      case AVG:
        return new Avg(meter.code(), property);
      case LATEST:
        return new Latest(meter.code(), property);
      case UNIQUE_COUNT:
        return new UniqueCount(meter.code(), property);
      case WEIGHTED_SUM:
        return new WeightedSum(meter.code(), property, period, carryIn, meter.normalize().orElse(null));
      default:
        throw new IllegalStateException(meter.aggregation().toString());
    }
  }

  static BigDecimal canonical(BigDecimal v) {
    return Decimals.canonical(v, 0);
  }

  static String text(UsageEvent event, String meter, String property) {
    String v = event.property(property);
    if (v == null) {
      throw BillingException.invalid(ErrorCode.INVALID_EVENT,
          "event " + event.id() + ", meter " + meter + ": properties." + property, null,
          "the meter's value property to be present");
    }
    return v;
  }

  static BigDecimal decimal(UsageEvent event, String meter, String property) {
    String v = text(event, meter, property);
    try {
      return isPlainDecimal(v) ? Decimals.checkBounds(new BigDecimal(v), property) : Decimals.parse(v, property);
    } catch (BillingException e) {
      throw BillingException.invalid(ErrorCode.INVALID_EVENT,
          "event " + event.id() + ", meter " + meter + ": properties." + property, v,
          "a plain decimal such as \"12.50\" within bounds (" + e.getMessage() + ")");
    }
  }

  /**
   * The common case of {@link Decimals#parse} without a regex: an optional sign, digits, and an
   * optional fraction, no spaces, short enough to be within bounds; anything else goes through
   * {@code Decimals.parse}, which accepts or rejects it with the standard message.
   */
  static boolean isPlainDecimal(String s) {
    int n = s.length();
    if (n == 0 || n > Decimals.MAX_INTEGER_DIGITS) {
      return false;
    }
    int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (s.charAt(i) != '.') {
      return false;
    }
    i++;
    int fraction = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      fraction++;
    }
    return fraction > 0 && i == n;
  }

  static BillingException mismatch(Accumulator self, Accumulator other) {
    return BillingException.invalid(ErrorCode.INVALID_VALUE, "other", other,
        "an accumulator for the same meter, period and carry-in as " + self);
  }

  /** count. */
  static final class Count implements Accumulator {
    long count;

    @Override
    public void add(UsageEvent event) {
      Objects.requireNonNull(event, "event");
      count++;
    }

    @Override
    public void merge(Accumulator other) {
      if (!(other instanceof Count)) {
        throw mismatch(this, other);
      }
      count += ((Count) other).count;
    }

    @Override
    public BigDecimal result() {
      return BigDecimal.valueOf(count);
    }

    @Override
    public long eventCount() {
      return count;
    }

    @Override
    public Accumulator copy() {
      Count c = new Count();
      c.count = count;
      return c;
    }

    @Override
    public String toString() {
      return "count(" + count + ")";
    }
  }

  /** Base of accumulators that read a value property. */
  abstract static class Valued implements Accumulator {
    final String meter;
    final String property;
    long count;

    Valued(String meter, String property) {
      this.meter = meter;
      this.property = property;
    }

    @Override
    public long eventCount() {
      return count;
    }

    boolean compatible(Accumulator other) {
      return other != null && other.getClass() == getClass() && property.equals(((Valued) other).property);
    }
  }

  /**
   * sum. A value written with at most {@value #SHORT} characters (at most 18 digits) is parsed
   * straight into a {@code long} and added to a running {@code long} sum at the largest scale
   * seen ({@link #small}, {@link #smallScale}); the sum moves into the {@code BigDecimal}
   * {@link #sum} when it would overflow. Exact either way: {@link #total()} is the same number,
   * at the same scale, as adding every value as a {@code BigDecimal}.
   */
  static class Sum extends Valued {
    /** The longest value text parsed as a {@code long}: 18 digits, or 17 and a sign or point. */
    static final int SHORT = 18;
    /** 10^0 .. 10^18. */
    private static final long[] POW10 = new long[19];

    static {
      POW10[0] = 1;
      for (int i = 1; i < POW10.length; i++) {
        POW10[i] = POW10[i - 1] * 10;
      }
    }

    /** The values that did not go into {@link #small}, and the overflows of it. */
    BigDecimal sum = BigDecimal.ZERO;
    /** The running sum of short values, unscaled at {@link #smallScale}. */
    long small;
    int smallScale;
    /** The last short value parsed by {@link #parseShort}, unscaled, and its scale. */
    private long parsedUnscaled;
    private int parsedScale;

    Sum(String meter, String property) {
      super(meter, property);
    }

    @Override
    public void add(UsageEvent event) {
      String text = text(event, meter, property);
      if (parseShort(text)) {
        addShort(parsedUnscaled, parsedScale);
      } else {
        sum = sum.add(decimal(event, meter, property));
      }
      count++;
    }

    /**
     * Parses a value of at most {@value #SHORT} characters in exactly the form
     * {@link #isPlainDecimal} accepts (such a value is within {@link Decimals}' bounds) into
     * {@link #parsedUnscaled} and {@link #parsedScale}; false for anything else, which the
     * general path then parses or rejects with the standard message.
     */
    private boolean parseShort(String s) {
      int n = s.length();
      if (n == 0 || n > SHORT) {
        return false;
      }
      int i = 0;
      char first = s.charAt(0);
      boolean negative = first == '-';
      if (negative || first == '+') {
        i = 1;
      }
      long u = 0;
      int integerDigits = 0;
      int scale = 0;
      boolean point = false;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
          u = u * 10 + (c - '0');
          if (point) {
            scale++;
          } else {
            integerDigits++;
          }
        } else if (c == '.' && !point && integerDigits > 0) {
          point = true;
        } else {
          return false;
        }
      }
      if (integerDigits == 0 || point && scale == 0) {
        return false;
      }
      parsedUnscaled = negative ? -u : u;
      parsedScale = scale;
      return true;
    }

    /** Adds unscaled × 10^-scale to {@link #small}, moving it into {@link #sum} on overflow. */
    private void addShort(long unscaled, int scale) {
      try {
        long a = small;
        long b = unscaled;
        int target = smallScale;
        if (scale > target) {
          a = Math.multiplyExact(a, POW10[scale - target]);
          target = scale;
        } else if (scale < target) {
          b = Math.multiplyExact(b, POW10[target - scale]);
        }
        small = Math.addExact(a, b);
        smallScale = target;
      } catch (ArithmeticException overflow) {
        sum = sum.add(BigDecimal.valueOf(small, smallScale));
        small = unscaled;
        smallScale = scale;
      }
    }

    /**
     * The exact sum of every value added or merged, at the largest scale among them.
     *
     * @return the sum
     */
    BigDecimal total() {
      return sum.add(BigDecimal.valueOf(small, smallScale));
    }

    @Override
    public void merge(Accumulator other) {
      if (!compatible(other)) {
        throw mismatch(this, other);
      }
      Sum o = (Sum) other;
      sum = sum.add(o.total());
      count += o.count;
    }

    @Override
    public BigDecimal result() {
      return canonical(total());
    }

    @Override
    public Accumulator copy() {
      Sum c = newEmpty();
      c.sum = sum;
      c.small = small;
      c.smallScale = smallScale;
      c.count = count;
      return c;
    }

    /** An empty accumulator of the same kind (overridden by {@link Avg}). */
    Sum newEmpty() {
      return new Sum(meter, property);
    }

    @Override
    public String toString() {
      return "sum(" + property + ": " + total() + " over " + count + ")";
    }
  }

  /** min or max. */
  static final class Extreme extends Valued {
    final boolean max;
    BigDecimal best;

    Extreme(String meter, String property, boolean max) {
      super(meter, property);
      this.max = max;
    }

    @Override
    public void add(UsageEvent event) {
      offer(decimal(event, meter, property));
      count++;
    }

    private void offer(BigDecimal v) {
      if (v == null) {
        return;
      }
      if (best == null) {
        best = v;
        return;
      }
      int c = v.compareTo(best);
      if (max ? c > 0 : c < 0) {
        best = v;
      }
    }

    @Override
    public void merge(Accumulator other) {
      if (!compatible(other) || ((Extreme) other).max != max) {
        throw mismatch(this, other);
      }
      Extreme o = (Extreme) other;
      offer(o.best);
      count += o.count;
    }

    @Override
    public BigDecimal result() {
      return best == null ? BigDecimal.ZERO : canonical(best);
    }

    @Override
    public Accumulator copy() {
      Extreme c = new Extreme(meter, property, max);
      c.best = best;
      c.count = count;
      return c;
    }

    @Override
    public String toString() {
      return (max ? "max(" : "min(") + property + ": " + best + " over " + count + ")";
    }
  }

  /** avg: the exact sum and count of {@link Sum}, divided once at result(). */
  static final class Avg extends Sum {
    Avg(String meter, String property) {
      super(meter, property);
    }

    @Override
    public BigDecimal result() {
      return count == 0 ? BigDecimal.ZERO : canonical(total().divide(BigDecimal.valueOf(count), MathContext.DECIMAL128));
    }

    @Override
    Sum newEmpty() {
      return new Avg(meter, property);
    }

    @Override
    public String toString() {
      return "avg(" + property + ": " + total() + " / " + count + ")";
    }
  }

  /** latest by (timestamp, id, value). */
  static final class Latest extends Valued {
    Instant timestamp;
    String id;
    BigDecimal value;

    Latest(String meter, String property) {
      super(meter, property);
    }

    @Override
    public void add(UsageEvent event) {
      offer(event.timestamp(), event.id(), decimal(event, meter, property));
      count++;
    }

    private void offer(Instant t, String i, BigDecimal v) {
      if (t == null) {
        return;
      }
      if (timestamp != null) {
        int c = t.compareTo(timestamp);
        if (c == 0) {
          c = i.compareTo(id);
        }
        if (c == 0) {
          c = v.compareTo(value);
        }
        if (c <= 0) {
          return;
        }
      }
      timestamp = t;
      id = i;
      value = v;
    }

    @Override
    public void merge(Accumulator other) {
      if (!compatible(other)) {
        throw mismatch(this, other);
      }
      Latest o = (Latest) other;
      offer(o.timestamp, o.id, o.value);
      count += o.count;
    }

    @Override
    public BigDecimal result() {
      return value == null ? BigDecimal.ZERO : canonical(value);
    }

    @Override
    public Accumulator copy() {
      Latest c = new Latest(meter, property);
      c.timestamp = timestamp;
      c.id = id;
      c.value = value;
      c.count = count;
      return c;
    }

    @Override
    public String toString() {
      return "latest(" + property + ": " + value + " at " + timestamp + " id " + id + ")";
    }
  }

  /** unique_count: the set of distinct values as written. */
  static final class UniqueCount extends Valued {
    final Set<String> values = new HashSet<>();

    UniqueCount(String meter, String property) {
      super(meter, property);
    }

    @Override
    public void add(UsageEvent event) {
      values.add(text(event, meter, property));
      count++;
    }

    @Override
    public void merge(Accumulator other) {
      if (!compatible(other)) {
        throw mismatch(this, other);
      }
      UniqueCount o = (UniqueCount) other;
      values.addAll(o.values);
      count += o.count;
    }

    @Override
    public BigDecimal result() {
      return BigDecimal.valueOf(values.size());
    }

    @Override
    public Accumulator copy() {
      UniqueCount c = new UniqueCount(meter, property);
      c.values.addAll(values);
      c.count = count;
      return c;
    }

    @Override
    public String toString() {
      return "unique_count(" + property + ": " + values.size() + " over " + count + ")";
    }
  }

  /**
   * weighted_sum: carryIn × period seconds + Σ value × seconds from the event to the period end
   * (the integral of the running level, which is additive over events).
   */
  static final class WeightedSum extends Valued {
    final BillingPeriod period;
    final BigDecimal carryIn;
    final WeightedSumNormalization normalize;
    BigDecimal weighted = BigDecimal.ZERO;

    WeightedSum(String meter, String property, BillingPeriod period, BigDecimal carryIn,
        WeightedSumNormalization normalize) {
      super(meter, property);
      this.period = period;
      this.carryIn = carryIn;
      this.normalize = normalize;
    }

    @Override
    public void add(UsageEvent event) {
      if (!period.contains(event.timestamp())) {
        throw BillingException.invalid(ErrorCode.INVALID_EVENT, "event " + event.id() + ", meter " + meter + ": timestamp",
            event.timestamp(), "an instant in the period " + period);
      }
      BigDecimal v = decimal(event, meter, property);
      weighted = weighted.add(v.multiply(seconds(event.timestamp(), period.end())));
      count++;
    }

    static BigDecimal seconds(Instant from, Instant to) {
      long s = to.getEpochSecond() - from.getEpochSecond();
      int n = to.getNano() - from.getNano();
      return BigDecimal.valueOf(s).add(BigDecimal.valueOf(n, 9));
    }

    @Override
    public void merge(Accumulator other) {
      if (!compatible(other) || !((WeightedSum) other).period.equals(period)
          || ((WeightedSum) other).carryIn.compareTo(carryIn) != 0
          || !Objects.equals(((WeightedSum) other).normalize, normalize)) {
        throw mismatch(this, other);
      }
      WeightedSum o = (WeightedSum) other;
      weighted = weighted.add(o.weighted);
      count += o.count;
    }

    @Override
    public BigDecimal result() {
      BigDecimal periodSeconds = seconds(period.start(), period.end());
      BigDecimal integral = canonical(carryIn.multiply(periodSeconds).add(weighted));
      return normalize == null ? integral : normalize.apply(integral, periodSeconds);
    }

    @Override
    public Accumulator copy() {
      WeightedSum c = new WeightedSum(meter, property, period, carryIn, normalize);
      c.weighted = weighted;
      c.count = count;
      return c;
    }

    @Override
    public String toString() {
      return "weighted_sum(" + property + ": " + weighted + " + carry-in " + carryIn + " over " + period + ")";
    }
  }

  /**
   * Prorated sum (Lago's prorated charges on a recurring {@code sum} metric): each event's value
   * is weighted by the share of the full period from the event to the window's end, by the
   * plan's proration basis ({@link ProrationCalculator#fraction}); with {@link
   * ProrationBasis#DAYS} that is {@code (days from the event's date to the window's end) / (days
   * of the full period)}, the event's own day counted, as Lago's {@code duration_ratio}. The sum is
   * kept as an exact fraction and rounded once, in {@link #result()}, up to
   * {@value #PRORATED_SCALE} decimals (Lago's {@code ceil(5)} in its prorated sum aggregation).
   */
  static final class ProratedSum extends Valued {
    /** The decimals a prorated quantity is rounded up to (Lago rounds prorated aggregates up to 5). */
    static final int PRORATED_SCALE = 5;
    final BillingPeriod window;
    final BillingPeriod full;
    final ProrationBasis basis;
    BigDecimal numerator = BigDecimal.ZERO;
    BigInteger denominator = BigInteger.ONE;

    ProratedSum(String meter, String property, BillingPeriod window, BillingPeriod full, ProrationBasis basis) {
      super(meter, property);
      this.window = Objects.requireNonNull(window, "window");
      this.full = Objects.requireNonNull(full, "full");
      this.basis = Objects.requireNonNull(basis, "basis");
    }

    @Override
    public void add(UsageEvent event) {
      if (!window.contains(event.timestamp())) {
        throw BillingException.invalid(ErrorCode.INVALID_EVENT, "event " + event.id() + ", meter " + meter + ": timestamp",
            event.timestamp(), "an instant in the period " + window);
      }
      BigDecimal v = decimal(event, meter, property);
      ProrationFraction f = ProrationCalculator.DEFAULT.fraction(
          BillingPeriod.of(event.timestamp(), window.end(), window.zone()), full, basis);
      plus(v.multiply(new BigDecimal(f.numerator())), f.denominator());
      count++;
    }

    private void plus(BigDecimal n, BigInteger d) {
      BigInteger lcm = denominator.divide(denominator.gcd(d)).multiply(d);
      numerator = numerator.multiply(new BigDecimal(lcm.divide(denominator))).add(n.multiply(new BigDecimal(lcm.divide(d))));
      denominator = lcm;
    }

    @Override
    public void merge(Accumulator other) {
      if (!compatible(other) || !((ProratedSum) other).window.equals(window) || !((ProratedSum) other).full.equals(full)
          || ((ProratedSum) other).basis != basis) {
        throw mismatch(this, other);
      }
      ProratedSum o = (ProratedSum) other;
      plus(o.numerator, o.denominator);
      count += o.count;
    }

    @Override
    public BigDecimal result() {
      return canonical(numerator.divide(new BigDecimal(denominator), PRORATED_SCALE, java.math.RoundingMode.CEILING));
    }

    @Override
    public Accumulator copy() {
      ProratedSum c = new ProratedSum(meter, property, window, full, basis);
      c.numerator = numerator;
      c.denominator = denominator;
      c.count = count;
      return c;
    }

    @Override
    public String toString() {
      return "prorated_sum(" + property + ": " + numerator + "/" + denominator + " over " + window + " of " + full
          + ", " + basis.jsonName() + ")";
    }
  }

  /**
   * A meter with a {@code bucket}: one plain accumulator per bucket of the period (aligned to
   * the period start in its zone), created on the bucket's first event. The result is the sum of
   * the bucket results; merging merges bucket by bucket, so it stays associative and commutative
   * because each bucket's accumulator is.
   */
  static final class Bucketed implements Accumulator {
    final Meter meter;
    final Meter unbucketed;
    final BillingPeriod period;
    final TimeBucket bucket;
    final TreeMap<Instant, Accumulator> buckets = new TreeMap<>();

    Bucketed(Meter meter, BillingPeriod period) {
      this.meter = meter;
      this.unbucketed = meter.withBucket(null);
      this.period = period;
      this.bucket = meter.bucket().orElseThrow();
    }

    @Override
    public void add(UsageEvent event) {
      if (!period.contains(event.timestamp())) {
        throw BillingException.invalid(ErrorCode.INVALID_EVENT, "event " + event.id() + ", meter " + meter.code()
            + ": timestamp", event.timestamp(), "an instant in the period " + period + " (the meter has bucket "
            + bucket + ")");
      }
      Instant start = bucket.bucketStart(period, event.timestamp());
      Accumulator acc = buckets.get(start);
      if (acc == null) {
        acc = plain(unbucketed, bucket.bucketAt(period, start), BigDecimal.ZERO);
        acc.add(event);
        buckets.put(start, acc);
      } else {
        acc.add(event);
      }
    }

    @Override
    public void merge(Accumulator other) {
      if (!(other instanceof Bucketed) || !((Bucketed) other).meter.equals(meter)
          || !((Bucketed) other).period.equals(period)) {
        throw mismatch(this, other);
      }
      Bucketed o = (Bucketed) other;
      // check every bucket fits before changing any (nothing half-merged)
      for (Map.Entry<Instant, Accumulator> e : o.buckets.entrySet()) {
        Accumulator mine = buckets.get(e.getKey());
        if (mine != null) {
          mine.copy().merge(e.getValue());
        }
      }
      for (Map.Entry<Instant, Accumulator> e : o.buckets.entrySet()) {
        Accumulator mine = buckets.get(e.getKey());
        if (mine == null) {
          buckets.put(e.getKey(), e.getValue().copy());
        } else {
          mine.merge(e.getValue());
        }
      }
    }

    @Override
    public BigDecimal result() {
      BigDecimal sum = BigDecimal.ZERO;
      for (Accumulator a : buckets.values()) {
        sum = sum.add(a.result());
      }
      return canonical(sum);
    }

    @Override
    public long eventCount() {
      long n = 0;
      for (Accumulator a : buckets.values()) {
        n += a.eventCount();
      }
      return n;
    }

    @Override
    public Accumulator copy() {
      Bucketed c = new Bucketed(meter, period);
      buckets.forEach((k, v) -> c.buckets.put(k, v.copy()));
      return c;
    }

    @Override
    public Optional<UsageBuckets> buckets() {
      Map<Instant, BigDecimal> values = new TreeMap<>();
      buckets.forEach((k, v) -> values.put(k, v.result()));
      return Optional.of(new UsageBuckets(period, bucket, values));
    }

    @Override
    public String toString() {
      return "bucketed(" + bucket + ": " + buckets + ")";
    }
  }
}
