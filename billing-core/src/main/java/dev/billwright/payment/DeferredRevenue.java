package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.YearMonth;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Deferred revenue per month from revenue schedules: what was billed, what was earned, and the
 * closing balance of deferred revenue (billed to date − earned to date). A negative closing
 * balance is revenue earned but not yet billed (usage billed in arrears: a contract asset /
 * unbilled receivable, ASC 606-10-45-3, Ind AS 115 para 107).
 */
public final class DeferredRevenue {
  private DeferredRevenue() {}

  /**
   * One month.
   *
   * @param billed Σ schedule amounts billed in the month (credit notes negative)
   * @param recognised Σ amounts earned in the month
   * @param deferredClosing billed through the month − earned through the month
   */
  public record Month(Money billed, Money recognised, Money deferredClosing) {}

  /**
   * Returns the months from {@code from} to {@code to} (inclusive), counting everything billed
   * or earned before {@code from} in the opening balance.
   *
   * @param currency the currency of every schedule, not null
   * @param schedules the schedules, not null
   * @param from the first month, not null
   * @param to the last month, not before from
   * @return the months in order, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if to is before from, or
   *     {@link ErrorCode#CURRENCY_MISMATCH} for a schedule in another currency
   */
  public static SortedMap<YearMonth, Month> byMonth(Currency currency, List<RevenueSchedule> schedules,
      YearMonth from, YearMonth to) {
    if (to.isBefore(from)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "to", to, "a month not before " + from);
    }
    Money zero = Money.zero(currency);
    SortedMap<YearMonth, Month> out = new TreeMap<>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      Money billed = zero;
      Money recognised = zero;
      Money billedToDate = zero;
      Money earnedToDate = zero;
      for (RevenueSchedule s : schedules) {
        if (s.billedIn().equals(m)) {
          billed = billed.plus(s.amount());
        }
        if (!s.billedIn().isAfter(m)) {
          billedToDate = billedToDate.plus(s.amount());
        }
        recognised = recognised.plus(s.byMonth().getOrDefault(m, zero));
        earnedToDate = earnedToDate.plus(s.recognisedThrough(m));
      }
      out.put(m, new Month(billed, recognised, billedToDate.minus(earnedToDate)));
    }
    return Collections.unmodifiableSortedMap(out);
  }
}
