package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.catalog.Conventions;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BillRun#withConventions}: one call sets the bill-run options of a preset (proration
 * credits) and the preset's coupon defaults (carry_remaining, duration_unit).
 */
class BillRunConventionsTest {
  static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");

  static MapCatalog catalog() {
    MapCatalog c = new MapCatalog(BillingFixtures.plan("""
        {"code":"basic","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[{"code":"platform","kind":"recurring","timing":"in_advance","price":{"model":"flat","amount":"30"}}]}
        """));
    c.publish(BillingFixtures.plan("""
        {"code":"pro","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[{"code":"platform","kind":"recurring","timing":"in_advance","price":{"model":"flat","amount":"60"}}]}
        """));
    return c;
  }

  static BillRun run(MapCatalog catalog) {
    return new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT);
  }

  static final Subscription SUB = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic")
      .planVersion(1).start(JAN).build();

  static List<Money> discounts(List<Invoice> invoices) {
    return invoices.stream().sorted(Comparator.comparing(Invoice::issuedAt)).map(i -> i.totals().discountTotal())
        .toList();
  }

  static List<Invoice> bill(BillRun run, Coupon coupon, Instant until) {
    return run.run(BillRunRequest.of(List.of(SUB), UsageSource.NONE, until)
        .withCoupons(s -> List.of(CouponRedemption.start(coupon)))).created();
  }

  @Test
  void lagoCarriesAFixedCouponsRestStripeDropsItAndNoPresetKeepsTheDefault() {
    Coupon fixed = Coupon.fixed("cpn", usd("50.00"), CouponDuration.ONCE);
    Instant mar = Instant.parse("2026-03-01T00:00:00Z");
    BillRun plain = run(catalog());
    assertThat(plain.conventions()).isEmpty();
    assertThat(discounts(bill(plain, fixed, mar))).containsExactly(usd("30.00"), usd("0.00"), usd("0.00"));
    BillRun lago = run(catalog()).withConventions(Conventions.LAGO);
    assertThat(lago.conventions()).contains(Conventions.LAGO);
    assertThat(discounts(bill(lago, fixed, mar))).containsExactly(usd("30.00"), usd("20.00"), usd("0.00"));
    assertThat(discounts(bill(run(catalog()).withConventions(Conventions.STRIPE), fixed, mar)))
        .containsExactly(usd("30.00"), usd("0.00"), usd("0.00"));
  }

  @Test
  void stripeCountsARepeatingCouponInMonthsAnExplicitUnitStays() {
    // weekly invoices from Thursday 1 January 2026: 2 months (before 1 March) hold 9 weekly
    // boundaries (1 Jan ... 26 Feb); counted in invoices, 2 periods are 2 invoices
    MapCatalog weekly = new MapCatalog(BillingFixtures.plan("""
        {"code":"basic","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1W","alignment":"anniversary","time_zone":"UTC","proration":"days"},
         "charges":[{"code":"platform","kind":"recurring","timing":"in_advance","price":{"model":"flat","amount":"30"}}]}
        """));
    Coupon repeating = Coupon.percentage("cpn", new BigDecimal("10"), CouponDuration.repeating(2));
    Instant until = Instant.parse("2026-03-20T00:00:00Z");
    long stripe = discounts(bill(run(weekly).withConventions(Conventions.STRIPE), repeating, until)).stream()
        .filter(Money::isPositive).count();
    long plain = discounts(bill(run(weekly), repeating, until)).stream().filter(Money::isPositive).count();
    long lago = discounts(bill(run(weekly).withConventions(Conventions.LAGO), repeating, until)).stream()
        .filter(Money::isPositive).count();
    assertThat(stripe).isEqualTo(9);
    assertThat(plain).isEqualTo(2);
    assertThat(lago).isEqualTo(2);
    // a coupon already in months keeps its unit under any preset
    Coupon months = Coupon.percentage("cpn", new BigDecimal("10"), CouponDuration.repeatingMonths(1));
    assertThat(discounts(bill(run(weekly).withConventions(Conventions.LAGO), months, until)).stream()
        .filter(Money::isPositive).count()).isEqualTo(5); // 1, 8, 15, 22, 29 January
  }

  @Test
  void lagoSendsProrationCreditsToCreditNotesAndKeepsTheCalculator() {
    Subscription upgraded = SUB.withChange(SubscriptionChange.planChange("c1", SubscriptionChange.Kind.UPGRADE,
        Instant.parse("2026-01-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1));
    BillRunRequest request = BillRunRequest.of(List.of(upgraded), UsageSource.NONE,
        Instant.parse("2026-02-01T00:00:00Z"));
    BillRunResult lago = run(catalog()).withConventions(Conventions.LAGO).run(request);
    assertThat(lago.creditNotes()).extracting(CreditNote::total).isNotEmpty();
    assertThat(lago.created().stream().flatMap(i -> i.lines().stream())
        .filter(l -> l.kind() == LineKind.PRORATION_CREDIT)).isEmpty();
    BillRunResult stripe = run(catalog()).withConventions(Conventions.STRIPE).run(request);
    assertThat(stripe.creditNotes()).isEmpty();
    assertThat(stripe.created().stream().flatMap(i -> i.lines().stream())
        .filter(l -> l.kind() == LineKind.PRORATION_CREDIT)).isNotEmpty();
    assertThatThrownBy(() -> run(catalog()).withConventions(null)).isInstanceOf(NullPointerException.class);
  }
}
