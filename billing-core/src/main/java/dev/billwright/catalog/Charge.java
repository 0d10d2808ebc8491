package dev.billwright.catalog;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.internal.BillwrightStyle;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.time.BillingCadence;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One charge of a plan: what is billed (a meter's usage, a recurring fee, a one-time fee), when
 * (in advance or in arrears, on the plan's cadence or its own) and at what price.
 *
 * <p>JSON form (plan format version 1): {@code code}, {@code name}, {@code kind}, {@code meter},
 * {@code filters}, {@code group_by}, {@code timing}, {@code cadence}, {@code quantity_transform},
 * {@code price}, {@code prices}, {@code minimum}, {@code maximum}, {@code prorated},
 * {@code tax_code}, {@code discount_percent}; plan format 1.1 adds {@code price_per},
 * {@code included} and {@code commitment} (held by {@link ChargePrice}); see {@link PlanJson}.
 *
 * <p>Invariants, checked at construction: a usage charge names a meter and other kinds do not;
 * filters and group-by apply only to usage charges; the discount is above 0 and at most 100.
 */
@Value.Immutable
@BillwrightStyle
public abstract class Charge implements WithCharge {
  /** Package-private: use {@link #builder()}. */
  Charge() {}

  /**
   * Returns a new builder.
   *
   * @return the builder, never null
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The charge code, unique within its plan, such as {@code sms_otp}.
   *
   * @return the code, never null or empty
   */
  public abstract String code();

  /**
   * The name shown on invoices; defaults to the code.
   *
   * @return the name, never null
   */
  @Value.Default
  public String name() {
    return code();
  }

  /**
   * What the charge bills for.
   *
   * @return the kind, never null
   */
  public abstract ChargeKind kind();

  /**
   * The meter a usage charge is priced on.
   *
   * @return the meter code; present exactly for usage charges
   */
  public abstract Optional<String> meter();

  /**
   * Filters on event properties, narrowing the meter's events to this charge (property → accepted
   * values), such as {@code {"channel": ["sms"]}}.
   *
   * @return the filters, never null, may be empty
   */
  public abstract Map<String, Set<String>> filters();

  /**
   * Event properties the charge's usage is grouped by; each combination of values is priced
   * separately (a matrix price matches its cells on them).
   *
   * @return the property names, in order, never null, may be empty
   */
  public abstract List<String> groupBy();

  /**
   * When the charge is billed; defaults to in arrears for usage, in advance otherwise.
   *
   * @return the timing, never null
   */
  @Value.Default
  public ChargeTiming timing() {
    return kind() == ChargeKind.USAGE ? ChargeTiming.IN_ARREARS : ChargeTiming.IN_ADVANCE;
  }

  /**
   * The charge's own cadence, when it differs from the plan's (bill usage monthly on a yearly
   * plan).
   *
   * @return the cadence, empty to use the plan's
   */
  public abstract Optional<BillingCadence> cadence();

  /**
   * The price in the plan's currency, with the charge's quantity transform and spend bounds.
   *
   * @return the price, never null
   */
  public abstract ChargePrice price();

  /**
   * Prices in other currencies (the same model or another), keyed by currency.
   *
   * @return the prices, never null, may be empty
   */
  public abstract Map<Currency, ChargePrice> prices();

  /**
   * Whether the charge is prorated. A recurring fee: prorated for a partial period (first or last
   * period, mid-period changes). A usage charge (Lago's prorated charges on a recurring metric
   * such as seats or storage): each unit is billed for the share of the period it was held, from
   * its event to the period's end, by the plan's proration basis (a removal, a negative value,
   * reduces from its instant), and the metric is recurring: units held at a period's end carry
   * into the later periods of the same plan; only on a {@code sum} meter
   * ({@link dev.billwright.rating.ChargeMeters#derive} refuses another aggregation) with a
   * {@code per_unit} price, and only when usage is metered from events
   * ({@link dev.billwright.rating.SubscriptionUsageAggregator}; a host's pre-aggregated
   * quantities are taken as given). Refused on a one-time charge.
   *
   * @return true if prorated; default true for recurring charges, false otherwise
   */
  @Value.Default
  public boolean prorated() {
    return kind() == ChargeKind.RECURRING;
  }

  /**
   * The tax code of what is sold, such as {@code SAC:998319} (an Indian services accounting code)
   * or {@code HSN:8471}; passed to the tax SPI.
   *
   * @return the tax code, empty if untaxed or taxed by default rules
   */
  public abstract Optional<String> taxCode();

  /**
   * A percentage discount on this charge in percent ({@code 10} is 10 %), applied before tax;
   * used by customer overrides.
   *
   * @return the discount in percent, above 0 and at most 100, empty for none
   */
  public abstract Optional<BigDecimal> discountPercent();

  /**
   * Returns the price for a currency: the main price if the currency is the plan's, else the
   * entry of {@link #prices()}.
   *
   * @param currency the currency, not null
   * @param planCurrency the plan's currency, not null
   * @return the price, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if the charge has no
   *     price in that currency
   */
  public ChargePrice priceIn(Currency currency, Currency planCurrency) {
    if (currency.equals(planCurrency)) {
      return price();
    }
    ChargePrice p = prices().get(currency);
    if (p == null) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".prices",
          currency.getCurrencyCode(), "a currency the charge is priced in: " + planCurrency.getCurrencyCode()
              + " or " + prices().keySet());
    }
    return p;
  }

  /**
   * Checks the invariants.
   *
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} naming the field (also for
   *     {@code price_per}, {@code included} or {@code commitment} on a non-usage or grouped
   *     charge, and a {@code capacity} price without exactly one {@code group_by} property)
   */
  @Value.Check
  protected void check() {
    if (code().isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "code", code(), "a non-empty charge code");
    }
    if (kind() == ChargeKind.USAGE && meter().isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".meter", null,
          "the code of the meter a usage charge is priced on");
    }
    if (kind() != ChargeKind.USAGE && meter().isPresent()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".meter",
          meter().get(), "no meter on a " + kind().name().toLowerCase(java.util.Locale.ROOT) + " charge");
    }
    if (kind() != ChargeKind.USAGE && (!filters().isEmpty() || !groupBy().isEmpty())) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".filters",
          filters() + " " + groupBy(), "filters and group_by only on usage charges");
    }
    if (kind() != ChargeKind.USAGE && price().price().needsEvents()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".price.model",
          price().price().model(), "a quantity-priced model on a " + kind() + " charge");
    }
    if (prorated() && kind() == ChargeKind.ONE_TIME) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".prorated", true,
          "false: a one-time charge has no period to prorate");
    }
    if (prorated() && kind() == ChargeKind.USAGE) {
      List<ChargePrice> all = new java.util.ArrayList<>(prices().values());
      all.add(0, price());
      for (ChargePrice p : all) {
        if (!(p.price() instanceof dev.billwright.pricing.PerUnitPrice)) {
          throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".prorated", true,
              "a per_unit price on a prorated usage charge (got " + p.price().model() + "; Lago's prorated"
                  + " graduated and volume models are not supported), or prorated: false");
        }
      }
    }
    checkUsageTerms(price(), "");
    prices().forEach((currency, p) -> checkUsageTerms(p, ".prices." + currency.getCurrencyCode()));
    discountPercent().ifPresent(d -> {
      if (!isDiscount(d)) {
        throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "charges." + code() + ".discount_percent",
            d.toPlainString(), DISCOUNT_RANGE);
      }
    });
  }

  /**
   * The plan format 1.1 usage terms: {@code price_per}, {@code included} and {@code commitment}
   * only on usage charges priced from one quantity (not grouped by the charge's
   * {@code group_by}: the terms are the charge's, not each group's); the {@code capacity} model
   * on exactly one {@code group_by} property (Kill Bill CAPACITY limits each value of one unit).
   */
  private void checkUsageTerms(ChargePrice p, String where) {
    String prefix = "charges." + code() + where;
    String term = p.pricePer() == dev.billwright.pricing.PricePer.BUCKET ? "price_per"
        : p.included() != null ? "included" : p.commitment() != null ? "commitment" : null;
    if (term != null && kind() != ChargeKind.USAGE) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, prefix + "." + term, kind().name()
          .toLowerCase(java.util.Locale.ROOT) + " charge", "a usage charge: " + term + " applies to metered usage");
    }
    if (term != null && !groupBy().isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, prefix + "." + term, "group_by " + groupBy(),
          "a charge without group_by: " + term + " applies to the charge's whole quantity, not to each group");
    }
    if (p.price() instanceof dev.billwright.pricing.CapacityPrice && groupBy().size() != 1) {
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, prefix + ".group_by", groupBy().toString(),
          "exactly one property: the capacity model limits the quantity of each value of one dimension");
    }
  }

  /** What a discount accepts; a coupon's {@code percent_off} has the same range. */
  static final String DISCOUNT_RANGE = "a percentage above 0 and at most 100 (leave the field out for no discount)";

  /**
   * Whether a percentage is a discount: above 0 and at most 100, the range of a percentage
   * coupon ({@link dev.billwright.invoice.Coupon}, as Stripe's {@code percent_off}), which the
   * invoice applies it as.
   */
  static boolean isDiscount(BigDecimal percent) {
    return percent.signum() > 0 && percent.compareTo(BigDecimal.valueOf(100)) <= 0;
  }

  /** Builds {@link Charge}s; strict: each field is set at most once. */
  public static final class Builder extends ImmutableCharge.Builder {
    /** Creates an empty builder. */
    public Builder() {}
  }
}
