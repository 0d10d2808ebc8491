package dev.billwright.metering;

import dev.billwright.time.BillingPeriod;

/**
 * Which (customer, period) pairs are already invoiced: implemented by the invoicing side.
 * Events for such a period are routed as {@link LateEvent}s (a correction input), never dropped
 * and never added to the period's quantities. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface InvoicedPeriods {
  /** Nothing is invoiced yet: no event is late. */
  InvoicedPeriods NONE = (customer, period) -> false;

  /**
   * Returns whether the customer's period is already invoiced (finalized).
   *
   * @param customer the customer key, not null
   * @param period the period, not null
   * @return true if invoiced
   */
  boolean isInvoiced(String customer, BillingPeriod period);
}
