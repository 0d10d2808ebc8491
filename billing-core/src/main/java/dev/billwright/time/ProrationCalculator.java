package dev.billwright.time;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Allocation;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Computes proration: the exact share of a full billing period that a part of it covers, and the
 * split of an amount over parts of a period. Stateless; use {@link #DEFAULT}.
 *
 * <p>A part is measured against the full period it lies in, in units that depend on the
 * {@link ProrationBasis}; the fraction is {@code units(part) / units(full)}, exact:
 * <ul>
 *   <li>{@link ProrationBasis#SECONDS}: the exact duration of the half-open periods (to the
 *       nanosecond; with whole-second instants, seconds). A DST day is 23 or 25 hours of it. This
 *       is Stripe's rule: {@code (end − t) / (end − start)} over the period's timestamps.
 *   <li>{@link ProrationBasis#DAYS}: local calendar days in the full period's zone. Each end of a
 *       period is taken at its local date, so {@code days([s, e)) = date(e) − date(s)}: a day cut
 *       by a change belongs wholly to the part that <em>starts</em> on it (the change day is
 *       billed to the new part, not the old one), and a part shorter than a day inside one date
 *       counts 0. This is Kill Bill's rule (all dates are {@code LocalDate}s in the account's
 *       zone; {@code InvoiceDateUtils} divides whole days by the days of the period) and Lago's for
 *       upgrades (the old plan pays for the days before the upgrade day); Lago counts a
 *       termination day as used by the ending subscription, which this basis does not. A DST day
 *       is one day.
 *   <li>{@link ProrationBasis#DAYS_30}: every month counts 30 days, a year 360. A local date
 *       {@code y-m-d} is day {@code 360·y + 30·(m − 1) + min(d − 1, 30)}, and a period counts the
 *       difference between its ends: days 1 to 30 of a month count one each, the 31st counts 0,
 *       and the last day of February counts the missing 2 (or 1) days, so every whole month is
 *       30. This is the 30E/360 day count (ISDA 2006 Definitions §4.16(g)) except that a period
 *       bound on the 31st counts as the 1st of the next month (30E/360 would make the 30th the
 *       day that counts 0). Meant for monthly and longer cadences; a full period that counts 0
 *       days (a day period on a 31st) is rejected.
 *   <li>{@link ProrationBasis#NONE}: every part is billed as the whole period: fraction 1.
 * </ul>
 * Because units are differences of one function of the period's ends, the units of abutting parts
 * add up exactly to the units of the period they cover, for every basis except NONE.
 */
public final class ProrationCalculator {
  /** The default instance. */
  public static final ProrationCalculator DEFAULT = new ProrationCalculator();

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private ProrationCalculator() {}

  /**
   * Returns the exact fraction of a full period covered by a part of it.
   *
   * @param part the part, not null, enclosed by {@code full}
   * @param full the full period, not null; its zone decides local dates
   * @param basis the basis, not null
   * @return the fraction, from 0 to 1, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the part is not inside the
   *     full period or the full period counts 0 units under the basis
   */
  public ProrationFraction fraction(BillingPeriod part, BillingPeriod full, ProrationBasis basis) {
    checkInside(part, full, "part");
    Required.nonNull(basis, "basis");
    if (basis == ProrationBasis.NONE) {
      return ProrationFraction.ONE;
    }
    return ProrationFraction.of(units(part, full.zone(), basis), fullUnits(full, basis));
  }

  /**
   * Returns the exact fraction of its full period that a scheduled period covers.
   *
   * @param period the scheduled period, not null
   * @param basis the basis, not null
   * @return the fraction, from 0 to 1 ({@link ProrationFraction#ONE} when not partial), never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if the full period counts 0
   *     units under the basis
   */
  public ProrationFraction fraction(ScheduledPeriod period, ProrationBasis basis) {
    Required.nonNull(period, "period");
    return fraction(period.period(), period.fullPeriod(), basis);
  }

  /**
   * Prorates an amount for a part of a period, rounding once:
   * {@code policy.roundRatio(amount, fraction)}.
   *
   * @param amount the amount for the full period, not null, any sign
   * @param part the part, not null, enclosed by {@code full}
   * @param full the full period, not null
   * @param basis the basis, not null
   * @param policy the rounding policy, not null
   * @return the rounded prorated amount, never null
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} as {@link #fraction}
   */
  public Money prorate(Money amount, BillingPeriod part, BillingPeriod full, ProrationBasis basis,
      RoundingPolicy policy) {
    return fraction(part, full, basis).applyTo(amount, policy);
  }

  /**
   * Splits the amount of a full period over non-overlapping parts of it, so that the rounded
   * parts add up exactly to {@code round(amount × Σ fractions)}: the total is rounded once by
   * {@code policy}, then allocated over the parts in proportion to their units with
   * {@link Allocation#allocate} (largest remainder, ties to the earlier part). When the parts
   * cover the full period the parts add up exactly to {@code round(amount)}. Each part is within
   * one rounding unit of its own exact share. With {@link ProrationBasis#NONE} every part is the
   * whole rounded amount.
   *
   * @param amount the amount for the full period, not null, any sign
   * @param parts the parts, not null, not empty, each enclosed by {@code full}, pairwise not
   *     overlapping (abutting is fine), in any order
   * @param full the full period, not null
   * @param basis the basis, not null
   * @param policy the rounding policy, not null
   * @return one rounded amount per part, in the order of {@code parts}, unmodifiable
   * @throws BillingException with {@link ErrorCode#INVALID_PERIOD} if parts is empty, a part is
   *     outside the full period, two parts overlap, or the full period counts 0 units
   */
  public List<Money> split(Money amount, List<BillingPeriod> parts, BillingPeriod full,
      ProrationBasis basis, RoundingPolicy policy) {
    Required.nonNull(amount, "amount");
    Required.nonNull(basis, "basis");
    Required.nonNull(policy, "policy");
    if (parts == null || parts.isEmpty()) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "parts", parts, "at least one period");
    }
    for (int i = 0; i < parts.size(); i++) {
      checkInside(parts.get(i), full, "parts[" + i + "]");
    }
    List<BillingPeriod> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.naturalOrder());
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).overlaps(sorted.get(i))) {
        throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "parts", sorted.get(i),
            "parts that do not overlap; it overlaps " + sorted.get(i - 1));
      }
    }
    if (basis == ProrationBasis.NONE) {
      return Collections.nCopies(parts.size(), policy.round(amount));
    }
    BigInteger denominator = fullUnits(full, basis);
    List<BigDecimal> weights = new ArrayList<>(parts.size());
    BigInteger sum = BigInteger.ZERO;
    for (BillingPeriod p : parts) {
      BigInteger u = units(p, full.zone(), basis);
      weights.add(new BigDecimal(u));
      sum = sum.add(u);
    }
    Money total = policy.roundRatio(amount, sum, denominator);
    if (sum.signum() == 0) {
      return Collections.nCopies(parts.size(), total);
    }
    return Allocation.allocate(total, weights, policy);
  }

  private static void checkInside(BillingPeriod part, BillingPeriod full, String field) {
    if (part == null || full == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, part == null ? field : "full",
          null, "a billing period");
    }
    if (!full.encloses(part)) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, field, part,
          "a period inside the full period " + full);
    }
  }

  private static BigInteger fullUnits(BillingPeriod full, ProrationBasis basis) {
    BigInteger d = units(full, full.zone(), basis);
    if (d.signum() <= 0) {
      throw BillingException.invalid(ErrorCode.INVALID_PERIOD, "full", full,
          "a period of at least one unit under proration basis " + basis.jsonName());
    }
    return d;
  }

  private static BigInteger units(BillingPeriod p, ZoneId zone, ProrationBasis basis) {
    switch (basis) {
      case SECONDS: {
        Duration d = p.duration();
        return BigInteger.valueOf(d.getSeconds()).multiply(NANOS_PER_SECOND)
            .add(BigInteger.valueOf(d.getNano()));
      }
      case DAYS:
        return BigInteger.valueOf(epochDay(p.end(), zone) - epochDay(p.start(), zone));
      case DAYS_30:
        return BigInteger.valueOf(day30(p.end(), zone) - day30(p.start(), zone));
      default:
        return BigInteger.ONE;
    }
  }

  private static long epochDay(Instant instant, ZoneId zone) {
    return LocalDate.ofInstant(instant, zone).toEpochDay();
  }

  private static long day30(Instant instant, ZoneId zone) {
    LocalDate d = LocalDate.ofInstant(instant, zone);
    return 360L * d.getYear() + 30L * (d.getMonthValue() - 1) + Math.min(d.getDayOfMonth() - 1, 30);
  }
}
