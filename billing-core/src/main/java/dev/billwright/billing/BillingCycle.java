package dev.billwright.billing;

import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ScheduledPeriod;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One billing boundary of a subscription and what the invoice issued at it covers: per charge,
 * the period that just closed (billed in arrears: usage and in-arrears fees) and the period that
 * opens (billed in advance: recurring fees), as Stripe does ("the invoice at the start of a
 * period bills that period's fees and the previous period's usage").
 *
 * <p>Each charge is billed on its own schedule (its {@code cadence}, else the plan's; the plan's
 * alignment, zone and anchor), and the subscription's boundaries are the union of every
 * charge's boundaries and the plan's own: on a yearly plan with monthly usage the boundary of
 * 1 March closes the usage period of February and nothing else, and the boundary of 1 January
 * also closes and opens the yearly fee's period. A charge has an entry in
 * {@link #closingCharges()} only at a boundary where its period closes, and in
 * {@link #openingCharges()} only where one opens.
 *
 * <p>The first boundary is the subscription's start (an opening invoice, nothing closes); the
 * last is its end, if it has one (a closing invoice, nothing opens). A plan change to other
 * billing periods is a boundary too: the old phase's periods close at it and the new phase's open.
 * Periods are clipped to the subscription (and to such a change); {@link
 * ScheduledPeriod#fullPeriod()} is the unclipped schedule period used as the proration
 * denominator.
 *
 * @param index 0 for the start boundary, then 1, 2, …
 * @param boundary the instant the invoice is issued at, not null
 * @param span the time from the previous boundary to this one, empty at the first boundary
 * @param closing the plan's own period (plan cadence) that closes at the boundary, if one does:
 *     the period a minimum commitment is measured over
 * @param opening the plan's own period that opens at the boundary, if one does
 * @param closingCharges charge code to the period of that charge closing at the boundary, not
 *     null (recurring and usage charges; one-time charges have no period)
 * @param openingCharges charge code to the period of that charge opening at the boundary, not null
 */
public record BillingCycle(int index, Instant boundary, Optional<BillingPeriod> span,
    Optional<ScheduledPeriod> closing, Optional<ScheduledPeriod> opening,
    Map<String, ScheduledPeriod> closingCharges, Map<String, ScheduledPeriod> openingCharges) {

  /**
   * Copies the maps.
   *
   * @param index the index
   * @param boundary the boundary
   * @param span the span since the previous boundary
   * @param closing the plan's closing period
   * @param opening the plan's opening period
   * @param closingCharges the charges' closing periods
   * @param openingCharges the charges' opening periods
   * @throws NullPointerException if a value is null
   */
  public BillingCycle {
    java.util.Objects.requireNonNull(boundary, "boundary");
    java.util.Objects.requireNonNull(span, "span");
    java.util.Objects.requireNonNull(closing, "closing");
    java.util.Objects.requireNonNull(opening, "opening");
    closingCharges = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(closingCharges));
    openingCharges = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(openingCharges));
  }

  /**
   * Returns the period of a charge that closes at this boundary.
   *
   * @param chargeCode the charge code, not null
   * @return the period (clipped to the subscription, with its full schedule period), empty if
   *     no period of that charge ends at this boundary
   */
  public Optional<ScheduledPeriod> closing(String chargeCode) {
    return Optional.ofNullable(closingCharges.get(chargeCode));
  }

  /**
   * Returns the period of a charge that opens at this boundary.
   *
   * @param chargeCode the charge code, not null
   * @return the period (clipped to the subscription, with its full schedule period), empty if
   *     no period of that charge starts at this boundary
   */
  public Optional<ScheduledPeriod> opening(String chargeCode) {
    return Optional.ofNullable(openingCharges.get(chargeCode));
  }
}
