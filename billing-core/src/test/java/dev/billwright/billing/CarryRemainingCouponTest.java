package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.Invoice;
import dev.billwright.money.Money;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code carry_remaining} on a fixed-amount coupon of duration once: Stripe drops what one invoice
 * cannot use; Lago keeps the rest for the next invoices (its applied coupon's
 * {@code amount_cents_remaining}). The rest is derived from the discounts on issued invoices.
 */
class CarryRemainingCouponTest {
  static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");

  static MapCatalog catalog(String fee) {
    return new MapCatalog(BillingFixtures.plan("""
        {"code":"basic","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[{"code":"platform","name":"Platform fee","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"%s"}}]}
        """.formatted(fee)));
  }

  static final Subscription SUB = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic")
      .planVersion(1).start(JAN).build();

  static List<Money> discounts(List<Invoice> invoices) {
    return invoices.stream().sorted(Comparator.comparing(Invoice::issuedAt))
        .map(i -> i.totals().discountTotal()).toList();
  }

  static BillRunRequest request(Coupon coupon, Instant asOf) {
    return BillRunRequest.of(List.of(SUB), UsageSource.NONE, asOf)
        .withCoupons(s -> List.of(CouponRedemption.start(coupon)));
  }

  @Test
  void theRestOfACarriedCouponGoesToTheNextInvoicesAcrossBillRuns() {
    MapCatalog catalog = catalog("30.00");
    Coupon carried = Coupon.fixed("cpn_100", usd("100.00"), CouponDuration.ONCE).withCarryRemaining(true);
    BillRun run = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT);
    List<Invoice> all = new ArrayList<>(run.run(request(carried, Instant.parse("2026-02-01T00:00:00Z"))).created());
    all.addAll(run.run(request(carried, Instant.parse("2026-06-01T00:00:00Z"))).created());
    assertThat(discounts(all)).containsExactly(usd("30.00"), usd("30.00"), usd("30.00"), usd("10.00"), usd("0.00"),
        usd("0.00"));

    Coupon dropped = Coupon.fixed("cpn_100", usd("100.00"), CouponDuration.ONCE);
    List<Invoice> stripe = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
        .run(request(dropped, Instant.parse("2026-03-01T00:00:00Z"))).created();
    assertThat(discounts(stripe)).containsExactly(usd("30.00"), usd("0.00"), usd("0.00"));
  }

  @Test
  void onlyAFixedCouponOfDurationOnceCarriesItsRest() {
    assertThatThrownBy(() -> Coupon.percentage("p", BigDecimal.TEN, CouponDuration.ONCE).withCarryRemaining(true))
        .isInstanceOf(BillingException.class).hasMessageContaining("carry_remaining");
    assertThatThrownBy(() -> Coupon.fixed("f", usd("5"), CouponDuration.FOREVER).withCarryRemaining(true))
        .isInstanceOf(BillingException.class).hasMessageContaining("duration once");
    CouponRedemption r = new CouponRedemption(Coupon.fixed("f", usd("5"), CouponDuration.ONCE)
        .withCarryRemaining(true), 3, new BigDecimal("4.50"));
    assertThat(r.appliesToNextPeriod()).isTrue();
    assertThat(r.nextPeriodCoupon().amountOff()).contains(usd("0.50"));
    assertThat(new CouponRedemption(r.coupon(), 4, new BigDecimal("5.00")).appliesToNextPeriod()).isFalse();
  }

  /**
   * For any fee, coupon amount and split of the months over bill runs: a carried coupon's total
   * discount never exceeds its amount and equals min(amount, everything billed); a dropped one
   * gives min(amount, the first invoice).
   */
  @Test
  void aCarriedCouponNeverGivesMoreThanItsAmount() {
    qt().withExamples(30).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      String fee = BigDecimal.valueOf(1 + r.nextInt(9_000), 2).toPlainString();
      MapCatalog catalog = catalog(fee);
      Money amount = Money.of(java.util.Currency.getInstance("USD"), BigDecimal.valueOf(1 + r.nextInt(30_000), 2));
      int months = 1 + r.nextInt(8);
      Instant end = JAN.atZone(java.time.ZoneOffset.UTC).plusMonths(months).toInstant();
      Instant split = JAN.atZone(java.time.ZoneOffset.UTC).plusMonths(r.nextInt(months + 1)).toInstant();
      for (boolean carry : new boolean[] {true, false}) {
        Coupon coupon = Coupon.fixed("cpn", amount, CouponDuration.ONCE).withCarryRemaining(carry);
        BillRun run = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT);
        List<Invoice> all = new ArrayList<>(run.run(request(coupon, split)).created());
        all.addAll(run.run(request(coupon, end)).created());
        Money given = discounts(all).stream().reduce(usd("0"), Money::plus);
        Money billed = all.stream().map(i -> i.totals().subtotal()).reduce(usd("0"), Money::plus);
        Money first = all.stream().min(Comparator.comparing(Invoice::issuedAt)).orElseThrow().totals().subtotal();
        assertThat(given).isLessThanOrEqualTo(amount);
        assertThat(given).isEqualTo(carry ? amount.min(billed) : amount.min(first));
      }
    });
  }
}
