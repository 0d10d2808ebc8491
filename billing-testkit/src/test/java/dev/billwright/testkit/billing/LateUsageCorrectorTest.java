package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.Correction;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.InvoicePreview;
import dev.billwright.billing.InvoiceRequest;
import dev.billwright.billing.LateUsageCorrector;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.billing.TaxContext;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.FlatPrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.time.BillingAlignment;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.ProrationBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Corrections after late usage and previews. Plan: a 10.00 USD monthly fee in advance and API
 * calls at 0.01 USD each in arrears; the October 2026 invoice is issued on 1 November.
 */
class LateUsageCorrectorTest {
  static final Currency USD = Currency.getInstance("USD");
  static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");

  static Plan plan(String code, String fee) {
    return Plan.builder().code(code).version(1).status(PlanStatus.ACTIVE).currency(USD)
        .billing(new dev.billwright.catalog.BillingSettings(BillingCadence.MONTHLY, BillingAlignment.CALENDAR,
            ZoneOffset.UTC, ProrationBasis.DAYS))
        .addCharges(Charge.builder().code("fee").kind(ChargeKind.RECURRING)
            .price(ChargePrice.of(new FlatPrice(new BigDecimal(fee)))).build())
        .addCharges(Charge.builder().code("calls").kind(ChargeKind.USAGE).meter("api_calls")
            .price(ChargePrice.of(new PerUnitPrice(new BigDecimal("0.01"), null))).build())
        .build();
  }

  final InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("basic", "10.00"), plan("pro", "40.00")));
  final Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
      .start(OCT).build();

  BillingCycle novemberFirst() {
    return SubscriptionCycles.cycles(sub, catalog, NOV, NOV).get(0);
  }

  InvoiceRequest request(String calls) {
    return new InvoiceRequest(sub, catalog, novemberFirst(), PeriodUsage.ofQuantities(Map.of("calls", new BigDecimal(calls))),
        List.of(), List.of(), TaxContext.none());
  }

  Invoice original() {
    Invoice draft = InvoiceAssembler.DEFAULT.assemble(request("1000")).orElseThrow();
    return InvoiceLifecycle.finalize(draft, "INV-000002", NOV);
  }

  @Test
  void theNovemberInvoiceBillsOctoberUsageAndNovembersFee() {
    Invoice invoice = original();
    assertThat(invoice.key().kind()).isEqualTo(InvoiceKind.PERIOD);
    // 1000 calls x 0.01 = 10.00 for October; November's fee 10.00 in advance.
    assertThat(invoice.lines()).extracting(InvoiceLine::chargeCode, l -> l.amount().amount().toPlainString())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("calls", "10.00"),
            org.assertj.core.groups.Tuple.tuple("fee", "10.00"));
  }

  @Test
  void lateEventsProduceAnAdjustmentInvoiceForTheDifferenceOnly() {
    Invoice original = original();
    // 200 late calls: 1200 x 0.01 = 12.00, 2.00 more than billed.
    Correction c = LateUsageCorrector.DEFAULT.correct(request("1200"), original, List.of(), List.of(),
        Instant.parse("2026-11-03T00:00:00Z"));
    assertThat(c.creditNote()).isEmpty();
    Invoice adj = c.adjustmentInvoice().orElseThrow();
    assertThat(adj.key().kind()).isEqualTo(InvoiceKind.ADJUSTMENT);
    assertThat(adj.period()).isEqualTo(original.period());
    assertThat(adj.lines()).singleElement().satisfies(l -> {
      assertThat(l.kind()).isEqualTo(LineKind.ADJUSTMENT);
      assertThat(l.amount()).isEqualTo(Money.of("USD", "2.00"));
      assertThat(l.origin()).isEqualTo(new dev.billwright.invoice.LineOrigin.Correction(original.lines().get(0).lineId()));
      assertThat(l.lineId()).isEqualTo(original.lines().get(0).lineId() + "~adj1");
    });
    assertThat(adj.metadata()).containsEntry("corrects_invoice", original.id());

    // Correcting again with the same events changes nothing.
    Invoice finalizedAdj = InvoiceLifecycle.finalize(adj, "INV-000003", Instant.parse("2026-11-03T00:00:00Z"));
    assertThat(LateUsageCorrector.DEFAULT.correct(request("1200"), original, List.of(), List.of(finalizedAdj),
        Instant.parse("2026-11-04T00:00:00Z")).isEmpty()).isTrue();

    // A later re-rate to 900 calls (events found to be bogus) credits 12.00 - 9.00 = 3.00.
    Correction down = LateUsageCorrector.DEFAULT.correct(request("900"), original, List.of(), List.of(finalizedAdj),
        Instant.parse("2026-11-05T00:00:00Z"));
    CreditNote cn = down.creditNote().orElseThrow();
    assertThat(cn.invoiceId()).isEqualTo(original.id());
    assertThat(cn.taxableTotal()).isEqualTo(Money.of("USD", "3.00"));
    assertThat(down.adjustmentInvoice()).isEmpty();
    assertThat(down.deltas()).singleElement().satisfies(d -> {
      assertThat(d.billed()).isEqualTo(Money.of("USD", "12.00"));
      assertThat(d.rerated()).isEqualTo(Money.of("USD", "9.00"));
    });

    // After that credit note, the same re-rate is again a no-op.
    assertThat(LateUsageCorrector.DEFAULT.correct(request("900"), original, List.of(cn), List.of(finalizedAdj),
        Instant.parse("2026-11-06T00:00:00Z")).isEmpty()).isTrue();

    // The corrections are counted by origin, not by id: with the credit note stored under the
    // host's own id, a re-rate to 1500 calls is still the third correction (adjustment invoice
    // sub_1~adj3), billing 15.00 - 9.00 = 6.00. (Counting ids with "~adj" made it a second one.)
    assertThat(cn.origin()).isEqualTo(dev.billwright.invoice.CreditNoteOrigin.USAGE_CORRECTION);
    CreditNote renamed = new CreditNote("CN-000007", cn.number(), cn.invoiceId(), cn.currency(), cn.reason(),
        cn.reasonText(), cn.lines(), cn.status(), cn.issuedAt(), cn.origin());
    Correction up = LateUsageCorrector.DEFAULT.correct(request("1500"), original, List.of(renamed),
        List.of(finalizedAdj), Instant.parse("2026-11-07T00:00:00Z"));
    Invoice third = up.adjustmentInvoice().orElseThrow();
    assertThat(third.key().ownerId()).isEqualTo(original.key().ownerId() + "~adj3");
    assertThat(third.totals().subtotal()).isEqualTo(Money.of("USD", "6.00"));
  }

  @Test
  void aDraftIsNotCorrectedButReassembled() {
    Invoice draft = InvoiceAssembler.DEFAULT.assemble(request("1000")).orElseThrow();
    assertThatThrownBy(() -> LateUsageCorrector.DEFAULT.correct(request("1200"), draft, List.of(), List.of(), NOV))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
  }

  @Test
  void previewShowsTheUpcomingInvoiceAndTheEffectOfAnUpgrade() {
    Instant at = Instant.parse("2026-11-16T00:00:00Z");
    Subscription active = sub;
    // The November fee (10.00) was billed in advance on 1 November.
    Invoice november = original();
    List<InvoiceLine> billed = november.lines();
    PeriodUsage soFar = PeriodUsage.ofQuantities(Map.of("calls", new BigDecimal("500")));
    Invoice upcoming = InvoicePreview.DEFAULT.upcoming(active, catalog, at, soFar, billed, List.of(), TaxContext.none())
        .orElseThrow();
    assertThat(upcoming.issuedAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    // 500 calls = 5.00 plus December's fee 10.00.
    assertThat(upcoming.totals().total()).isEqualTo(Money.of("USD", "15.00"));

    SubscriptionChange upgrade = SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE, at,
        ChangeTiming.IMMEDIATE, "pro", 1);
    InvoicePreview.ChangeEffect effect = InvoicePreview.DEFAULT.change(active, upgrade, catalog, at, soFar, billed,
        List.of(), TaxContext.none());
    Invoice after = effect.after().orElseThrow();
    // By days: 15 of November's 30 days remain. Credit 10.00 x 15/30 = 5.00; charge 40.00 x 15/30
    // = 20.00; December's fee is now pro's 40.00; usage 5.00 is priced by pro (the same 0.01).
    assertThat(after.lines()).extracting(l -> l.kind() + " " + l.chargeCode() + " " + l.amount().amount().toPlainString())
        .containsExactlyInAnyOrder("USAGE calls 5.00", "PRORATION_CREDIT fee -5.00", "PRORATION_CHARGE fee 20.00",
            "RECURRING_FEE fee 40.00");
    assertThat(effect.difference()).isEqualTo(Money.of("USD", "45.00"));
    // Nothing was applied: the subscription has no changes.
    assertThat(active.changes()).isEmpty();
  }
}
