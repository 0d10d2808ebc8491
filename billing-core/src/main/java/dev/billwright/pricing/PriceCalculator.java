package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link Price} to a {@link PricingInput}: a pure, stateless function returning the
 * exact amount and its {@link Explanation}. Nothing is rounded here; the amounts are rounded per
 * invoice line later. The semantics of each model are documented on its record and in the plan
 * format (docs/plan-format.md).
 */
public final class PriceCalculator {
  /** The calculator; it has no options. */
  public static final PriceCalculator DEFAULT = new PriceCalculator();

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private PriceCalculator() {}

  /**
   * Computes the exact amount of a price for an input.
   *
   * @param price the price, not null
   * @param input the quantity, events or groups, not null
   * @param currency the currency of the price, not null
   * @return the exact amount (zero or more) with its explanation
   * @throws BillingException with {@link ErrorCode#NO_MATRIX_MATCH} when a matrix group matches no
   *     cell and there is no default (the message names the dimension values),
   *     {@link ErrorCode#NO_CAPACITY_TIER} when no capacity tier holds the quantities (the
   *     message names them), or
   *     {@link ErrorCode#INVALID_VALUE} when a model needs events the input does not hold or an
   *     event's dynamic amount is missing or not a decimal
   */
  public RatedAmount calculate(Price price, PricingInput input, Currency currency) {
    PriceChecks.required(price, "price");
    PriceChecks.required(input, "input");
    PriceChecks.required(currency, "currency");
    if (price instanceof MatrixPrice) {
      return matrix((MatrixPrice) price, input, currency);
    }
    if (price instanceof CapacityPrice) {
      return capacity((CapacityPrice) price, input, currency);
    }
    if (price instanceof PercentagePrice) {
      return percentage((PercentagePrice) price, events(price, input), currency);
    }
    if (price instanceof DynamicPrice) {
      return dynamic((DynamicPrice) price, events(price, input), currency);
    }
    return ofQuantity(price, input.totalQuantity(), currency);
  }

  /**
   * Computes the exact amount of a quantity-based price for a quantity.
   *
   * @param price the price, not null; not percentage, dynamic or matrix
   * @param quantity the quantity, zero or more
   * @param currency the currency, not null
   * @return the exact amount with its explanation
   * @throws BillingException if the price needs events or the quantity is negative or out of bounds
   */
  public RatedAmount calculate(Price price, BigDecimal quantity, Currency currency) {
    return calculate(price, PricingInput.ofQuantity(quantity), currency);
  }

  private static List<PricedEvent> events(Price price, PricingInput input) {
    if (input.quantity() != null || !input.groups().isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input", "an aggregate quantity",
          "events: the " + price.model() + " model prices each event");
    }
    return input.events();
  }

  private static RatedAmount ofQuantity(Price price, BigDecimal q, Currency currency) {
    if (price instanceof FlatPrice) {
      BigDecimal amount = ((FlatPrice) price).amount();
      return lines(price, q, currency, List.of(line("flat fee", BigDecimal.ONE, amount, currency)));
    }
    if (price instanceof PerUnitPrice) {
      PerUnitPrice p = (PerUnitPrice) price;
      BigDecimal free = q.min(p.freeUnits());
      List<LineExplanation.Line> out = new ArrayList<>();
      if (p.freeUnits().signum() > 0) {
        out.add(line("free units", free, BigDecimal.ZERO, currency));
      }
      out.add(line("billable units", q.subtract(free), p.unitPrice(), currency));
      return lines(price, q, currency, out);
    }
    if (price instanceof PackagePrice) {
      PackagePrice p = (PackagePrice) price;
      BigDecimal free = q.min(p.freeUnits());
      BigDecimal paid = q.subtract(free);
      BigDecimal packages = packages(paid, p.packageSize(), p.round());
      List<LineExplanation.Line> out = new ArrayList<>();
      if (p.freeUnits().signum() > 0) {
        out.add(line("free units", free, BigDecimal.ZERO, currency));
      }
      out.add(line("packages", canonical(packages), p.packagePrice(), currency));
      return lines(price, q, currency, out);
    }
    if (price instanceof GraduatedPrice) {
      GraduatedPrice p = (GraduatedPrice) price;
      return graduatedTiers(price.model(), ResolvedTiers.of(p.tiers()), p.billFirstTierAtZero(), q, currency);
    }
    if (price instanceof VolumePrice) {
      VolumePrice p = (VolumePrice) price;
      return volume(price.model(), ResolvedTiers.of(p.tiers()), p.billFirstTierAtZero(), q, currency);
    }
    if (price instanceof StairstepPrice) {
      StairstepPrice p = (StairstepPrice) price;
      return volume(price.model(), ResolvedTiers.of(p.tiers()), p.billFirstTierAtZero(), q, currency);
    }
    if (price instanceof GraduatedPercentagePrice) {
      GraduatedPercentagePrice p = (GraduatedPercentagePrice) price;
      List<BigDecimal[]> tiers = new ArrayList<>();
      for (PercentageTier t : p.tiers()) {
        tiers.add(new BigDecimal[] {t.upTo(), t.rate(), t.flatFee()});
      }
      return graduated(price.model(), tiers, true, p.billFirstTierAtZero(), q, currency);
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input", "an aggregate quantity",
        "events: the " + price.model() + " model prices each event");
  }

  /**
   * Graduated walk over unit or block tiers: each tier's units are priced by
   * {@link Tier#variable} (units × unit price, or whole blocks × block price) plus its flat fee.
   * The walk runs over the tiers resolved when the price was built; the explanation's steps are
   * derived by the same walk when they are first read ({@link TierSteps}).
   */
  private static RatedAmount graduatedTiers(String model, ResolvedTiers tiers, boolean billFirstTierAtZero,
      BigDecimal q, Currency currency) {
    Money amount = Money.of(currency, tiers.graduatedTotal(q, billFirstTierAtZero));
    return new RatedAmount(amount,
        new TierExplanation(model, q, amount, TierSteps.graduated(tiers, q, billFirstTierAtZero, currency)));
  }

  /** Graduated walk; each tier is {upTo, rate, flat fee}. */
  private static RatedAmount graduated(String model, List<BigDecimal[]> tiers, boolean percent,
      boolean billFirstTierAtZero, BigDecimal q, Currency currency) {
    List<TierExplanation.Step> steps = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal from = BigDecimal.ZERO;
    for (int i = 0; i < tiers.size(); i++) {
      BigDecimal upTo = tiers.get(i)[0];
      boolean reached = i == 0 ? q.signum() > 0 || billFirstTierAtZero : q.compareTo(from) > 0;
      if (!reached) {
        break;
      }
      BigDecimal top = upTo == null ? q : q.min(upTo);
      BigDecimal units = top.subtract(from).max(BigDecimal.ZERO);
      BigDecimal price = tiers.get(i)[1];
      BigDecimal perUnit = percent ? price.divide(HUNDRED) : price;
      BigDecimal flat = tiers.get(i)[2];
      BigDecimal subtotal = units.multiply(perUnit).add(flat);
      total = total.add(subtotal);
      steps.add(new TierExplanation.Step(i, from, upTo, canonical(units), percent ? null : price,
          percent ? price : null, flat, Money.of(currency, subtotal)));
      if (upTo == null) {
        break;
      }
      from = upTo;
    }
    return new RatedAmount(Money.of(currency, total),
        new TierExplanation(model, q, Money.of(currency, total), steps));
  }

  private static RatedAmount volume(String model, ResolvedTiers tiers, boolean billFirstTierAtZero,
      BigDecimal q, Currency currency) {
    if (q.signum() == 0 && !billFirstTierAtZero) {
      Money zero = Money.zero(currency);
      return new RatedAmount(zero, new TierExplanation(model, q, zero, List.of()));
    }
    int index = tiers.volumeIndex(q);
    Money amount = Money.of(currency, tiers.subtotal(index, q));
    return new RatedAmount(amount, new TierExplanation(model, q, amount, TierSteps.volume(tiers, q, index, amount)));
  }

  private static RatedAmount percentage(PercentagePrice p, List<PricedEvent> events, Currency currency) {
    boolean hasAllowance = p.freeEvents() != null || p.freeAmount() != null;
    int eventsLeft = p.freeEvents() == null ? 0 : p.freeEvents();
    BigDecimal amountLeft = p.freeAmount() == null ? BigDecimal.ZERO : p.freeAmount();
    BigDecimal rate = p.rate().divide(HUNDRED);
    BigDecimal quantity = BigDecimal.ZERO;
    BigDecimal freeUsed = BigDecimal.ZERO;
    BigDecimal percentAmount = BigDecimal.ZERO;
    BigDecimal minAdjustment = BigDecimal.ZERO;
    BigDecimal maxAdjustment = BigDecimal.ZERO;
    int free = 0;
    int minCount = 0;
    int maxCount = 0;
    for (PricedEvent e : events) {
      BigDecimal charged = e.value();
      quantity = quantity.add(e.value());
      boolean eligible = hasAllowance
          && (p.freeEvents() == null || eventsLeft > 0)
          && (p.freeAmount() == null || amountLeft.signum() > 0);
      if (eligible) {
        eventsLeft--;
        if (p.freeAmount() == null || charged.compareTo(amountLeft) <= 0) {
          if (p.freeAmount() != null) {
            amountLeft = amountLeft.subtract(charged);
          }
          freeUsed = freeUsed.add(charged);
          free++;
          continue;
        }
        freeUsed = freeUsed.add(amountLeft);
        charged = charged.subtract(amountLeft);
        amountLeft = BigDecimal.ZERO;
        eventsLeft = 0;
      }
      BigDecimal percent = charged.multiply(rate);
      percentAmount = percentAmount.add(percent);
      BigDecimal eventAmount = percent.add(p.fixedFeePerEvent());
      if (p.minPerEvent() != null && eventAmount.compareTo(p.minPerEvent()) < 0) {
        minAdjustment = minAdjustment.add(p.minPerEvent().subtract(eventAmount));
        minCount++;
      } else if (p.maxPerEvent() != null && eventAmount.compareTo(p.maxPerEvent()) > 0) {
        maxAdjustment = maxAdjustment.add(eventAmount.subtract(p.maxPerEvent()));
        maxCount++;
      }
    }
    int paid = events.size() - free;
    BigDecimal fixed = p.fixedFeePerEvent().multiply(BigDecimal.valueOf(paid));
    Money amount = Money.of(currency, percentAmount.add(fixed).add(minAdjustment).subtract(maxAdjustment));
    return new RatedAmount(amount, new PercentageExplanation(p.model(), canonical(quantity), amount,
        events.size(), free, paid, canonical(freeUsed), Money.of(currency, percentAmount),
        Money.of(currency, fixed), minCount, Money.of(currency, minAdjustment), maxCount,
        Money.of(currency, maxAdjustment)));
  }

  private static RatedAmount dynamic(DynamicPrice p, List<PricedEvent> events, Currency currency) {
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal quantity = BigDecimal.ZERO;
    for (int i = 0; i < events.size(); i++) {
      PricedEvent e = events.get(i);
      quantity = quantity.add(e.value());
      BigDecimal amount;
      if (p.amountProperty() == null) {
        amount = e.value();
      } else {
        String field = "events[" + i + "].properties." + p.amountProperty();
        String text = e.properties().get(p.amountProperty());
        if (text == null) {
          throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING, "field '" + field
              + "' is required by the dynamic price (amount_property)");
        }
        amount = PriceChecks.nonNegative(dev.billwright.money.Decimals.parse(text, field), field);
      }
      total = total.add(amount);
    }
    Money amount = Money.of(currency, total);
    return lines(p, canonical(quantity), currency,
        List.of(new LineExplanation.Line("event amounts", BigDecimal.valueOf(events.size()), null, amount)));
  }

  private RatedAmount matrix(MatrixPrice p, PricingInput input, Currency currency) {
    Map<Map<String, String>, BigDecimal> quantities = new LinkedHashMap<>();
    Map<Map<String, String>, List<PricedEvent>> grouped = new LinkedHashMap<>();
    if (input.quantity() != null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input", "an aggregate quantity",
          "events or quantities grouped by " + p.dimensions() + ": the matrix model prices each group");
    }
    for (Map.Entry<Map<String, String>, BigDecimal> g : input.groups().entrySet()) {
      Map<String, String> key = project(p.dimensions(), g.getKey());
      quantities.merge(key, g.getValue(), BigDecimal::add);
    }
    for (PricedEvent e : input.events()) {
      Map<String, String> key = project(p.dimensions(), e.properties());
      quantities.merge(key, e.value(), BigDecimal::add);
      grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
    // Match every group before pricing any, so an unmatched group fails the whole price.
    Map<Map<String, String>, MatrixCell> matches = new LinkedHashMap<>();
    for (Map<String, String> key : quantities.keySet()) {
      MatrixCell cell = p.match(key);
      if (cell == null && p.defaultPrice() == null) {
        throw new BillingException(ErrorCode.NO_MATRIX_MATCH, "no matrix cell matches dimension values "
            + describe(p.dimensions(), key) + " and the price has no default");
      }
      matches.put(key, cell);
    }
    List<MatrixExplanation.Group> groups = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal quantity = BigDecimal.ZERO;
    for (Map.Entry<Map<String, String>, BigDecimal> g : quantities.entrySet()) {
      MatrixCell cell = matches.get(g.getKey());
      Price cellPrice = cell == null ? p.defaultPrice() : cell.price();
      PricingInput groupInput;
      if (cellPrice.needsEvents()) {
        if (!input.groups().isEmpty()) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input", "grouped quantities",
              "events: the cell for " + describe(p.dimensions(), g.getKey()) + " uses the "
                  + cellPrice.model() + " model");
        }
        groupInput = PricingInput.ofEvents(grouped.get(g.getKey()));
      } else {
        groupInput = PricingInput.ofQuantity(g.getValue());
      }
      RatedAmount rated = calculate(cellPrice, groupInput, currency);
      total = total.add(rated.amount().amount());
      quantity = quantity.add(g.getValue());
      groups.add(new MatrixExplanation.Group(g.getKey(), cell == null ? null : cell.when(),
          rated.explanation()));
    }
    Money amount = Money.of(currency, total);
    return new RatedAmount(amount, new MatrixExplanation(p.model(), canonical(quantity), amount, groups));
  }

  /**
   * Capacity: the quantity of each dimension value (each group key holds the single group_by
   * dimension), then the first tier whose limits all hold; its flat fee is the amount.
   */
  private static RatedAmount capacity(CapacityPrice p, PricingInput input, Currency currency) {
    if (input.quantity() != null || !input.events().isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input",
          input.quantity() != null ? "an aggregate quantity" : "events",
          "quantities grouped by the charge's single group_by dimension: the capacity model checks each"
              + " dimension value's quantity against the tier limits");
    }
    Map<String, BigDecimal> quantities = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<Map<String, String>, BigDecimal> g : input.groups().entrySet()) {
      if (g.getKey().size() != 1) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "groups", g.getKey(),
            "groups keyed by exactly one dimension (the charge's single group_by property)"
                + " with a value: the capacity model limits each value of one dimension");
      }
      quantities.merge(g.getKey().values().iterator().next(), g.getValue(), BigDecimal::add);
      total = total.add(g.getValue());
    }
    for (int i = 0; i < p.tiers().size(); i++) {
      CapacityTier tier = p.tiers().get(i);
      if (tier.holds(quantities)) {
        List<LineExplanation.Line> lines = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> q : quantities.entrySet()) {
          BigDecimal limit = tier.limits().get(q.getKey());
          lines.add(new LineExplanation.Line(q.getKey() + (limit == null ? " (not limited)"
              : " (limit " + limit.toPlainString() + ")"), canonical(q.getValue()), null, Money.zero(currency)));
        }
        lines.add(new LineExplanation.Line("capacity tier " + i + " flat fee", BigDecimal.ONE, tier.flatFee(),
            Money.of(currency, tier.flatFee())));
        return lines(p, canonical(total), currency, lines);
      }
    }
    throw new BillingException(ErrorCode.NO_CAPACITY_TIER, "no capacity tier holds the quantities "
        + quantities + ": every tier has a limit below one of them; add an unbounded last tier (no limits)");
  }

  private static Map<String, String> project(List<String> dimensions, Map<String, String> values) {
    Map<String, String> key = new LinkedHashMap<>();
    for (String d : dimensions) {
      String v = values.get(d);
      if (v != null) {
        key.put(d, v);
      }
    }
    return java.util.Collections.unmodifiableMap(key);
  }

  private static String describe(List<String> dimensions, Map<String, String> key) {
    StringBuilder sb = new StringBuilder("{");
    for (String d : dimensions) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(d).append('=').append(key.containsKey(d) ? key.get(d) : "(absent)");
    }
    return sb.append('}').toString();
  }

  /**
   * Whole packages of {@code size} in {@code paid} ({@code divideAndRemainder}), one more for a
   * remainder when rounding up. Whole numbers that fit a long (the usual counts) are divided as
   * longs: the same value and scale (0) as the decimal division gives them.
   */
  private static BigDecimal packages(BigDecimal paid, BigDecimal size, PackageRounding round) {
    if (paid.scale() == 0 && size.scale() == 0 && paid.signum() >= 0 && size.signum() > 0
        && paid.precision() <= 18 && size.precision() <= 18) {
      long q = paid.longValueExact();
      long d = size.longValueExact();
      long whole = q / d;
      return BigDecimal.valueOf(round == PackageRounding.UP && q % d != 0 ? whole + 1 : whole);
    }
    BigDecimal[] divRem = paid.divideAndRemainder(size);
    BigDecimal packages = divRem[0];
    if (round == PackageRounding.UP && divRem[1].signum() != 0) {
      packages = packages.add(BigDecimal.ONE);
    }
    return packages;
  }

  private static LineExplanation.Line line(String label, BigDecimal quantity, BigDecimal unitPrice,
      Currency currency) {
    return new LineExplanation.Line(label, canonical(quantity), unitPrice,
        Money.of(currency, quantity.multiply(unitPrice)));
  }

  private static RatedAmount lines(Price price, BigDecimal q, Currency currency,
      List<LineExplanation.Line> lines) {
    BigDecimal total = BigDecimal.ZERO;
    for (LineExplanation.Line l : lines) {
      total = total.add(l.subtotal().amount());
    }
    Money amount = Money.of(currency, total);
    return new RatedAmount(amount, new LineExplanation(price.model(), q, amount, lines));
  }

  private static BigDecimal canonical(BigDecimal value) {
    return dev.billwright.money.Decimals.canonical(value, 0);
  }
}
