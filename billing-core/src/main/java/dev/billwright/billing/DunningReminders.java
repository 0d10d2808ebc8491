package dev.billwright.billing;

import dev.billwright.alert.Alert;
import dev.billwright.alert.AlertRule;
import dev.billwright.alert.AlertSink;
import dev.billwright.alert.Observation;
import dev.billwright.invoice.Invoice;
import dev.billwright.payment.DunningPolicy;
import dev.billwright.payment.DunningStep;
import dev.billwright.payment.InvoiceBalance;
import java.util.List;
import java.util.Objects;

/**
 * Sends the REMIND steps of a dunning schedule ({@link dev.billwright.payment.Dunning}) through
 * the host's {@link AlertSink}, as alerts of rule {@link AlertRule.PaymentReminder}
 * ({@code dunning:<policy>}), each with a message naming the invoice, the amount due and what
 * comes next.
 */
public final class DunningReminders {
  private DunningReminders() {}

  /**
   * Emits the due reminders.
   *
   * @param policy the policy, not null
   * @param invoice the invoice chased, not null
   * @param balance its balance (for the amount due), not null
   * @param schedule the whole schedule (to say what comes next), not null
   * @param due the steps due now (only REMIND steps are sent), not null
   * @param sink where alerts go, not null
   * @return the number of reminders emitted
   */
  public static int emit(DunningPolicy policy, Invoice invoice, InvoiceBalance balance, List<DunningStep> schedule,
      List<DunningStep> due, AlertSink sink) {
    Objects.requireNonNull(sink, "sink");
    AlertRule rule = new AlertRule.PaymentReminder("dunning:" + policy.name(), invoice.id());
    int sent = 0;
    for (DunningStep step : due) {
      if (step.action() != DunningStep.Action.REMIND) {
        continue;
      }
      String next = schedule.stream().filter(s -> s.sequence() > step.sequence()
              && s.action() != DunningStep.Action.REMIND).findFirst()
          .map(s -> (s.action() == DunningStep.Action.RETRY ? "we retry on " : "the invoice becomes uncollectible on ")
              + s.at())
          .orElse("no further attempt");
      sink.emit(new Alert(rule, step.at(), Observation.at(step.at()), "payment attempt " + step.attempt()
          + " of invoice " + invoice.number().orElse(invoice.id()) + " failed; " + balance.amountDue()
          + " is due; " + next));
      sent++;
    }
    return sent;
  }
}
