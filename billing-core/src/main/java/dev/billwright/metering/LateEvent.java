package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;
import java.util.List;
import java.util.Objects;

/**
 * An event whose billing period is already invoiced, routed to the invoicing side as a
 * correction input instead of being added to (or dropped from) the period's quantities.
 * OpenMeter and Kill Bill re-rate the period and bill the difference; that is the invoicing
 * side's choice.
 *
 * @param event the event, not null
 * @param period the invoiced period that contains it, not null
 * @param meterCodes the codes of the meters the event matched, in meter order, not null
 */
public record LateEvent(UsageEvent event, BillingPeriod period, List<String> meterCodes) {
  /**
   * Validates and copies.
   *
   * @param event the event, not null
   * @param period the invoiced period that contains it, not null
   * @param meterCodes the codes of the meters the event matched, in meter order, not null
   * @throws NullPointerException if a component is null
   */
  public LateEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(period, "period");
    meterCodes = List.copyOf(meterCodes);
  }
}
