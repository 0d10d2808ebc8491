package dev.billwright.pricing;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prices one charge for one period, in this order:
 * <ol>
 *   <li>free units ({@code included}, plan format 1.1): per reset window, the first
 *       {@code quantity} units are free (Flexprice entitlements; the window defaults to the
 *       period);</li>
 *   <li>the quantity transform (to the aggregate quantity, to each bucket's quantity, or to each
 *       pre-grouped quantity for a matrix or capacity price);</li>
 *   <li>the price, once for the period or, with {@code price_per: bucket}, once per bucket with
 *       usage, adding the amounts (Flexprice bucketed pricing); free units of the {@code per_unit}
 *       and {@code package} models are part of those models;</li>
 *   <li>the commitment ({@code commitment}, Flexprice): the amount above it × overage factor; a
 *       shortfall is a separate true-up when {@code true_up} is set;</li>
 *   <li>the spend bounds: a maximum caps the line, a minimum adds a separate true-up.</li>
 * </ol>
 * Stateless; amounts stay exact.
 */
public final class ChargePricing {
  /** The instance using {@link PriceCalculator#DEFAULT}. */
  public static final ChargePricing DEFAULT = new ChargePricing(PriceCalculator.DEFAULT);

  private final PriceCalculator calculator;

  /**
   * Creates a charge pricer.
   *
   * @param calculator the price calculator, not null
   */
  public ChargePricing(PriceCalculator calculator) {
    this.calculator = PriceChecks.required(calculator, "calculator");
  }

  /**
   * Prices a charge whose usage is not split into buckets.
   *
   * @param charge the price, transform, bounds and usage terms, not null
   * @param input the quantity, events or groups, not null
   * @param currency the currency, not null
   * @return the line amount, the true-up and the explanation
   * @throws BillingException if the input does not suit the price (see
   *     {@link PriceCalculator#calculate(Price, PricingInput, Currency)}), a transform is given
   *     with events for a matrix, or the charge needs buckets ({@link ChargePrice#needsBuckets()})
   *     and the quantity is not zero
   */
  public ChargeAmount price(ChargePrice charge, PricingInput input, Currency currency) {
    return price(charge, input, null, currency);
  }

  /**
   * Prices a charge, with its usage split into buckets when the charge prices per bucket or
   * resets its free units per window.
   *
   * @param charge the price, transform, bounds and usage terms, not null
   * @param input the quantity, events or groups, not null; with buckets, the quantity equal to
   *     their total
   * @param buckets the period's usage per bucket, or null when the meter has no bucket
   * @param currency the currency, not null
   * @return the line amount, the true-up and the explanation
   * @throws BillingException {@link ErrorCode#INVALID_VALUE} if the charge needs buckets and
   *     none are given for a non-zero quantity, the input is not a single quantity, or it
   *     differs from the buckets' total; {@link ErrorCode#INVALID_DEFINITION} if the meter's
   *     bucket does not evenly divide {@code included.reset}; or as
   *     {@link PriceCalculator#calculate(Price, PricingInput, Currency)} throws
   */
  public ChargeAmount price(ChargePrice charge, PricingInput input, @Nullable UsageBuckets buckets, Currency currency) {
    PriceChecks.required(charge, "charge");
    PriceChecks.required(input, "input");
    PriceChecks.required(currency, "currency");
    BigDecimal quantity = input.totalQuantity();
    BigDecimal includedUsed = BigDecimal.ZERO;
    RatedAmount rated;
    BigDecimal pricedQuantity;
    if (charge.needsBuckets() || (buckets != null && charge.included() != null)) {
      if (input.quantity() == null && (!input.events().isEmpty() || !input.groups().isEmpty())) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input", "events or groups",
            "one quantity: price_per bucket and included.reset price a single quantity split into buckets");
      }
      Map<Instant, BigDecimal> remaining = new LinkedHashMap<>();
      if (buckets != null) {
        if (buckets.total().compareTo(quantity) != 0) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "buckets", buckets.total().toPlainString(),
              "buckets summing to the period's quantity " + quantity.toPlainString());
        }
        remaining.putAll(buckets.quantities());
      } else if (quantity.signum() != 0) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "buckets", "none",
            "the period's usage per bucket: the charge has " + (charge.pricePer() == PricePer.BUCKET
                ? "price_per bucket" : "included.reset " + charge.included().reset())
                + " and its meter must have a bucket");
      }
      if (charge.included() != null) {
        includedUsed = freeByWindow(charge.included(), buckets, remaining);
      }
      if (charge.pricePer() == PricePer.BUCKET) {
        List<BucketExplanation.Bucket> explained = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        pricedQuantity = BigDecimal.ZERO;
        for (Map.Entry<Instant, BigDecimal> b : remaining.entrySet()) {
          BigDecimal q = transform(charge, b.getValue());
          RatedAmount r = calculator.calculate(charge.price(), PricingInput.ofQuantity(q), currency);
          total = total.add(r.amount().amount());
          pricedQuantity = pricedQuantity.add(q);
          explained.add(new BucketExplanation.Bucket(b.getKey(), buckets.quantities().get(b.getKey()),
              r.explanation()));
        }
        Money amount = Money.of(currency, total);
        rated = new RatedAmount(amount, new BucketExplanation(charge.price().model(), pricedQuantity, amount,
            explained));
      } else {
        BigDecimal rest = remaining.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        pricedQuantity = transform(charge, rest);
        rated = calculator.calculate(charge.price(), PricingInput.ofQuantity(pricedQuantity), currency);
      }
    } else {
      PricingInput priced = input;
      if (charge.included() != null && input.quantity() == null && quantity.signum() != 0) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "input", "events or groups",
            "one quantity: included free units are taken from a single quantity");
      }
      if (charge.included() != null) {
        BigDecimal free = quantity.min(charge.included().quantity());
        includedUsed = free;
        priced = PricingInput.ofQuantity(quantity.subtract(free));
      }
      QuantityTransform t = charge.transform();
      if (t != null) {
        if (!input.groups().isEmpty()) {
          Map<Map<String, String>, BigDecimal> groups = new LinkedHashMap<>();
          input.groups().forEach((k, v) -> groups.put(k, t.apply(v)));
          priced = PricingInput.ofGroups(groups);
        } else if (charge.price().pricesGroups()) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE,
              "quantity_transform", "divide_by " + t.divideBy().toPlainString(),
              "grouped quantities as input: a " + charge.price().model() + " price transforms each group's quantity");
        } else {
          priced = PricingInput.ofQuantity(t.apply(priced.totalQuantity()));
        }
      }
      pricedQuantity = priced.totalQuantity();
      rated = calculator.calculate(charge.price(), priced, currency);
    }
    Money amount = rated.amount();
    Money trueUp = Money.zero(currency);
    Money uplift = Money.zero(currency);
    Commitment c = charge.commitment();
    if (c != null) {
      Money committed = Money.of(currency, c.amount());
      if (amount.compareTo(committed) > 0) {
        Money over = amount.minus(committed);
        Money billedOver = Money.of(currency, over.amount().multiply(c.overageFactor()));
        uplift = billedOver.minus(over);
        amount = committed.plus(billedOver);
      } else if (c.trueUp()) {
        trueUp = committed.minus(amount);
      }
    }
    Money reduction = Money.zero(currency);
    SpendBounds b = charge.bounds();
    if (b.maximum() != null) {
      Money max = Money.of(currency, b.maximum());
      if (amount.compareTo(max) > 0) {
        reduction = amount.minus(max);
        amount = max;
      }
    }
    if (b.minimum() != null) {
      Money min = Money.of(currency, b.minimum());
      if (amount.compareTo(min) < 0) {
        trueUp = min.minus(amount);
      }
    }
    return new ChargeAmount(quantity, pricedQuantity, rated, reduction, amount, trueUp,
        dev.billwright.money.Decimals.canonical(includedUsed, 0), uplift);
  }

  private static BigDecimal transform(ChargePrice charge, BigDecimal q) {
    return charge.transform() == null ? q : charge.transform().apply(q);
  }

  /**
   * Takes the free units from the buckets in time order, {@code included.quantity} per reset
   * window (the whole period without {@code reset}); returns the units taken.
   */
  private static BigDecimal freeByWindow(Included included, UsageBuckets buckets, Map<Instant, BigDecimal> remaining) {
    if (buckets == null) {
      return BigDecimal.ZERO;
    }
    if (included.reset() != null && !buckets.bucket().divides(included.reset())) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "included.reset", included.reset().toString(),
          "a window made of whole meter buckets (" + buckets.bucket() + "): a multiple of the bucket");
    }
    Map<Instant, BigDecimal> left = new LinkedHashMap<>();
    BigDecimal used = BigDecimal.ZERO;
    for (Map.Entry<Instant, BigDecimal> b : remaining.entrySet()) {
      Instant window = included.reset() == null ? buckets.period().start()
          : included.reset().bucketStart(buckets.period(), b.getKey());
      BigDecimal free = left.getOrDefault(window, included.quantity());
      BigDecimal take = free.min(b.getValue());
      left.put(window, free.subtract(take));
      b.setValue(b.getValue().subtract(take));
      used = used.add(take);
    }
    return used;
  }
}
