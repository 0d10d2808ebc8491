package dev.billwright.benchmarks;

import dev.billwright.money.Allocation;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.money.Monetary;
import javax.money.MonetaryOperator;
import javax.money.RoundingQueryBuilder;
import org.javamoney.moneta.FastMoney;
import org.joda.money.BigMoney;
import org.joda.money.CurrencyUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Money arithmetic and allocation: Billwright's {@link Money}, {@link RoundingPolicy} and
 * {@link Allocation} against a hand-written {@link BigDecimal} baseline, JSR-354 Moneta
 * ({@code Money}, {@code FastMoney}) and Joda-Money ({@code BigMoney}, {@code Money}).
 *
 * <p>Naming convention (read by {@link ResultsTable}): a method named after the operation
 * ({@code plus}) measures Billwright; {@code plus_baseline} is the minimal BigDecimal code for
 * the same calculation, the floor Billwright's abstractions should approach; other suffixes name
 * a comparison library ({@code _moneta}, {@code _monetaFast}, {@code _jodaBig}, {@code _joda}).
 * Every variant of an operation computes the same numbers from the same inputs (checked by
 * {@code MoneyBenchmarkTest}); a library that cannot represent an operation's inputs is left
 * out of that operation rather than given a different one (Joda-Money's {@code Money} holds
 * only amounts at the currency's scale, so it has no exact {@code multiply}; neither Moneta
 * nor Joda-Money has an allocation).
 *
 * <p>The element-wise operations ({@code plus}, {@code multiply}, {@code round}) run over
 * {@value #BATCH} pre-built INR amounts per invocation and report the average time of one
 * element ({@link OperationsPerInvocation}); every result is consumed by a {@link Blackhole} or
 * returned, so nothing is dead code. Inputs come from a fixed seed, so every run measures the
 * same numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MoneyBenchmark {
  /** The number of elements per invocation of the element-wise benchmarks. */
  static final int BATCH = 64;

  /** The seed of the inputs: the same numbers in every run. */
  static final long SEED = 20_261_121L;

  private static final RoundingMode MODE = RoundingMode.HALF_UP;

  /** Creates the benchmark (JMH instantiates it). */
  public MoneyBenchmark() {}

  /**
   * The inputs of the element-wise benchmarks, one array per library, built once per trial
   * from the same decimals: amounts at scale 2 (INR 0.01 to INR 99 999.99), unit prices at scale
   * 4 (INR 0.0001 to INR 9.9999), whole quantities (1 to 100 000), and the exact line amounts
   * price × quantity (scale 4) that {@code round} rounds to paise, HALF_UP.
   */
  @State(Scope.Thread)
  public static class Amounts {
    /** Amounts at scale 2, as BigDecimal. */
    BigDecimal[] amounts;
    /** Unit prices at scale 4, as BigDecimal. */
    BigDecimal[] prices;
    /** Whole quantities, as BigDecimal. */
    BigDecimal[] quantities;
    /** Exact line amounts (price × quantity), scale 4, as BigDecimal. */
    BigDecimal[] lines;

    Money[] bwAmounts;
    Money[] bwPrices;
    Money[] bwLines;
    Money bwZero;
    RoundingPolicy bwPolicy;

    org.javamoney.moneta.Money[] monetaAmounts;
    org.javamoney.moneta.Money[] monetaPrices;
    org.javamoney.moneta.Money[] monetaLines;
    org.javamoney.moneta.Money monetaZero;
    FastMoney[] fastAmounts;
    FastMoney[] fastPrices;
    FastMoney[] fastLines;
    FastMoney fastZero;
    MonetaryOperator monetaRounding;

    BigMoney[] jodaBigAmounts;
    BigMoney[] jodaBigPrices;
    BigMoney[] jodaBigLines;
    BigMoney jodaBigZero;
    org.joda.money.Money[] jodaAmounts;
    org.joda.money.Money jodaZero;

    /** Creates the state (JMH instantiates it). */
    public Amounts() {}

    /** Builds every input array from the fixed seed; runs once per trial, outside timing. */
    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(SEED);
      amounts = new BigDecimal[BATCH];
      prices = new BigDecimal[BATCH];
      quantities = new BigDecimal[BATCH];
      lines = new BigDecimal[BATCH];
      for (int i = 0; i < BATCH; i++) {
        amounts[i] = BigDecimal.valueOf(random.nextLong(1, 10_000_000), 2);
        prices[i] = BigDecimal.valueOf(random.nextLong(1, 100_000), 4);
        quantities[i] = BigDecimal.valueOf(random.nextLong(1, 100_001));
        lines[i] = prices[i].multiply(quantities[i]);
      }

      Currency inr = Currency.getInstance("INR");
      bwAmounts = new Money[BATCH];
      bwPrices = new Money[BATCH];
      bwLines = new Money[BATCH];
      for (int i = 0; i < BATCH; i++) {
        bwAmounts[i] = Money.of(inr, amounts[i]);
        bwPrices[i] = Money.of(inr, prices[i]);
        bwLines[i] = Money.of(inr, lines[i]);
      }
      bwZero = Money.zero(inr);
      bwPolicy = RoundingPolicy.DEFAULT;

      javax.money.CurrencyUnit monetaInr = Monetary.getCurrency("INR");
      monetaAmounts = new org.javamoney.moneta.Money[BATCH];
      monetaPrices = new org.javamoney.moneta.Money[BATCH];
      monetaLines = new org.javamoney.moneta.Money[BATCH];
      fastAmounts = new FastMoney[BATCH];
      fastPrices = new FastMoney[BATCH];
      fastLines = new FastMoney[BATCH];
      for (int i = 0; i < BATCH; i++) {
        monetaAmounts[i] = org.javamoney.moneta.Money.of(amounts[i], monetaInr);
        monetaPrices[i] = org.javamoney.moneta.Money.of(prices[i], monetaInr);
        monetaLines[i] = org.javamoney.moneta.Money.of(lines[i], monetaInr);
        fastAmounts[i] = FastMoney.of(amounts[i], monetaInr);
        fastPrices[i] = FastMoney.of(prices[i], monetaInr);
        fastLines[i] = FastMoney.of(lines[i], monetaInr);
      }
      monetaZero = org.javamoney.moneta.Money.zero(monetaInr);
      fastZero = FastMoney.zero(monetaInr);
      // JSR-354's rounding query (scale 2 with the same RoundingMode MODE), the comparison
      // library's own API: not a BigDecimal.setScale, and not Billwright's rounding.
      monetaRounding = Monetary.getRounding(
          RoundingQueryBuilder.of().setScale(2).set(MODE).build());

      CurrencyUnit jodaInr = CurrencyUnit.of("INR");
      jodaBigAmounts = new BigMoney[BATCH];
      jodaBigPrices = new BigMoney[BATCH];
      jodaBigLines = new BigMoney[BATCH];
      jodaAmounts = new org.joda.money.Money[BATCH];
      for (int i = 0; i < BATCH; i++) {
        jodaBigAmounts[i] = BigMoney.of(jodaInr, amounts[i]);
        jodaBigPrices[i] = BigMoney.of(jodaInr, prices[i]);
        jodaBigLines[i] = BigMoney.of(jodaInr, lines[i]);
        jodaAmounts[i] = org.joda.money.Money.of(jodaInr, amounts[i]);
      }
      jodaBigZero = BigMoney.zero(jodaInr);
      jodaZero = org.joda.money.Money.zero(jodaInr);
    }
  }

  /**
   * The inputs of the allocation benchmarks: {@code INR 1000.00} over three equal weights (a
   * split with a leftover paisa), or {@code INR 12000.00} over the twelve month lengths of a
   * common year (an annual fee spread by days).
   */
  @State(Scope.Thread)
  public static class Split {
    /** The number of weights: 3 or 12. */
    @Param({"3", "12"})
    public int parts;

    Money bwTotal;
    List<BigDecimal> bwWeights;
    BigDecimal total;
    BigDecimal[] weights;

    /** Creates the state (JMH instantiates it). */
    public Split() {}

    /**
     * Builds the total and the weights for {@link #parts}.
     *
     * @throws IllegalStateException if parts is neither 3 nor 12
     */
    @Setup
    public void setUp() {
      long[] w;
      if (parts == 3) {
        total = new BigDecimal("1000.00");
        w = new long[] {1, 1, 1};
      } else if (parts == 12) {
        total = new BigDecimal("12000.00");
        w = new long[] {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      } else {
        throw new IllegalStateException("parts must be 3 or 12, was " + parts);
      }
      weights = new BigDecimal[w.length];
      List<BigDecimal> list = new ArrayList<>(w.length);
      for (int i = 0; i < w.length; i++) {
        weights[i] = BigDecimal.valueOf(w[i]);
        list.add(weights[i]);
      }
      bwWeights = List.copyOf(list);
      bwTotal = Money.of(Currency.getInstance("INR"), total);
    }
  }

  // ---------------------------------------------------------------- plus: sum 64 amounts

  /**
   * Billwright: sums the amounts with {@link Money#plus}.
   *
   * @param in the inputs
   * @return the sum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Money plus(Amounts in) {
    Money sum = in.bwZero;
    for (Money m : in.bwAmounts) {
      sum = sum.plus(m);
    }
    return sum;
  }

  /**
   * Baseline: sums the amounts with {@link BigDecimal#add}.
   *
   * @param in the inputs
   * @return the sum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BigDecimal plus_baseline(Amounts in) {
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal m : in.amounts) {
      sum = sum.add(m);
    }
    return sum;
  }

  /**
   * Moneta {@code Money}: sums the amounts with {@code add}.
   *
   * @param in the inputs
   * @return the sum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public org.javamoney.moneta.Money plus_moneta(Amounts in) {
    org.javamoney.moneta.Money sum = in.monetaZero;
    for (org.javamoney.moneta.Money m : in.monetaAmounts) {
      sum = sum.add(m);
    }
    return sum;
  }

  /**
   * Moneta {@code FastMoney} (long, 5 decimals): sums the amounts with {@code add}.
   *
   * @param in the inputs
   * @return the sum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public FastMoney plus_monetaFast(Amounts in) {
    FastMoney sum = in.fastZero;
    for (FastMoney m : in.fastAmounts) {
      sum = sum.add(m);
    }
    return sum;
  }

  /**
   * Joda-Money {@code BigMoney}: sums the amounts with {@code plus}.
   *
   * @param in the inputs
   * @return the sum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BigMoney plus_jodaBig(Amounts in) {
    BigMoney sum = in.jodaBigZero;
    for (BigMoney m : in.jodaBigAmounts) {
      sum = sum.plus(m);
    }
    return sum;
  }

  /**
   * Joda-Money {@code Money} (currency scale): sums the amounts with {@code plus}.
   *
   * @param in the inputs
   * @return the sum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public org.joda.money.Money plus_joda(Amounts in) {
    org.joda.money.Money sum = in.jodaZero;
    for (org.joda.money.Money m : in.jodaAmounts) {
      sum = sum.plus(m);
    }
    return sum;
  }

  // ------------------------------------------ multiply: exact unit price × quantity, 64 lines

  /**
   * Billwright: exact unit price × quantity with {@link Money#multipliedBy}.
   *
   * @param in the inputs
   * @param bh consumes each product
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void multiply(Amounts in, Blackhole bh) {
    Money[] prices = in.bwPrices;
    BigDecimal[] quantities = in.quantities;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(prices[i].multipliedBy(quantities[i]));
    }
  }

  /**
   * Baseline: exact unit price × quantity with {@link BigDecimal#multiply(BigDecimal)}.
   *
   * @param in the inputs
   * @param bh consumes each product
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void multiply_baseline(Amounts in, Blackhole bh) {
    BigDecimal[] prices = in.prices;
    BigDecimal[] quantities = in.quantities;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(prices[i].multiply(quantities[i]));
    }
  }

  /**
   * Moneta {@code Money}: unit price × quantity with {@code multiply} (exact for these inputs:
   * the products have at most 11 significant digits, well within the MathContext Moneta
   * computes with, precision 256 by moneta-core's own configuration).
   *
   * @param in the inputs
   * @param bh consumes each product
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void multiply_moneta(Amounts in, Blackhole bh) {
    org.javamoney.moneta.Money[] prices = in.monetaPrices;
    BigDecimal[] quantities = in.quantities;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(prices[i].multiply(quantities[i]));
    }
  }

  /**
   * Moneta {@code FastMoney}: unit price × quantity with {@code multiply} (exact: the products
   * have 4 decimals, within FastMoney's 5).
   *
   * @param in the inputs
   * @param bh consumes each product
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void multiply_monetaFast(Amounts in, Blackhole bh) {
    FastMoney[] prices = in.fastPrices;
    BigDecimal[] quantities = in.quantities;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(prices[i].multiply(quantities[i]));
    }
  }

  /**
   * Joda-Money {@code BigMoney}: exact unit price × quantity with {@code multipliedBy}.
   *
   * @param in the inputs
   * @param bh consumes each product
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void multiply_jodaBig(Amounts in, Blackhole bh) {
    BigMoney[] prices = in.jodaBigPrices;
    BigDecimal[] quantities = in.quantities;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(prices[i].multipliedBy(quantities[i]));
    }
  }

  // ------------------------------------- round: exact line amount to paise, HALF_UP, 64 lines

  /**
   * Billwright: rounds each exact line amount with {@link RoundingPolicy#DEFAULT} (currency
   * minor units, HALF_UP).
   *
   * @param in the inputs
   * @param bh consumes each rounded amount
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void round(Amounts in, Blackhole bh) {
    Money[] lines = in.bwLines;
    RoundingPolicy policy = in.bwPolicy;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(policy.round(lines[i]));
    }
  }

  /**
   * Baseline: rounds each exact line amount to scale 2, HALF_UP, with a bare
   * {@code BigDecimal.setScale}: the floor, and exactly what {@link RoundingPolicy} exists to
   * keep out of library code.
   *
   * @param in the inputs
   * @param bh consumes each rounded amount
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void round_baseline(Amounts in, Blackhole bh) {
    BigDecimal[] lines = in.lines;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(lines[i].setScale(2, MODE));
    }
  }

  /**
   * Moneta {@code Money}: rounds each exact line amount with a scale-2 HALF_UP
   * {@code MonetaryRounding} from {@code Monetary.getRounding}.
   *
   * @param in the inputs
   * @param bh consumes each rounded amount
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void round_moneta(Amounts in, Blackhole bh) {
    org.javamoney.moneta.Money[] lines = in.monetaLines;
    MonetaryOperator rounding = in.monetaRounding;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(lines[i].with(rounding));
    }
  }

  /**
   * Moneta {@code FastMoney}: rounds each exact line amount with the same rounding as
   * {@link #round_moneta}.
   *
   * @param in the inputs
   * @param bh consumes each rounded amount
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void round_monetaFast(Amounts in, Blackhole bh) {
    FastMoney[] lines = in.fastLines;
    MonetaryOperator rounding = in.monetaRounding;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(lines[i].with(rounding));
    }
  }

  /**
   * Joda-Money {@code BigMoney}: rounds each exact line amount with
   * {@code withCurrencyScale(HALF_UP)}.
   *
   * @param in the inputs
   * @param bh consumes each rounded amount
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void round_jodaBig(Amounts in, Blackhole bh) {
    BigMoney[] lines = in.jodaBigLines;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(lines[i].withCurrencyScale(MODE));
    }
  }

  /**
   * Joda-Money {@code Money}: turns each exact line amount ({@code BigMoney}) into a
   * currency-scale {@code Money} with {@code toMoney(HALF_UP)}.
   *
   * @param in the inputs
   * @param bh consumes each rounded amount
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void round_joda(Amounts in, Blackhole bh) {
    BigMoney[] lines = in.jodaBigLines;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(lines[i].toMoney(MODE));
    }
  }

  // ----------------------------------------------- allocate: largest remainder over weights

  /**
   * Billwright: splits the total over the weights with {@link Allocation#allocate} (largest
   * remainder, ties to the earlier weight), validation included.
   *
   * @param in the total and weights
   * @return the parts
   */
  @Benchmark
  public List<Money> allocate(Split in) {
    return Allocation.allocate(in.bwTotal, in.bwWeights, RoundingPolicy.DEFAULT);
  }

  /**
   * Baseline: the same largest-remainder split written directly on BigDecimal and long, for
   * a non-negative total at scale 2 and valid weights, without validation.
   *
   * @param in the total and weights
   * @return the parts, at scale 2
   */
  @Benchmark
  public BigDecimal[] allocate_baseline(Split in) {
    return allocateBaseline(in.total, in.weights);
  }

  /**
   * Splits a non-negative amount at scale 2 over non-negative weights, not all zero, by the
   * largest-remainder method with ties to the earlier weight: the minimal hand-written form of
   * {@link Allocation#allocate} for that case.
   *
   * @param total the amount, at scale 2, not negative
   * @param weights the weights, each at least 0, not all 0
   * @return one part per weight, at scale 2, summing to total
   */
  static BigDecimal[] allocateBaseline(BigDecimal total, BigDecimal[] weights) {
    int n = weights.length;
    BigDecimal weightSum = BigDecimal.ZERO;
    for (BigDecimal w : weights) {
      weightSum = weightSum.add(w);
    }
    BigInteger unscaled = total.unscaledValue();
    BigDecimal units = new BigDecimal(unscaled);
    long[] parts = new long[n];
    BigDecimal[] remainders = new BigDecimal[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      BigDecimal[] qr = units.multiply(weights[i]).divideAndRemainder(weightSum);
      parts[i] = qr[0].longValueExact();
      remainders[i] = qr[1];
      given += parts[i];
    }
    long leftover = unscaled.longValueExact() - given;
    for (long k = 0; k < leftover; k++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (remainders[i] != null && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
          best = i;
        }
      }
      parts[best]++;
      remainders[best] = null;
    }
    BigDecimal[] result = new BigDecimal[n];
    for (int i = 0; i < n; i++) {
      result[i] = BigDecimal.valueOf(parts[i], 2);
    }
    return result;
  }
}
