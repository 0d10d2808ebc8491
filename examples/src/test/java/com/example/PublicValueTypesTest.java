package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceKey;
import dev.billwright.invoice.InvoiceKind;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.FlatPrice;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compiled in a package of its own, as a host's code is: what {@code builder()...build()} returns
 * is a public type, so its accessors and its {@code with*} copies are callable outside the
 * library, on a {@code var} as on a declared variable.
 */
class PublicValueTypesTest {

  private static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void subscriptionFromTheBuilderIsUsableWithVarAndCopies() {
    var s = Subscription.builder().id("sub_1").customerId("cus_1").planCode("api").planVersion(1)
        .start(OCT).build();
    assertThat(s.id()).isEqualTo("sub_1");
    assertThat(s.getClass().getPackageName()).isEqualTo("dev.billwright.subscription");

    Subscription cancelled = Subscription.builder().id("sub_2").customerId("cus_1").planCode("api")
        .planVersion(1).start(OCT).build()
        .withChange(SubscriptionChange.cancel("chg_1", NOV, ChangeTiming.IMMEDIATE));
    assertThat(cancelled.changes()).hasSize(1);

    Subscription moreSeats = s.withSeats(new BigDecimal("5")).withEnd(NOV);
    assertThat(moreSeats.seats()).isEqualByComparingTo("5");
    assertThat(moreSeats.end()).contains(NOV);
    assertThat(s.seats()).isEqualByComparingTo("1");
    assertThat(s.end()).isEmpty();
  }

  @Test
  void copiesAreCheckedLikeTheBuilder() {
    Subscription s = Subscription.builder().id("sub_1").customerId("cus_1").planCode("api")
        .planVersion(1).start(OCT).build();
    assertThatThrownBy(() -> s.withEnd(Instant.parse("2026-09-01T00:00:00Z")))
        .isInstanceOf(BillingException.class);
  }

  @Test
  void planAndChargeCopies() {
    Plan plan = PlanJson.read(Json.parse("""
        {"code": "api", "version": 1, "status": "active", "currency": "USD",
         "charges": [{"code": "platform", "kind": "recurring",
                      "price": {"model": "flat", "amount": "49.00"}}]}""", "api.json"), "api.json");
    Plan archived = plan.withStatus(PlanStatus.ARCHIVED);
    assertThat(archived.status()).isEqualTo(PlanStatus.ARCHIVED);
    assertThat(plan.status()).isEqualTo(PlanStatus.ACTIVE);

    var charge = Charge.builder().code("support").kind(ChargeKind.RECURRING)
        .price(ChargePrice.of(new FlatPrice(new BigDecimal("10.00")))).build()
        .withTaxCode("998319");
    assertThat(charge.code()).isEqualTo("support");
    assertThat(charge.taxCode()).contains("998319");
    Plan twoCharges = plan.withCharges(List.of(plan.charges().get(0), charge));
    assertThat(twoCharges.charges()).extracting(Charge::code).containsExactly("platform", "support");
  }

  @Test
  void invoiceAndLineCopies() {
    BillingPeriod october = BillingPeriod.parse("2026-10-01T00:00Z/2026-11-01T00:00Z");
    var line = InvoiceLine.builder().lineId("l1").chargeCode("fee").kind(LineKind.RECURRING_FEE)
        .servicePeriod(october).exactAmount(Money.of("INR", "1000.00"), RoundingPolicy.DEFAULT)
        .build();
    assertThat(line.amount()).isEqualTo(Money.of("INR", "1000.00"));
    InvoiceLine discounted = line.withDiscount(Money.of("INR", "100.00"));
    assertThat(discounted.discountAmount()).isEqualTo(Money.of("INR", "100.00"));

    var invoice = Invoice.builder().id("inv_1")
        .key(InvoiceKey.of("sub_1", october, InvoiceKind.PERIOD)).customerId("cus_1")
        .currency(Currency.getInstance("INR")).addLines(line).issuedAt(NOV).build();
    assertThat(invoice.lines()).hasSize(1);
    Invoice tagged = invoice.withMetadata(Map.of("po", "PO-7"));
    assertThat(tagged.metadata()).containsEntry("po", "PO-7");
    assertThat(invoice.metadata()).isEmpty();
    assertThat(tagged.lines().get(0).withDiscount(Money.of("INR", "1.00")).chargeCode()).isEqualTo("fee");
  }
}
