package dev.billwright.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.alert.Alert;
import dev.billwright.alert.AlertEvaluator;
import dev.billwright.alert.AlertRule;
import dev.billwright.alert.AlertState;
import dev.billwright.alert.Observation;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.payment.Dunning;
import dev.billwright.payment.DunningPolicy;
import dev.billwright.payment.DunningStep;
import dev.billwright.payment.InvoiceBalance;
import dev.billwright.payment.InvoicePayments;
import dev.billwright.time.BillingPeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class DunningRemindersTest {
  @Test
  void remindersGoThroughTheAlertSinkNamingWhatComesNext() {
    BillingPeriod october = BillingPeriod.parse("2026-10-01T00:00Z/2026-11-01T00:00Z");
    Invoice inv = InvoiceLifecycle.finalize(Invoice.builder().id("inv_r")
        .key(InvoiceKey.of("sub_r", october, InvoiceKind.PERIOD)).customerId("cus_r")
        .currency(Currency.getInstance("INR")).addLines(InvoiceLine.builder().lineId("l1").chargeCode("fee")
            .kind(LineKind.RECURRING_FEE).servicePeriod(october)
            .exactAmount(Money.of("INR", "1180.00"), RoundingPolicy.DEFAULT).build())
        .issuedAt(october.end()).build(), "INV-77", october.end());
    InvoiceBalance balance = InvoicePayments.DEFAULT.balance(inv, List.of(), List.of(), List.of());
    Instant failed = Instant.parse("2026-11-02T00:00:00Z");
    List<DunningStep> schedule = Dunning.schedule(DunningPolicy.STANDARD, failed, ZoneOffset.UTC);
    List<Alert> alerts = new ArrayList<>();
    int sent = DunningReminders.emit(DunningPolicy.STANDARD, inv, balance, schedule,
        Dunning.due(schedule, -1, Instant.parse("2026-11-05T00:00:00Z")), alerts::add);
    assertThat(sent).isEqualTo(2);
    assertThat(alerts.get(0).rule()).isEqualTo(new AlertRule.PaymentReminder("dunning:standard", "inv_r"));
    assertThat(alerts.get(0).message()).isEqualTo("payment attempt 1 of invoice INV-77 failed; INR 1180.00 is due;"
        + " we retry on 2026-11-05T00:00:00Z");
    assertThat(alerts.get(1).message()).contains("attempt 2").contains("we retry on 2026-11-10T00:00:00Z");
    // the evaluator never fires a reminder rule from an observation
    AlertRule rule = alerts.get(0).rule();
    assertThat(AlertEvaluator.DEFAULT.evaluate(rule, AlertState.initial(rule), Observation.at(failed)).alert())
        .isEmpty();
  }
}
