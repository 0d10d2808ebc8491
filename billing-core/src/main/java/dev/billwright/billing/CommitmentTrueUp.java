package dev.billwright.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Plan;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ProrationFraction;
import dev.billwright.time.ScheduledPeriod;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The minimum commitment true-up of {@link InvoiceAssembler}. Stateless; the proration
 * calculator is the assembler's.
 */
final class CommitmentTrueUp {
  private final ProrationCalculator proration;

  CommitmentTrueUp(ProrationCalculator proration) {
    this.proration = Objects.requireNonNull(proration, "proration");
  }

  /**
   * Adds the minimum commitment true-up of the plan's closing period, when the charges billed in
   * it (on this invoice and earlier ones) fall short of the commitment prorated over the period.
   */
  void add(Subscription sub, Plan plan, Currency currency, ScheduledPeriod closing,
      List<InvoiceLine> billed, RoundingPolicy rounding, List<InvoiceLine> lines) {
    if (plan.minimumCommitment().isEmpty()) {
      return;
    }
    if (!currency.equals(plan.currency())) {
      // A commitment is an amount in the plan's currency; converting it is a business decision
      // (which rate, which date), so it is refused rather than silently dropped.
      throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "subscriptions[" + sub.id() + "].currency",
          currency.getCurrencyCode(), "the currency of plan " + plan.reference() + "'s minimum_commitment ("
              + plan.currency().getCurrencyCode() + "): a commitment is not billed in another currency");
    }
    BillingPeriod p = closing.period();
    Money spent = Money.zero(currency);
    for (InvoiceLine l : lines) {
      if (p.encloses(l.servicePeriod())) {
        spent = spent.plus(l.amount());
      }
    }
    for (InvoiceLine l : billed) {
      if (p.encloses(l.servicePeriod()) && l.kind() != LineKind.COMMITMENT_TRUE_UP) {
        spent = spent.plus(l.amount());
      }
    }
    ProrationFraction f = proration.fraction(p, closing.fullPeriod(), plan.billing().proration());
    Money commitment = f.applyTo(plan.minimumCommitment().get(), rounding);
    if (spent.compareTo(commitment) < 0) {
      ObjectNode explanation = Json.object();
      explanation.put("minimum_commitment", plan.minimumCommitment().get().amount().toPlainString());
      explanation.put("prorated_commitment", commitment.amount().toPlainString());
      explanation.put("proration", f.toString());
      explanation.put("charges_in_period", spent.amount().toPlainString());
      lines.add(InvoiceLine.builder()
          .lineId(DocumentIds.commitmentTrueUpLineId(sub.id(), p.start()))
          .subscriptionId(sub.id())
          .chargeCode("minimum_commitment")
          .description("Minimum commitment true-up")
          .kind(LineKind.COMMITMENT_TRUE_UP)
          .origin(new LineOrigin.CommitmentTrueUp())
          .servicePeriod(p)
          .exactAmount(commitment.minus(spent))
          .amount(rounding.round(commitment.minus(spent)))
          .explanation(explanation)
          .build());
    }
  }
}
