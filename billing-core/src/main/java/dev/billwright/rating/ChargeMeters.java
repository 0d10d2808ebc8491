package dev.billwright.rating;

import dev.billwright.catalog.Charge;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.PricePer;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.metering.AggregatedQuantity;
import dev.billwright.metering.AggregationResult;
import dev.billwright.metering.Meter;
import dev.billwright.metering.QuantityKey;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connects metering to charges: derives one meter per usage charge (the charge's meter narrowed
 * by the charge's own filters and grouped by its group-by), and reads a charge's usage back out
 * of an {@link AggregationResult}.
 *
 * <p>The derived meter of charge {@code sms_otp} of plan {@code otp-growth@3} is coded
 * {@code otp-growth@3/sms_otp}; its filters are the meter's filters with the charge's filters
 * added (where both filter one property, only values accepted by both remain); its group-by is
 * the charge's, else the meter's.
 */
public final class ChargeMeters {
  private ChargeMeters() {}

  /**
   * Returns the code of the meter derived for a charge.
   *
   * @param plan the plan, not null
   * @param charge the usage charge, not null
   * @return the code, such as {@code otp-growth@3/sms_otp}
   */
  public static String code(Plan plan, Charge charge) {
    return plan.reference() + "/" + charge.code();
  }

  /**
   * Derives the meters of every usage charge of some plans.
   *
   * @param plans the plans (overrides applied or not: filters and group-by are not overridable),
   *     not null
   * @param meters the meters, keyed by code, not null
   * @return the derived meters, one per usage charge, distinct codes, in plan then charge order
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if a charge names a meter
   *     that does not exist, or a prorated charge's meter does not aggregate by sum
   */
  public static List<Meter> derive(Collection<Plan> plans, Map<String, Meter> meters) {
    Map<String, Meter> out = new LinkedHashMap<>();
    for (Plan plan : plans) {
      for (Charge charge : plan.charges()) {
        if (charge.kind() != ChargeKind.USAGE) {
          continue;
        }
        String meterCode = charge.meter().orElseThrow();
        Meter base = meters.get(meterCode);
        if (base == null) {
          throw BillingException.invalid(ErrorCode.INVALID_DEFINITION,
              "plans[" + plan.reference() + "].charges[" + charge.code() + "].meter", meterCode,
              "the code of a defined meter: " + meters.keySet());
        }
        if (charge.prorated() && base.aggregation() != dev.billwright.metering.Aggregation.SUM) {
          throw BillingException.invalid(ErrorCode.INVALID_DEFINITION,
              "plans[" + plan.reference() + "].charges[" + charge.code() + "].prorated", true,
              "a charge on a sum meter (meter " + meterCode + " aggregates by " + base.aggregation().name()
                  .toLowerCase(java.util.Locale.ROOT) + "; Lago prorates recurring sum metrics only), or prorated: false");
        }
        Map<String, Set<String>> filters = new LinkedHashMap<>();
        base.filters().forEach((k, v) -> filters.put(k, new LinkedHashSet<>(v)));
        charge.filters().forEach((k, v) -> {
          Set<String> existing = filters.get(k);
          if (existing == null) {
            filters.put(k, new LinkedHashSet<>(v));
          } else {
            existing.retainAll(v);
          }
        });
        List<String> groupBy = charge.groupBy().isEmpty() ? base.groupBy() : charge.groupBy();
        checkBuckets(plan, charge, base);
        out.putIfAbsent(code(plan, charge), Meter.of(code(plan, charge), base.eventType(), base.aggregation(),
            base.valueProperty().orElse(null), filters, groupBy).withBucket(base.bucket().orElse(null))
            .withNormalize(base.normalize().orElse(null)));
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * A charge priced per bucket or resetting its free units per window needs its meter's buckets
   * (plan format 1.1): the meter must have a {@code bucket}, and a reset window must be made of
   * whole buckets.
   */
  private static void checkBuckets(Plan plan, Charge charge, Meter meter) {
    List<ChargePrice> prices = new ArrayList<>();
    prices.add(charge.price());
    prices.addAll(charge.prices().values());
    String where = "plans[" + plan.reference() + "].charges[" + charge.code() + "]";
    for (ChargePrice p : prices) {
      if (p.pricePer() == PricePer.BUCKET && meter.bucket().isEmpty()) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ".price_per", "bucket",
            "period, or a meter with a bucket: meter '" + meter.code() + "' (" + meter.aggregation().name()
                .toLowerCase(java.util.Locale.ROOT) + ") aggregates the whole period");
      }
      if (p.included() != null && p.included().reset() != null) {
        if (meter.bucket().isEmpty()) {
          throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ".included.reset",
              p.included().reset().toString(), "no reset, or a meter with a bucket: meter '" + meter.code()
                  + "' has none, so usage per reset window is not known");
        }
        if (!meter.bucket().get().divides(p.included().reset())) {
          throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, where + ".included.reset",
              p.included().reset().toString(), "a window made of whole buckets of meter '" + meter.code() + "' ("
                  + meter.bucket().get() + ")");
        }
      }
    }
  }

  /**
   * An index over an aggregation result, for looking up many subscriptions' usage quickly
   * (building it is linear in the result's size; each lookup is linear in the groups of one
   * customer, meter and period).
   *
   * @param result the aggregation result, not null
   * @return the index, never null
   * @deprecated the index looks usage up per customer and schedule period: two subscriptions of
   *     one customer would each read all of it. Bill through {@link SubscriptionUsageAggregator}
   *     and {@link UsageSource#of(SubscriptionUsage)}, which key usage by subscription and window.
   */
  @Deprecated
  public static UsageIndex index(AggregationResult result) {
    return new UsageIndex(result);
  }

  /**
   * Usage looked up per customer, derived meter and period.
   *
   * @deprecated see {@link ChargeMeters#index}
   */
  @Deprecated
  public static final class UsageIndex {
    private final Map<String, Map<Map<String, String>, BigDecimal>> byKey = new HashMap<>();
    private final Set<String> customers = new HashSet<>();

    private UsageIndex(AggregationResult result) {
      for (Map.Entry<QuantityKey, AggregatedQuantity> e : result.quantities().entrySet()) {
        QuantityKey k = e.getKey();
        byKey.computeIfAbsent(key(k.customer(), k.meterCode(), k.period()), x -> new LinkedHashMap<>())
            .put(k.group(), e.getValue().quantity());
        customers.add(k.customer());
      }
    }

    private static String key(String customer, String meter, BillingPeriod period) {
      return customer + '\u0000' + meter + '\u0000' + period.start() + '\u0000' + period.end();
    }

    /**
     * Returns the usage of one customer under a plan for a period (the schedule's full period).
     *
     * @param customer the customer id, not null
     * @param plan the plan whose usage charges to read, not null
     * @param period the period events were assigned to, not null
     * @return the usage per charge, never null
     */
    public PeriodUsage usage(String customer, Plan plan, BillingPeriod period) {
      Map<String, Map<Map<String, String>, BigDecimal>> q = new LinkedHashMap<>();
      for (Charge charge : plan.charges()) {
        if (charge.kind() == ChargeKind.USAGE) {
          Map<Map<String, String>, BigDecimal> groups = byKey.get(key(customer, code(plan, charge), period));
          if (groups != null) {
            q.put(charge.code(), sorted(groups));
          }
        }
      }
      return new PeriodUsage(q, Map.of());
    }

    private static Map<Map<String, String>, BigDecimal> sorted(Map<Map<String, String>, BigDecimal> groups) {
      List<Map.Entry<Map<String, String>, BigDecimal>> entries = new ArrayList<>(groups.entrySet());
      entries.sort((a, b) -> new java.util.TreeMap<>(a.getKey()).toString()
          .compareTo(new java.util.TreeMap<>(b.getKey()).toString()));
      Map<Map<String, String>, BigDecimal> out = new LinkedHashMap<>();
      entries.forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }
  }
}
