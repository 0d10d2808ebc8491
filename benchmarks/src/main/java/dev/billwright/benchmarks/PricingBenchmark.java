package dev.billwright.benchmarks;

import dev.billwright.pricing.GraduatedPrice;
import dev.billwright.pricing.MatrixCell;
import dev.billwright.pricing.MatrixPrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.pricing.PercentagePrice;
import dev.billwright.pricing.PriceCalculator;
import dev.billwright.pricing.PricedEvent;
import dev.billwright.pricing.PricingInput;
import dev.billwright.pricing.RatedAmount;
import dev.billwright.pricing.Tier;
import dev.billwright.pricing.TierExplanation;
import dev.billwright.pricing.VolumePrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Price models: {@link PriceCalculator#DEFAULT} applying a graduated and a volume price with 4 and
 * 20 tiers, a matrix price with 50 cells and a percentage price over 1 000 events, each against a
 * hand-written {@link BigDecimal} baseline for exactly the same calculation (checked by
 * {@code PricingBenchmarkTest}).
 *
 * <p>Target (docs/benchmarks.md): graduated pricing with 4 tiers costs at most 2× its baseline.
 *
 * <p>What each variant does: Billwright validates its inputs, walks the tiers (or matches cells,
 * or loops over events) and returns the exact amount as {@code Money} with its explanation (one
 * step per tier reached, one group per matrix cell, counts and subtotals for the percentage), as
 * {@link PriceCalculator#calculate} always does; the baseline computes only the exact amount
 * from pre-built arrays (tier bounds and prices, a {@link HashMap} from cell key to unit price,
 * an array of event values), the floor of the calculation itself. Graduated and volume run over
 * {@value #QUANTITIES} quantities per invocation (spread from 0 to 1.5 × the last bound, so
 * every tier is reached by some) and report the time of one price evaluation; matrix and
 * percentage report the time of one evaluation of the whole input (50 groups, 1 000 events).
 * The steps of a tiered explanation are derived when first read ({@code TierSteps}), so
 * {@code graduated} and {@code volume} do not build them; {@code graduatedExplained} prices the
 * same quantities and also reads every step (what an invoice line does when it writes its
 * explanation), a row with no baseline.
 * Inputs come from a fixed seed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PricingBenchmark {
  /** The quantities priced per invocation of the graduated and volume benchmarks. */
  static final int QUANTITIES = 16;

  /** The number of events of the percentage benchmark. */
  static final int EVENTS = 1_000;

  /** The regions of the matrix (first dimension). */
  static final int REGIONS = 5;

  /** The instance sizes of the matrix (second dimension): 5 × 10 = 50 cells. */
  static final int SIZES = 10;

  /** The seed of the inputs. */
  static final long SEED = 20_261_121L;

  /** The currency of every price. */
  static final Currency INR = Currency.getInstance("INR");

  /** Creates the benchmark (JMH instantiates it). */
  public PricingBenchmark() {}

  /**
   * Tiered prices (graduated and volume share the tiers) and the quantities they price. Tier
   * {@code i} (0-based) ends at {@code 1000 × 2^i} units and costs {@code 0.05 − 0.002 × i} per
   * unit (INR, so a lower price per higher tier, as Stripe's and Lago's examples); the last tier
   * is unbounded. Quantities are whole numbers from 0 to 1.5 × the last bound.
   */
  @State(Scope.Thread)
  public static class Tiered {
    /** The number of tiers. */
    @Param({"4", "20"})
    public int tiers;

    /** Inclusive cumulative upper bounds; the last is null (unbounded). */
    BigDecimal[] upTo;
    /** Unit prices per tier. */
    BigDecimal[] unitPrice;
    /** The quantities priced per invocation. */
    BigDecimal[] quantities;
    /** The Billwright graduated price. */
    GraduatedPrice graduated;
    /** The Billwright volume price. */
    VolumePrice volume;
    /** The Billwright inputs, one per quantity. */
    PricingInput[] inputs;

    /** Creates the state (JMH instantiates it). */
    public Tiered() {}

    /** Builds the tiers and the quantities from the fixed seed; once per trial. */
    @Setup
    public void setUp() {
      upTo = new BigDecimal[tiers];
      unitPrice = new BigDecimal[tiers];
      List<Tier> list = new ArrayList<>();
      for (int i = 0; i < tiers; i++) {
        upTo[i] = i == tiers - 1 ? null : BigDecimal.valueOf(1000L << i);
        unitPrice[i] = new BigDecimal("0.050").subtract(new BigDecimal("0.002").multiply(BigDecimal.valueOf(i)));
        list.add(Tier.of(upTo[i], unitPrice[i]));
      }
      graduated = GraduatedPrice.of(list);
      volume = VolumePrice.of(list);
      long top = (1000L << (tiers - 2)) * 3 / 2;
      SplittableRandom random = new SplittableRandom(SEED);
      quantities = new BigDecimal[QUANTITIES];
      inputs = new PricingInput[QUANTITIES];
      for (int i = 0; i < QUANTITIES; i++) {
        quantities[i] = BigDecimal.valueOf(random.nextLong(0, top + 1));
        inputs[i] = PricingInput.ofQuantity(quantities[i]);
      }
    }
  }

  /**
   * A matrix price over {@code region} × {@code size} with one cell per combination
   * ({@value #REGIONS} × {@value #SIZES} = 50 cells, each a per-unit price), and usage in every
   * cell: 50 groups, each with a whole quantity from 1 to 100 000.
   */
  @State(Scope.Thread)
  public static class Matrix {
    /** The Billwright price. */
    MatrixPrice price;
    /** The Billwright input: 50 groups. */
    PricingInput input;
    /** The baseline's cell table: {@code region + '|' + size} to unit price. */
    Map<String, BigDecimal> unitPrices;
    /** The baseline's groups, in input order: region, size and quantity. */
    String[] regions;
    /** The size of each group. */
    String[] sizes;
    /** The quantity of each group. */
    BigDecimal[] quantities;

    /** Creates the state (JMH instantiates it). */
    public Matrix() {}

    /** Builds the cells and the groups from the fixed seed; once per trial. */
    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(SEED);
      List<MatrixCell> cells = new ArrayList<>();
      unitPrices = new HashMap<>();
      Map<Map<String, String>, BigDecimal> groups = new LinkedHashMap<>();
      int n = REGIONS * SIZES;
      regions = new String[n];
      sizes = new String[n];
      quantities = new BigDecimal[n];
      int k = 0;
      for (int r = 0; r < REGIONS; r++) {
        for (int s = 0; s < SIZES; s++) {
          String region = "region-" + r;
          String size = "size-" + s;
          BigDecimal unit = BigDecimal.valueOf(random.nextLong(1, 100_000), 4);
          cells.add(new MatrixCell(Map.of("region", region, "size", size), PerUnitPrice.of(unit)));
          unitPrices.put(region + '|' + size, unit);
          regions[k] = region;
          sizes[k] = size;
          quantities[k] = BigDecimal.valueOf(random.nextLong(1, 100_001));
          groups.put(Map.of("region", region, "size", size), quantities[k]);
          k++;
        }
      }
      price = new MatrixPrice(List.of("region", "size"), cells, null);
      input = PricingInput.ofGroups(groups);
    }
  }

  /**
   * A percentage price of 2.9 % plus INR 0.30 per event (Stripe's card-fee shape) over
   * {@value #EVENTS} events with values from INR 0.01 to INR 99 999.99.
   */
  @State(Scope.Thread)
  public static class Percentage {
    /** The Billwright price. */
    PercentagePrice price;
    /** The Billwright input: the events. */
    PricingInput input;
    /** The baseline's event values. */
    BigDecimal[] values;
    /** The rate as a fraction (0.029). */
    BigDecimal fraction;
    /** The fee per event. */
    BigDecimal fee;

    /** Creates the state (JMH instantiates it). */
    public Percentage() {}

    /** Builds the price and the events from the fixed seed; once per trial. */
    @Setup
    public void setUp() {
      BigDecimal rate = new BigDecimal("2.9");
      fee = new BigDecimal("0.30");
      fraction = rate.movePointLeft(2);
      price = new PercentagePrice(rate, fee, null, null, null, null);
      SplittableRandom random = new SplittableRandom(SEED);
      values = new BigDecimal[EVENTS];
      List<PricedEvent> events = new ArrayList<>(EVENTS);
      for (int i = 0; i < EVENTS; i++) {
        values[i] = BigDecimal.valueOf(random.nextLong(1, 10_000_000), 2);
        events.add(PricedEvent.of(values[i], Map.of()));
      }
      input = PricingInput.ofEvents(events);
    }
  }

  /**
   * Billwright: a graduated price over each quantity.
   *
   * @param in the tiers and quantities
   * @param bh consumes each rated amount
   */
  @Benchmark
  @OperationsPerInvocation(QUANTITIES)
  public void graduated(Tiered in, Blackhole bh) {
    for (PricingInput input : in.inputs) {
      bh.consume(PriceCalculator.DEFAULT.calculate(in.graduated, input, INR));
    }
  }

  /**
   * Billwright: a graduated price over each quantity, reading every step of its explanation
   * (the cost of the explanation itself, which {@link #graduated} leaves unread).
   *
   * @param in the tiers and quantities
   * @param bh consumes each rated amount and each step
   */
  @Benchmark
  @OperationsPerInvocation(QUANTITIES)
  public void graduatedExplained(Tiered in, Blackhole bh) {
    for (PricingInput input : in.inputs) {
      RatedAmount r = PriceCalculator.DEFAULT.calculate(in.graduated, input, INR);
      bh.consume(r);
      for (TierExplanation.Step step : ((TierExplanation) r.explanation()).steps()) {
        bh.consume(step);
      }
    }
  }

  /**
   * Baseline: the graduated tier walk on bare BigDecimals.
   *
   * @param in the tiers and quantities
   * @param bh consumes each amount
   */
  @Benchmark
  @OperationsPerInvocation(QUANTITIES)
  public void graduated_baseline(Tiered in, Blackhole bh) {
    for (BigDecimal q : in.quantities) {
      bh.consume(graduatedAmount(in.upTo, in.unitPrice, q));
    }
  }

  /**
   * Billwright: a volume price over each quantity.
   *
   * @param in the tiers and quantities
   * @param bh consumes each rated amount
   */
  @Benchmark
  @OperationsPerInvocation(QUANTITIES)
  public void volume(Tiered in, Blackhole bh) {
    for (PricingInput input : in.inputs) {
      bh.consume(PriceCalculator.DEFAULT.calculate(in.volume, input, INR));
    }
  }

  /**
   * Baseline: finds the tier holding the quantity and multiplies, on bare BigDecimals.
   *
   * @param in the tiers and quantities
   * @param bh consumes each amount
   */
  @Benchmark
  @OperationsPerInvocation(QUANTITIES)
  public void volume_baseline(Tiered in, Blackhole bh) {
    for (BigDecimal q : in.quantities) {
      bh.consume(volumeAmount(in.upTo, in.unitPrice, q));
    }
  }

  /**
   * Billwright: the matrix price over its 50 groups.
   *
   * @param in the matrix and groups
   * @return the rated amount
   */
  @Benchmark
  public RatedAmount matrix(Matrix in) {
    return PriceCalculator.DEFAULT.calculate(in.price, in.input, INR);
  }

  /**
   * Baseline: looks each group's unit price up in a HashMap and sums quantity × unit price.
   *
   * @param in the matrix and groups
   * @return the exact amount
   */
  @Benchmark
  public BigDecimal matrix_baseline(Matrix in) {
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < in.quantities.length; i++) {
      BigDecimal unit = in.unitPrices.get(in.regions[i] + '|' + in.sizes[i]);
      total = total.add(in.quantities[i].multiply(unit));
    }
    return total;
  }

  /**
   * Billwright: the percentage price over 1 000 events.
   *
   * @param in the price and events
   * @return the rated amount
   */
  @Benchmark
  public RatedAmount percentage(Percentage in) {
    return PriceCalculator.DEFAULT.calculate(in.price, in.input, INR);
  }

  /**
   * Baseline: sums value × 0.029 + 0.30 over the events.
   *
   * @param in the price and events
   * @return the exact amount
   */
  @Benchmark
  public BigDecimal percentage_baseline(Percentage in) {
    BigDecimal total = BigDecimal.ZERO;
    for (BigDecimal v : in.values) {
      total = total.add(v.multiply(in.fraction)).add(in.fee);
    }
    return total;
  }

  /**
   * The graduated amount: each tier's units (between the previous bound and this one, capped at
   * the quantity) times its unit price.
   *
   * @param upTo the inclusive cumulative bounds, the last null
   * @param unitPrice the unit prices
   * @param q the quantity, zero or more
   * @return the exact amount
   */
  static BigDecimal graduatedAmount(BigDecimal[] upTo, BigDecimal[] unitPrice, BigDecimal q) {
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal from = BigDecimal.ZERO;
    for (int i = 0; i < upTo.length && q.compareTo(from) > 0; i++) {
      BigDecimal top = upTo[i] == null || q.compareTo(upTo[i]) < 0 ? q : upTo[i];
      total = total.add(top.subtract(from).multiply(unitPrice[i]));
      from = top;
    }
    return total;
  }

  /**
   * The volume amount: the whole quantity at the unit price of the tier that holds it (a
   * quantity equal to a bound stays in that tier).
   *
   * @param upTo the inclusive cumulative bounds, the last null
   * @param unitPrice the unit prices
   * @param q the quantity, zero or more
   * @return the exact amount
   */
  static BigDecimal volumeAmount(BigDecimal[] upTo, BigDecimal[] unitPrice, BigDecimal q) {
    int i = 0;
    while (i < upTo.length - 1 && q.compareTo(upTo[i]) > 0) {
      i++;
    }
    return q.multiply(unitPrice[i]);
  }
}
