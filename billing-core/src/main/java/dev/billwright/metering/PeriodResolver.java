package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Assigns an event to the billing period that contains its timestamp, in the customer's zone.
 *
 * <p>The host's subscriptions and schedules (package {@code dev.billwright.time}) decide the
 * periods; this interface only asks for the one containing an event. Returning empty means the
 * event falls in no billable period (for example before the subscription started); the
 * aggregator reports such events in {@link AggregationResult#unusable()}, never drops them.
 * Implementations must be thread-safe and return a period that {@linkplain BillingPeriod#contains
 * contains} the event's timestamp.
 */
@FunctionalInterface
public interface PeriodResolver {
  /**
   * Returns the billing period containing the event's timestamp.
   *
   * @param event the event, not null
   * @return the period, or empty when the event belongs to no billable period
   */
  Optional<BillingPeriod> periodOf(UsageEvent event);

  /**
   * Calendar months in one zone: the period runs from local midnight on the 1st to local
   * midnight on the 1st of the next month.
   *
   * @param zone the zone, not null
   * @return the resolver, never null
   */
  static PeriodResolver calendarMonths(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return calendarMonths(customer -> zone);
  }

  /**
   * Calendar months in each customer's zone.
   *
   * @param zoneOfCustomer customer key → that customer's zone; must not return null
   * @return the resolver, never null
   */
  static PeriodResolver calendarMonths(Function<String, ZoneId> zoneOfCustomer) {
    Objects.requireNonNull(zoneOfCustomer, "zoneOfCustomer");
    return new PeriodResolver() {
      /**
       * The last months found (any thread's), newest first: events arrive mostly in a month or
       * two, and the same period object for each keeps aggregation keys identical.
       */
      private volatile Month[] recent = new Month[0];

      @Override
      public Optional<BillingPeriod> periodOf(UsageEvent event) {
        ZoneId zone = Objects.requireNonNull(zoneOfCustomer.apply(event.customer()), "zone of " + event.customer());
        Month[] months = recent;
        for (Month m : months) {
          if (m.zone.equals(zone) && m.contains(event.timestamp())) {
            return m.found;
          }
        }
        LocalDate first = event.timestamp().atZone(zone).toLocalDate().withDayOfMonth(1);
        BillingPeriod period = BillingPeriod.ofDates(first, first.plusMonths(1), zone);
        Month made = new Month(zone, period);
        Month[] next = new Month[Math.min(8, months.length + 1)];
        next[0] = made;
        System.arraycopy(months, 0, next, 1, next.length - 1);
        recent = next;
        return made.found;
      }
    };
  }

  /**
   * One fixed period for every customer: events outside it belong to no period.
   *
   * @param period the period, not null
   * @return the resolver, never null
   */
  static PeriodResolver fixed(BillingPeriod period) {
    Objects.requireNonNull(period, "period");
    Optional<BillingPeriod> found = Optional.of(period);
    return event -> period.contains(event.timestamp()) ? found : Optional.empty();
  }
}

/** A calendar month already computed by {@link PeriodResolver#calendarMonths(java.util.function.Function)}. */
final class Month {
  final ZoneId zone;
  final Optional<BillingPeriod> found;
  private final java.time.Instant start;
  private final java.time.Instant end;

  Month(ZoneId zone, BillingPeriod period) {
    this.zone = zone;
    this.found = Optional.of(period);
    this.start = period.start();
    this.end = period.end();
  }

  boolean contains(java.time.Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
