/**
 * Billing time: half-open {@link dev.billwright.time.BillingPeriod}s in the customer's zone,
 * {@link dev.billwright.time.BillingCadence}s, calendar and anniversary
 * {@link dev.billwright.time.BillingSchedule}s, catch-up of missed periods, and exact proration
 * ({@link dev.billwright.time.ProrationCalculator}, {@link dev.billwright.time.ProrationFraction}).
 *
 * <p>Factories, schedules and calculators reject null arguments with a
 * {@link dev.billwright.error.BillingException} carrying
 * {@link dev.billwright.error.ErrorCode#REQUIRED_FIELD_MISSING}; the interval predicates of
 * {@code BillingPeriod} ({@code contains}, {@code abuts}, {@code overlaps}, {@code encloses}) throw
 * {@link java.lang.NullPointerException} for null, as java.time does.
 */
@NullMarked
package dev.billwright.time;

import org.jspecify.annotations.NullMarked;
