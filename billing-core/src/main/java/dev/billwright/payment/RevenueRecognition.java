package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.money.Allocation;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Revenue recognition per invoice line as pure functions (ASC 606 / Ind AS 115): fees ratably by
 * day over the service period, usage as used, one-time charges at a point in time, credit notes
 * reversing.
 *
 * <p>Exactness: a line's taxable amount is split over its days with
 * {@link Allocation#allocate} (largest remainder), so the days add up to the line exactly and
 * no minor unit is lost; a day's weight is the duration of it inside the half-open service period
 * (so a period starting at noon earns half a day on its first day). Days and months are those of
 * the service period's zone.
 *
 * <p>Credit notes (ASC 606-10-32-42..45 and Ind AS 115 para 87–90, a change in transaction price
 * is allocated on the same basis as at contract inception, with a cumulative catch-up): a credit
 * note line is spread over the invoice line's days on the same pattern and negated; the part that
 * falls before the credit note's issue date is reversed on the issue date.
 */
public final class RevenueRecognition {
  /** Minor units of the currency, HALF_UP (only the unit matters: allocation does not round). */
  public static final RevenueRecognition DEFAULT = new RevenueRecognition(RoundingPolicy.DEFAULT,
      line -> RecognitionPattern.defaultFor(line.kind()));

  private final RoundingPolicy policy;
  private final Function<InvoiceLine, RecognitionPattern> patterns;

  /**
   * Creates a calculator.
   *
   * @param policy gives the minor unit of the parts, not null
   * @param patterns the pattern of each line (default {@link RecognitionPattern#defaultFor} of its kind), not null
   * @throws NullPointerException if an argument is null
   */
  public RevenueRecognition(RoundingPolicy policy, Function<InvoiceLine, RecognitionPattern> patterns) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.patterns = Objects.requireNonNull(patterns, "patterns");
  }

  /**
   * Returns the schedules of every line of an invoice (usage as used on the period's last day).
   *
   * @param invoice the invoice, not null
   * @return one schedule per line, in line order, never null
   */
  public List<RevenueSchedule> schedules(Invoice invoice) {
    List<RevenueSchedule> out = new ArrayList<>();
    for (InvoiceLine line : invoice.lines()) {
      out.add(schedule(invoice, line, Map.of()));
    }
    return out;
  }

  /**
   * Returns the schedule of one invoice line.
   *
   * @param invoice the invoice, not null
   * @param line one of its lines, not null
   * @param usageByDay for AS_USED lines, the quantity used per day (days inside the service
   *     period, weights of zero or more, not all zero); empty to earn it on the period's last day;
   *     ignored by other patterns
   * @return the schedule, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a usage day outside the
   *     service period, {@link ErrorCode#INVALID_ALLOCATION_WEIGHTS} for negative or all-zero usage
   */
  public RevenueSchedule schedule(Invoice invoice, InvoiceLine line, Map<LocalDate, BigDecimal> usageByDay) {
    ZoneId zone = line.servicePeriod().zone();
    YearMonth billed = YearMonth.from(invoice.issuedAt().atZone(zone));
    RecognitionPattern pattern = patterns.apply(line);
    return new RevenueSchedule(invoice.id(), line.lineId(), line.taxableAmount(), billed, pattern,
        spread(line.taxableAmount(), line.servicePeriod(), pattern, usageByDay, line.lineId()));
  }

  /**
   * Returns the reversal schedules of a credit note: one per credit note line, negative.
   *
   * @param invoice the credited invoice, not null
   * @param note the credit note, of that invoice, not null; a void note reverses nothing
   * @return the schedules, in the note's line order, empty for a void note; never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for a note of another invoice or
   *     a line the invoice does not have
   */
  public List<RevenueSchedule> reversal(Invoice invoice, CreditNote note) {
    if (!note.invoiceId().equals(invoice.id())) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "credit_note " + note.id() + ".invoice_id",
          note.invoiceId(), "invoice " + invoice.id());
    }
    List<RevenueSchedule> out = new ArrayList<>();
    if (note.status() != dev.billwright.invoice.CreditNoteStatus.ISSUED) {
      return out;
    }
    for (CreditNoteLine cl : note.lines()) {
      InvoiceLine line = invoice.line(cl.invoiceLineId()).orElseThrow(() -> BillingException.invalid(
          ErrorCode.INVALID_VALUE, "credit_note " + note.id() + ".lines.invoice_line_id", cl.invoiceLineId(),
          "a line of invoice " + invoice.id()));
      ZoneId zone = line.servicePeriod().zone();
      LocalDate issued = note.issuedAt().atZone(zone).toLocalDate();
      Money amount = cl.taxableAmount().negated();
      SortedMap<LocalDate, Money> days = spread(amount, line.servicePeriod(), patterns.apply(line), Map.of(),
          line.lineId());
      SortedMap<LocalDate, Money> caughtUp = new TreeMap<>();
      days.forEach((d, m) -> caughtUp.merge(d.isBefore(issued) ? issued : d, m, Money::plus));
      out.add(new RevenueSchedule(note.id(), line.lineId(), amount, YearMonth.from(issued), patterns.apply(line),
          caughtUp));
    }
    return out;
  }

  private SortedMap<LocalDate, Money> spread(Money amount, BillingPeriod period, RecognitionPattern pattern,
      Map<LocalDate, BigDecimal> usageByDay, String lineId) {
    ZoneId zone = period.zone();
    LocalDate first = period.start().atZone(zone).toLocalDate();
    LocalDate last = period.end().minusNanos(1).atZone(zone).toLocalDate();
    SortedMap<LocalDate, Money> out = new TreeMap<>();
    if (pattern == RecognitionPattern.POINT_IN_TIME) {
      out.put(first, amount);
      return out;
    }
    if (pattern == RecognitionPattern.AS_USED && usageByDay.isEmpty()) {
      out.put(last, amount);
      return out;
    }
    List<LocalDate> days = new ArrayList<>();
    List<BigDecimal> weights = new ArrayList<>();
    if (pattern == RecognitionPattern.AS_USED) {
      new TreeMap<>(usageByDay).forEach((d, q) -> {
        if (d.isBefore(first) || d.isAfter(last)) {
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "usage_by_day (line " + lineId + ")", d,
              "a day from " + first + " to " + last);
        }
        days.add(d);
        weights.add(q);
      });
    } else {
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        Instant from = max(period.start(), d.atStartOfDay(zone).toInstant());
        Instant to = min(period.end(), d.plusDays(1).atStartOfDay(zone).toInstant());
        Duration overlap = Duration.between(from, to);
        days.add(d);
        weights.add(BigDecimal.valueOf(overlap.getSeconds()).add(BigDecimal.valueOf(overlap.getNano(), 9)));
      }
    }
    List<Money> parts = Allocation.allocate(amount, weights, policy);
    for (int i = 0; i < days.size(); i++) {
      out.put(days.get(i), parts.get(i));
    }
    return out;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
