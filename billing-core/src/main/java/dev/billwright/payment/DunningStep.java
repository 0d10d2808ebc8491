package dev.billwright.payment;

import java.time.Instant;

/**
 * One step of a dunning schedule.
 *
 * @param sequence the step's position, from 0, in time order
 * @param at when the step is due
 * @param action what to do
 * @param attempt the payment attempt it concerns: 1 is the first (failed) collection, 2 the first retry
 */
public record DunningStep(int sequence, Instant at, Action action, int attempt) {
  /** What a step does. */
  public enum Action {
    /** Tell the customer (through the alert sink) that attempt {@code attempt} failed and what comes next. */
    REMIND,
    /** Collect again (a new idempotency key per attempt: {@code pay_<invoice>_<attempt>}). */
    RETRY,
    /** Block further usage through a hard quota (when the policy says so). */
    BLOCK_USAGE,
    /** Mark the invoice uncollectible ({@code InvoiceLifecycle.markUncollectible}). */
    MARK_UNCOLLECTIBLE
  }
}
