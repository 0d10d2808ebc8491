package dev.billwright.testkit.generators;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.pricing.DynamicPrice;
import dev.billwright.pricing.FlatPrice;
import dev.billwright.pricing.GraduatedPercentagePrice;
import dev.billwright.pricing.GraduatedPrice;
import dev.billwright.pricing.MatrixCell;
import dev.billwright.pricing.MatrixPrice;
import dev.billwright.pricing.PackagePrice;
import dev.billwright.pricing.PackageRounding;
import dev.billwright.pricing.PercentagePrice;
import dev.billwright.pricing.PercentageTier;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.pricing.Price;
import dev.billwright.pricing.QuantityRounding;
import dev.billwright.pricing.QuantityTransform;
import dev.billwright.pricing.SpendBounds;
import dev.billwright.pricing.StairstepPrice;
import dev.billwright.pricing.Tier;
import dev.billwright.pricing.VolumePrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of valid prices, transforms and bounds, covering every model and
 * option, with decimals of varied scale (unit prices up to 12 decimals).
 */
public final class PriceGenerators {
  /** The dimension names generated matrices use. */
  public static final List<String> DIMENSIONS = List.of("country", "channel");
  /** The dimension values generated matrices and events use. */
  public static final List<String> VALUES = List.of("IN", "US", "sms", "whatsapp");

  private PriceGenerators() {}

  /**
   * Generates decimals {@code unscaled / 10^scale} with unscaled in [0, max] and scale in
   * [0, maxScale].
   *
   * @param max the largest unscaled value, zero or more
   * @param maxScale the largest scale, 0 to 12
   * @return the generator
   */
  public static Gen<BigDecimal> decimals(long max, int maxScale) {
    Gen<Long> unscaled = longs().between(0, max);
    Gen<Integer> scale = integers().between(0, maxScale);
    return in -> BigDecimal.valueOf(unscaled.generate(in), scale.generate(in));
  }

  /**
   * Generates unit prices: up to 12 decimals, at most 1,000,000 units of the smallest step.
   *
   * @return the generator
   */
  public static Gen<BigDecimal> unitPrices() {
    return decimals(1_000_000, 12);
  }

  /**
   * Generates whole quantities from 0 to {@code max}.
   *
   * @param max the largest quantity, zero or more
   * @return the generator
   */
  public static Gen<BigDecimal> wholeQuantities(int max) {
    return integers().between(0, max).map(i -> BigDecimal.valueOf(i));
  }

  /**
   * Generates well-formed tier lists: 1 to 5 tiers, whole strictly increasing bounds, the last
   * unbounded, flat fees present about half the time.
   *
   * @return the generator
   */
  public static Gen<List<Tier>> tiers() {
    Gen<Integer> count = integers().between(1, 5);
    Gen<Integer> width = integers().between(1, 50);
    Gen<BigDecimal> unit = decimals(100_000, 4);
    Gen<BigDecimal> flat = decimals(10_000, 2);
    Gen<Boolean> withFlat = booleans().all();
    return in -> {
      int n = count.generate(in);
      List<Tier> out = new ArrayList<>();
      BigDecimal bound = BigDecimal.ZERO;
      for (int i = 0; i < n; i++) {
        bound = bound.add(BigDecimal.valueOf(width.generate(in)));
        out.add(new Tier(i == n - 1 ? null : bound, unit.generate(in),
            withFlat.generate(in) ? flat.generate(in) : BigDecimal.ZERO));
      }
      return out;
    };
  }

  /**
   * Generates graduated prices with either value of {@code billFirstTierAtZero}.
   *
   * @return the generator
   */
  public static Gen<GraduatedPrice> graduated() {
    return tiers().zip(booleans().all(), GraduatedPrice::new);
  }

  /**
   * Generates volume prices with either value of {@code billFirstTierAtZero}.
   *
   * @return the generator
   */
  public static Gen<VolumePrice> volume() {
    return tiers().zip(booleans().all(), VolumePrice::new);
  }

  /**
   * Generates stairstep prices (the tiers' unit prices are zero).
   *
   * @return the generator
   */
  public static Gen<StairstepPrice> stairstep() {
    return tiers().zip(booleans().all(), (tiers, first) -> {
      List<Tier> flat = new ArrayList<>();
      for (Tier t : tiers) {
        flat.add(new Tier(t.upTo(), BigDecimal.ZERO, t.flatFee()));
      }
      return new StairstepPrice(flat, first);
    });
  }

  /**
   * Generates package prices, rounding up or down, with or without free units.
   *
   * @return the generator
   */
  public static Gen<PackagePrice> packages() {
    Gen<BigDecimal> size = integers().between(1, 1000).map(i -> BigDecimal.valueOf(i));
    Gen<BigDecimal> free = wholeQuantities(200);
    Gen<Boolean> up = booleans().all();
    return in -> new PackagePrice(size.generate(in), unitPrices().generate(in), free.generate(in),
        up.generate(in) ? PackageRounding.UP : PackageRounding.DOWN);
  }

  /**
   * Generates percentage prices with every option sometimes set.
   *
   * @return the generator
   */
  public static Gen<PercentagePrice> percentage() {
    Gen<Boolean> flip = booleans().all();
    Gen<BigDecimal> rate = decimals(10_000, 3);
    Gen<BigDecimal> money = decimals(10_000, 2);
    Gen<Integer> events = integers().between(0, 10);
    return in -> {
      BigDecimal min = flip.generate(in) ? money.generate(in) : null;
      BigDecimal max = flip.generate(in) ? money.generate(in) : null;
      if (min != null && max != null && max.compareTo(min) < 0) {
        BigDecimal t = min;
        min = max;
        max = t;
      }
      return new PercentagePrice(rate.generate(in), flip.generate(in) ? money.generate(in) : null,
          flip.generate(in) ? events.generate(in) : null, flip.generate(in) ? money.generate(in) : null,
          min, max);
    };
  }

  /**
   * Generates graduated percentage prices.
   *
   * @return the generator
   */
  public static Gen<GraduatedPercentagePrice> graduatedPercentage() {
    return tiers().zip(booleans().all(), (tiers, first) -> {
      List<PercentageTier> out = new ArrayList<>();
      for (Tier t : tiers) {
        out.add(new PercentageTier(t.upTo(), t.unitPrice(), t.flatFee()));
      }
      return new GraduatedPercentagePrice(out, first);
    });
  }

  /**
   * Generates quantity-based prices that are not matrices: flat, per unit, package, graduated,
   * volume, stairstep and graduated percentage.
   *
   * @return the generator
   */
  public static Gen<Price> quantityPrices() {
    Gen<Integer> pick = integers().between(0, 6);
    Gen<BigDecimal> free = wholeQuantities(100);
    return in -> {
      switch (pick.generate(in)) {
        case 0: return new FlatPrice(decimals(1_000_000, 2).generate(in));
        case 1: return new PerUnitPrice(unitPrices().generate(in), free.generate(in));
        case 2: return packages().generate(in);
        case 3: return graduated().generate(in);
        case 4: return volume().generate(in);
        case 5: return stairstep().generate(in);
        default: return graduatedPercentage().generate(in);
      }
    };
  }

  /**
   * Generates matrix prices over {@link #DIMENSIONS} with cells of one or two dimensions,
   * quantity-based cell prices and sometimes a default (always one when there are no cells).
   *
   * @return the generator
   */
  public static Gen<MatrixPrice> matrix() {
    Gen<Integer> cells = integers().between(0, 6);
    Gen<Integer> valueIndex = integers().between(0, 1);
    Gen<Integer> shape = integers().between(0, 2);
    Gen<Boolean> withDefault = booleans().all();
    return in -> {
      Map<Map<String, String>, MatrixCell> byWhen = new LinkedHashMap<>();
      int n = cells.generate(in);
      for (int i = 0; i < n; i++) {
        Map<String, String> when = new LinkedHashMap<>();
        int s = shape.generate(in);
        if (s != 1) {
          when.put("country", VALUES.get(valueIndex.generate(in)));
        }
        if (s != 0) {
          when.put("channel", VALUES.get(2 + valueIndex.generate(in)));
        }
        byWhen.putIfAbsent(when, new MatrixCell(when, quantityPrices().generate(in)));
      }
      // A matrix with no cells needs a default (it could price nothing otherwise).
      boolean hasDefault = withDefault.generate(in) || byWhen.isEmpty();
      return new MatrixPrice(DIMENSIONS, new ArrayList<>(byWhen.values()),
          hasDefault ? quantityPrices().generate(in) : null);
    };
  }

  /**
   * Generates any price of any model.
   *
   * @return the generator
   */
  public static Gen<Price> prices() {
    Gen<Integer> pick = integers().between(0, 9);
    Gen<Boolean> flip = booleans().all();
    return in -> {
      int k = pick.generate(in);
      if (k < 6) {
        return quantityPrices().generate(in);
      }
      if (k < 8) {
        return percentage().generate(in);
      }
      if (k == 8) {
        return matrix().generate(in);
      }
      return new DynamicPrice(flip.generate(in) ? "amount" : null);
    };
  }

  /**
   * Generates quantity transforms with every rounding.
   *
   * @return the generator
   */
  public static Gen<QuantityTransform> transforms() {
    Gen<Integer> round = integers().between(0, 2);
    return in -> new QuantityTransform(decimals(100_000, 2).generate(in).add(BigDecimal.ONE),
        QuantityRounding.values()[round.generate(in)]);
  }

  /**
   * Generates spend bounds: none, a minimum, a maximum, or both with the minimum not above the
   * maximum.
   *
   * @return the generator
   */
  public static Gen<SpendBounds> bounds() {
    Gen<Boolean> flip = booleans().all();
    Gen<BigDecimal> money = decimals(100_000, 2);
    return in -> {
      BigDecimal a = flip.generate(in) ? money.generate(in) : null;
      BigDecimal b = flip.generate(in) ? money.generate(in) : null;
      if (a != null && b != null && b.compareTo(a) < 0) {
        return new SpendBounds(b, a);
      }
      return new SpendBounds(a, b);
    };
  }
}
