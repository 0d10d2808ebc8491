package dev.billwright.billing;

import dev.billwright.catalog.BillingSettings;
import dev.billwright.catalog.TerminationDay;
import dev.billwright.subscription.ResolvedSubscription;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@code billing.termination_day}: how far an ending subscription's fees run. With
 * {@link TerminationDay#BILLED} (Lago) a subscription that ends during a day is billed to the
 * start of the next day in the plan's zone; with {@link TerminationDay#NOT_BILLED} (the default)
 * to the end instant. It applies to the subscription's end (a cancellation, or its end date);
 * at a plan change the change day goes to the new plan, as Lago's upgrades do (the old plan is
 * billed for the days before the upgrade day and credited for the unused days including it).
 */
final class TerminationDays {
  private TerminationDays() {}

  /**
   * The instant an ending subscription's fees run to: its end, or with a billed termination day
   * the start of the next day in the zone when the end is inside a day; never after
   * {@code limit}.
   */
  static Instant billedUntil(Instant end, BillingSettings billing, Instant limit) {
    if (billing.terminationDay() != TerminationDay.BILLED) {
      return end;
    }
    ZonedDateTime at = end.atZone(billing.zone());
    ZonedDateTime dayStart = at.toLocalDate().atStartOfDay(billing.zone());
    if (dayStart.toInstant().equals(end)) {
      return end; // ended at midnight: the last day billed is the one before
    }
    Instant next = at.toLocalDate().plusDays(1).atStartOfDay(billing.zone()).toInstant();
    return next.isAfter(limit) ? limit : next;
  }

  /**
   * A fee segment that ends with the subscription, extended by the termination day (up to the
   * end of the fee's full period); any other segment as it is.
   */
  static BillingPeriod extend(BillingPeriod segment, BillingPeriod fullPeriod, ResolvedSubscription resolved) {
    Optional<Instant> end = resolved.end();
    if (end.isEmpty() || !segment.end().equals(end.get())) {
      return segment;
    }
    BillingSettings billing = resolved.lastPhase().plan().billing();
    Instant until = billedUntil(end.get(), billing, fullPeriod.end());
    return until.equals(segment.end()) ? segment : BillingPeriod.of(segment.start(), until, segment.zone());
  }
}
