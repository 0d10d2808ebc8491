/**
 * Billing time: half-open {@link dev.billwright.time.BillingPeriod}s in the customer's zone,
 * cadences, calendar and anniversary schedules, proration and catch-up.
 */
package dev.billwright.time;
