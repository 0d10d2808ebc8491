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
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.subscription.Subscription;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ProrationFraction;
import dev.billwright.time.ScheduledPeriod;
import java.time.Instant;
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
      List<InvoiceLine> billed, RoundingPolicy rounding, List<InvoiceLine> lines, LineConverter converter,
      Instant issuedAt) {
    if (plan.minimumCommitment().isEmpty()) {
      return;
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
    ObjectNode explanation = Json.object();
    if (!currency.equals(plan.currency())) {
      // the commitment is an amount in the plan's currency: converted by the invoice's rule,
      // rounded once in the invoice currency, and stated on the true-up line
      Instant at = converter.rateFor(p, issuedAt, sub.start());
      ExchangeRate rate = converter.rate(plan.currency(), currency, at, "plans[" + plan.reference()
          + "].minimum_commitment.exchange_rate");
      explanation.put("commitment_currency", plan.currency().getCurrencyCode());
      explanation.put("prorated_commitment_in_plan_currency", commitment.amount().toPlainString());
      explanation.put("exchange_rate", rate.rate().toPlainString());
      explanation.put("exchange_rate_source", rate.source());
      explanation.put("exchange_rate_date", rate.publishedAt().toString());
      explanation.put("exchange_rate_rule", converter.rule().jsonName());
      commitment = rounding.round(rate.applyExact(commitment));
    }
    if (spent.compareTo(commitment) < 0) {
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
