package dev.billwright.payment;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Dunning as pure functions: the schedule of a failed invoice payment under a
 * {@link DunningPolicy}, the steps due at an instant, and the invoice after a step.
 *
 * <p>Schedule for first failure at {@code t0} and retry days {@code d1..dn}: REMIND at t0; for
 * each retry i, RETRY at {@code t_i} (t_{i−1} + d_i days, or t0 + d_i days by the policy's basis)
 * followed by a REMIND at the same instant, sent when that retry failed; then, {@code graceDays}
 * after the last attempt, BLOCK_USAGE (when the policy blocks usage) and MARK_UNCOLLECTIBLE. The
 * host stops the schedule once the invoice is paid ({@link InvoicePayments}).
 */
public final class Dunning {
  private Dunning() {}

  /**
   * Returns the schedule.
   *
   * @param policy the policy, not null
   * @param firstFailureAt when the first collection failed, not null
   * @param zone the invoice's zone, in which days are counted, not null
   * @return the steps in time order, sequence from 0, never null
   */
  public static List<DunningStep> schedule(DunningPolicy policy, Instant firstFailureAt, ZoneId zone) {
    List<DunningStep> steps = new ArrayList<>();
    ZonedDateTime t0 = firstFailureAt.atZone(zone);
    ZonedDateTime last = t0;
    steps.add(new DunningStep(0, firstFailureAt, DunningStep.Action.REMIND, 1));
    for (int i = 0; i < policy.retryDays().size(); i++) {
      int d = policy.retryDays().get(i);
      last = policy.basis() == DunningPolicy.Basis.AFTER_PREVIOUS_ATTEMPT ? last.plusDays(d) : t0.plusDays(d);
      steps.add(new DunningStep(steps.size(), last.toInstant(), DunningStep.Action.RETRY, i + 2));
      steps.add(new DunningStep(steps.size(), last.toInstant(), DunningStep.Action.REMIND, i + 2));
    }
    Instant end = last.plusDays(policy.graceDays()).toInstant();
    int attempts = policy.retryDays().size() + 1;
    if (policy.blockUsage()) {
      steps.add(new DunningStep(steps.size(), end, DunningStep.Action.BLOCK_USAGE, attempts));
    }
    steps.add(new DunningStep(steps.size(), end, DunningStep.Action.MARK_UNCOLLECTIBLE, attempts));
    return List.copyOf(steps);
  }

  /**
   * Returns the steps due: after the last one done and at or before {@code now}.
   *
   * @param schedule the schedule, not null
   * @param lastDoneSequence the sequence of the last step done, or −1 for none
   * @param now the current time, not null
   * @return the due steps in order, never null
   */
  public static List<DunningStep> due(List<DunningStep> schedule, int lastDoneSequence, Instant now) {
    return schedule.stream().filter(s -> s.sequence() > lastDoneSequence && !s.at().isAfter(now)).toList();
  }

  /**
   * Returns the idempotency key of a retry attempt: each attempt is a new collection, so a
   * retried charge is not answered with the first failure.
   *
   * @param invoiceId the invoice id, not blank
   * @param attempt the attempt, 2 or more
   * @return {@code pay_<invoice>_<attempt>}
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for an attempt below 2
   */
  public static String retryKey(String invoiceId, int attempt) {
    if (attempt < 2) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "attempt", attempt, "2 or more (a retry)");
    }
    return "pay_" + invoiceId + "_" + attempt;
  }

  /**
   * Applies a step to the invoice: MARK_UNCOLLECTIBLE marks a finalized invoice uncollectible;
   * other steps leave it as it is.
   *
   * @param invoice the invoice, not null
   * @param step the step, not null
   * @return the invoice after the step (unchanged if it is already paid or void)
   */
  public static Invoice apply(Invoice invoice, DunningStep step) {
    if (step.action() == DunningStep.Action.MARK_UNCOLLECTIBLE && invoice.status() == InvoiceStatus.FINALIZED) {
      return InvoiceLifecycle.markUncollectible(invoice, step.at());
    }
    return invoice;
  }
}
