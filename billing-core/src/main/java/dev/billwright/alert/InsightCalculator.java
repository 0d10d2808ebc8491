package dev.billwright.alert;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link UsageInsight}s from amounts that are already rated.
 *
 * <p>Rating belongs to the rating code: pass the cost so far per charge or meter code exactly as
 * rating computed it for the period to date, so the dashboard and the invoice agree. This class
 * only sums and projects. The projection is linear over elapsed time:
 * {@code projected = costSoFar × periodLength / elapsed}, with both lengths in nanoseconds, rounded
 * once by the {@link RoundingPolicy} ({@link RoundingPolicy#roundRatio}); at the very start of
 * the period (nothing elapsed) the projection is the cost so far. (Lago also exposes a
 * projected usage; this straight-line formula is ours, not a claim about Lago's.)
 *
 * <p>Stateless and thread-safe.
 */
public final class InsightCalculator {
  /** Rounds projections with {@link RoundingPolicy#DEFAULT}. */
  public static final InsightCalculator DEFAULT = new InsightCalculator(RoundingPolicy.DEFAULT);

  private final RoundingPolicy rounding;

  /**
   * Creates a calculator.
   *
   * @param rounding the policy that rounds the projected total, not null
   * @throws NullPointerException if rounding is null
   */
  public InsightCalculator(RoundingPolicy rounding) {
    this.rounding = Objects.requireNonNull(rounding, "rounding");
  }

  /**
   * Builds an insight.
   *
   * @param customerId the customer id, not null
   * @param currency the currency of the costs, not null
   * @param periodStart the period start (inclusive), not null
   * @param periodEnd the period end (exclusive), after the start
   * @param asOf the instant, in {@code [periodStart, periodEnd]}
   * @param usage the usage so far per meter code, not null
   * @param costByCode the rated cost so far per code, each zero or more, in the currency
   * @return the insight, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the period is empty,
   *     {@link ErrorCode#INVALID_VALUE} if asOf is outside it or a cost is negative,
   *     {@link ErrorCode#CURRENCY_MISMATCH} for a cost in another currency,
   *     {@link ErrorCode#REQUIRED_FIELD_MISSING} for a null argument
   */
  public UsageInsight insight(String customerId, Currency currency, Instant periodStart,
      Instant periodEnd, Instant asOf, Map<String, BigDecimal> usage, Map<String, Money> costByCode) {
    if (customerId == null || currency == null || periodStart == null || periodEnd == null
        || asOf == null || usage == null || costByCode == null) {
      throw new BillingException(ErrorCode.REQUIRED_FIELD_MISSING,
          "every argument of insight() is required");
    }
    if (!periodEnd.isAfter(periodStart)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "period_end", periodEnd,
          "an instant after period_start " + periodStart);
    }
    if (asOf.isBefore(periodStart) || asOf.isAfter(periodEnd)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "as_of", asOf,
          "an instant in [" + periodStart + ", " + periodEnd + "]");
    }
    Money cost = Money.zero(currency);
    for (Map.Entry<String, Money> e : costByCode.entrySet()) {
      if (e.getValue().isNegative()) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "cost_by_code." + e.getKey(),
            e.getValue(), "zero or more");
      }
      cost = cost.plus(e.getValue());
    }
    BigInteger elapsed = nanos(Duration.between(periodStart, asOf));
    BigInteger length = nanos(Duration.between(periodStart, periodEnd));
    Money projected = elapsed.signum() == 0 ? rounding.round(cost)
        : rounding.roundRatio(cost, length, elapsed);
    return new UsageInsight(customerId, periodStart, periodEnd, asOf, usage, costByCode, cost,
        projected);
  }

  private static BigInteger nanos(Duration d) {
    return BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(d.getNano()));
  }
}
