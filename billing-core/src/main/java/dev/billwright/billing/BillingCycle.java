package dev.billwright.billing;

import dev.billwright.time.ScheduledPeriod;
import java.time.Instant;
import java.util.Optional;

/**
 * One billing boundary of a subscription and what the invoice issued at it covers: the period
 * that just closed (billed in arrears: usage and in-arrears fees) and the period that opens
 * (billed in advance: recurring fees), as Stripe does ("the invoice at the start of a period
 * bills that period's fees and the previous period's usage").
 *
 * <p>The first boundary is the subscription's start (an opening invoice, nothing closes); the
 * last is its end, if it has one (a closing invoice, nothing opens). Periods are clipped to the
 * subscription; {@link ScheduledPeriod#fullPeriod()} is the unclipped schedule period used as the
 * proration denominator.
 *
 * @param index 0 for the start boundary, then 1, 2, …
 * @param boundary the instant the invoice is issued at, not null
 * @param closing the period billed in arrears, ending at the boundary
 * @param opening the period billed in advance, starting at the boundary
 */
public record BillingCycle(int index, Instant boundary, Optional<ScheduledPeriod> closing,
    Optional<ScheduledPeriod> opening) {
}
