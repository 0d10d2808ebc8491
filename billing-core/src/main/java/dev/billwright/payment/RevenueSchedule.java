package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * When one invoice line's (or one credit note line's) revenue is earned: amounts per day and per
 * month that add up exactly to the line's taxable amount (net of discount, without tax, which is
 * collected for the government and is not revenue). A credit note's schedule is negative.
 *
 * @param documentId the invoice or credit note id, not blank
 * @param lineId the invoice line id, not blank
 * @param amount the amount recognised in all, at the currency's minor units
 * @param billedIn the month the document was issued (in the service period's zone)
 * @param pattern the recognition pattern used
 * @param byDay the amount earned per day, ascending, summing to amount; never null
 */
public record RevenueSchedule(String documentId, String lineId, Money amount, YearMonth billedIn,
    RecognitionPattern pattern, SortedMap<LocalDate, Money> byDay) {
  /**
   * Validates and copies.
   *
   * @param documentId see the record component
   * @param lineId see the record component
   * @param amount see the record component
   * @param billedIn see the record component
   * @param pattern see the record component
   * @param byDay see the record component
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the days do not add up to amount
   */
  public RevenueSchedule {
    byDay = Collections.unmodifiableSortedMap(new TreeMap<>(byDay));
    Money sum = Money.total(amount.currency(), byDay.values());
    if (!sum.equals(amount)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "schedule " + documentId + "/" + lineId + ".by_day", sum,
          "days adding up to " + amount);
    }
  }

  /**
   * Returns the amount earned per month.
   *
   * @return the months, ascending, summing to amount; never null
   */
  public SortedMap<YearMonth, Money> byMonth() {
    SortedMap<YearMonth, Money> months = new TreeMap<>();
    byDay.forEach((d, m) -> months.merge(YearMonth.from(d), m, Money::plus));
    return Collections.unmodifiableSortedMap(months);
  }

  /**
   * Returns the amount earned up to the end of a month (inclusive).
   *
   * @param month the month, not null
   * @return the cumulative amount, never null
   */
  public Money recognisedThrough(YearMonth month) {
    return Money.total(amount.currency(), byDay.headMap(month.plusMonths(1).atDay(1)).values());
  }
}
