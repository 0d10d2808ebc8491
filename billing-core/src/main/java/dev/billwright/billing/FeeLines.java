package dev.billwright.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.catalog.Charge;
import dev.billwright.invoice.DocumentIds;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.invoice.LineOrigin;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargeAmount;
import dev.billwright.pricing.ChargePricing;
import dev.billwright.pricing.ExplanationJson;
import dev.billwright.pricing.PricingInput;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationCalculator;
import dev.billwright.time.ProrationFraction;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * Recurring fee lines of {@link InvoiceAssembler}: a charge priced for a phase's seats and
 * prorated over a segment of its full period; used for in-advance and in-arrears fees and for
 * the proration charge of a change ({@link ProrationLines}). A prorated fee priced in another
 * currency than the invoice's is converted here, from its exact full-period amount: the amount is
 * {@code full × rate × n / d} rounded once in the invoice currency, never rounded in the price
 * currency first ({@link LineConverter#convertProrated}). Stateless; the calculators are the
 * assembler's.
 */
final class FeeLines {
  private final ChargePricing pricing;
  private final ProrationCalculator proration;
  private final LineConverter converter;

  FeeLines(ChargePricing pricing, ProrationCalculator proration, LineConverter converter) {
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.proration = Objects.requireNonNull(proration, "proration");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /**
   * A fee line rated in {@code currency} ({@link #ratedIn}); a prorated one rated in another
   * currency than {@code invoiceCurrency} is returned converted (an unprorated one is converted by
   * the assembler's conversion step, like every other line).
   */
  InvoiceLine fee(Subscription sub, SubscriptionPhase phase, Charge charge, Currency currency,
      BillingPeriod segment, BillingPeriod full, LineKind kind, RoundingPolicy rounding,
      Currency invoiceCurrency, Instant issuedAt) {
    ChargeAmount a = pricing.price(charge.priceIn(currency, phase.plan().currency()),
        PricingInput.ofQuantity(phase.seats()), currency);
    ProrationFraction f = charge.prorated()
        ? proration.fraction(segment, full, phase.plan().billing().proration()) : ProrationFraction.ONE;
    Money exact = a.total();
    Money amount = f.applyTo(exact, rounding);
    // written when first read (the same fields, in the same order, as written at once)
    dev.billwright.pricing.Explanation priced = a.rated().explanation();
    ObjectNode explanation;
    if (f.isOne()) {
      explanation = ExplanationJson.deferred(priced);
    } else {
      String basis = phase.plan().billing().proration().jsonName();
      explanation = dev.billwright.json.Json.deferredObject(o -> {
        ExplanationJson.writeTo(o, priced);
        o.put("proration", f.toString());
        o.put("proration_basis", basis);
        o.put("full_period", full.toString());
      });
    }
    String description = charge.name() + (f.isOne() ? "" : " (prorated " + f + ")");
    InvoiceLine.Builder b = InvoiceLine.builder()
        .lineId(DocumentIds.segmentLineId(sub.id(), charge.code(), kind, segment.start()))
        .subscriptionId(sub.id())
        .chargeCode(charge.code())
        .description(description)
        .kind(kind)
        .origin(kind == LineKind.PRORATION_CHARGE ? new LineOrigin.Prorated() : new LineOrigin.Priced())
        .servicePeriod(segment)
        .quantity(phase.seats())
        .exactAmount(amount)
        .amount(amount)
        .taxCode(charge.taxCode().orElse(""))
        .explanation(explanation);
    InvoiceLine line = b.build();
    if (!f.isOne() && !currency.equals(invoiceCurrency)) {
      return converter.convertProrated(line, exact, f, invoiceCurrency, issuedAt, sub.start(), rounding);
    }
    return line;
  }

  /**
   * The currency a charge is rated in on an invoice in {@code invoice}: the invoice currency when
   * the plan is priced in it or the charge's {@code prices} give it (no conversion), else the
   * plan's currency (the line is then converted by {@link LineConverter}).
   */
  static Currency ratedIn(dev.billwright.catalog.Charge charge, dev.billwright.catalog.Plan plan, Currency invoice) {
    return invoice.equals(plan.currency()) || charge.prices().containsKey(invoice) ? invoice : plan.currency();
  }

  /** The part of a period after the trial, empty if the trial covers it. */
  static Optional<BillingPeriod> afterTrial(BillingPeriod p, Instant trialEnd) {
    if (!trialEnd.isAfter(p.start())) {
      return Optional.of(p);
    }
    return trialEnd.isBefore(p.end()) ? Optional.of(BillingPeriod.of(trialEnd, p.end(), p.zone())) : Optional.empty();
  }
}
