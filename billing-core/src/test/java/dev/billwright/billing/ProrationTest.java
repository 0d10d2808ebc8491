package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import static dev.billwright.billing.BillingFixtures.amount;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static dev.billwright.billing.BillingGoldenTest.flatFee;
import static dev.billwright.billing.BillingGoldenTest.plan;
import static dev.billwright.billing.BillingGoldenTest.seatFee;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mid-period changes, worked by hand (days basis: April has 30 days, so a day is 1/30). */
class ProrationTest {
  static final MapCatalog CATALOG = new MapCatalog(
      BillingFixtures.plan(plan("basic", "days", "", flatFee("basic_fee", "30"))),
      BillingFixtures.plan(plan("pro", "days", "", flatFee("pro_fee", "60"))),
      BillingFixtures.plan(plan("team", "days", "", seatFee("seats", "12"))));

  static Subscription sub(String plan, String seats) {
    return Subscription.builder().id("sub_" + plan).customerId("cus_1").planCode(plan).planVersion(1)
        .start(at("2026-04-01T00:00:00Z")).seats(new BigDecimal(seats)).build();
  }

  static Invoice mayInvoice(Subscription before, Subscription after, List<CouponRedemption> coupons) {
    Outcome o = BillingGoldenTest.bill(CATALOG, List.of(before, after),
        List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")), UsageSource.NONE, coupons);
    assertThat(o.invoices()).hasSize(2);
    return o.invoices().get(1);
  }

  /** 5 → 8 seats at 12.00 on 16 April: credit 60 × 15/30 = 30.00, charge 96 × 15/30 = 48.00, May 96.00. */
  @Test
  void immediateSeatIncrease() {
    Subscription s = sub("team", "5");
    Invoice may = mayInvoice(s, s.withChange(SubscriptionChange.seats("more", at("2026-04-16T00:00:00Z"),
        ChangeTiming.IMMEDIATE, new BigDecimal("8"))), List.of());
    assertThat(amount(may, "seats", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-30.00"));
    assertThat(amount(may, "seats", LineKind.PRORATION_CHARGE)).isEqualTo(usd("48.00"));
    assertThat(amount(may, "seats", LineKind.RECURRING_FEE)).isEqualTo(usd("96.00"));
    assertThat(may.totals().total()).isEqualTo(usd("114.00"));
  }

  /** Pro → Basic on 21 April: credit 60 × 10/30 = 20.00, charge 30 × 10/30 = 10.00; net −10.00 + May 30.00. */
  @Test
  void immediateDowngradeNetsACredit() {
    Subscription s = sub("pro", "1");
    Invoice may = mayInvoice(s, s.withChange(SubscriptionChange.planChange("down", SubscriptionChange.Kind.DOWNGRADE,
        at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE, "basic", 1)), List.of());
    assertThat(amount(may, "pro_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-20.00"));
    assertThat(amount(may, "basic_fee", LineKind.PRORATION_CHARGE)).isEqualTo(usd("10.00"));
    assertThat(may.totals().total()).isEqualTo(usd("20.00"));
  }

  /**
   * Two changes in one period: Basic → Pro on 11 April, then Pro → Basic on 21 April. Both are
   * known when the 1 May invoice is assembled, so Pro is charged only for its own phase:
   * credit Basic [11 Apr, 1 May) 30 × 20/30 = 20.00; charge Pro [11, 21 Apr) 60 × 10/30 = 20.00;
   * charge Basic [21 Apr, 1 May) 30 × 10/30 = 10.00. April in all: 30 − 20 + 20 + 10 = 40.00 =
   * 10 days of Basic (10) + 10 of Pro (20) + 10 of Basic (10).
   */
  @Test
  void twoChangesInOnePeriodChargeEachPhaseOnce() {
    Subscription s = sub("basic", "1");
    Subscription changed = s
        .withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE, at("2026-04-11T00:00:00Z"),
            ChangeTiming.IMMEDIATE, "pro", 1))
        .withChange(SubscriptionChange.planChange("down", SubscriptionChange.Kind.DOWNGRADE,
            at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE, "basic", 1));
    Invoice may = mayInvoice(s, changed, List.of());
    List<InvoiceLine> april = may.lines().stream().filter(l -> l.servicePeriod().start().isBefore(at("2026-05-01T00:00:00Z"))).toList();
    assertThat(april).extracting(l -> l.kind() + " " + l.chargeCode() + " " + l.amount().amount().toPlainString())
        .containsExactly("PRORATION_CREDIT basic_fee -20.00", "PRORATION_CHARGE pro_fee 20.00",
            "PRORATION_CHARGE basic_fee 10.00");
    assertThat(amount(may, "basic_fee", LineKind.RECURRING_FEE)).isEqualTo(usd("30.00"));
    assertThat(may.totals().total()).isEqualTo(usd("40.00"));
  }

  /**
   * A 20 % coupon forever: April's Basic fee was billed at 30 − 6 = 24.00. Upgrading on 16 April
   * credits half of what was billed, 24 × 15/30 = 12.00 (not 15.00, half of the undiscounted
   * price); the Pro charge 60 × 15/30 = 30.00 is discounted to 24.00. Regression: the credit was
   * computed from the undiscounted amount, paying the customer back more than they paid.
   */
  @Test
  void creditOfADiscountedFeeIsWhatWasBilled() {
    Subscription s = sub("basic", "1");
    Invoice may = mayInvoice(s, s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
        at("2026-04-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1)),
        List.of(CouponRedemption.start(Coupon.percentage("p20", new BigDecimal("20"), CouponDuration.FOREVER))));
    assertThat(amount(may, "basic_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-12.00"));
    InvoiceLine charge = may.lines().stream().filter(l -> l.kind() == LineKind.PRORATION_CHARGE).findFirst().orElseThrow();
    assertThat(charge.amount()).isEqualTo(usd("30.00"));
    assertThat(charge.taxableAmount()).isEqualTo(usd("24.00"));
    // −12 + 24 + May's Pro 60 − 20 % = 48 → 60.00
    assertThat(may.totals().total()).isEqualTo(usd("60.00"));
  }

  /** A change on the boundary itself prorates nothing: the new plan bills the whole next period. */
  @Test
  void changeOnTheBoundaryHasNoProration() {
    Subscription s = sub("basic", "1");
    Invoice may = mayInvoice(s, s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
        at("2026-05-01T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1)), List.of());
    assertThat(may.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.RECURRING_FEE);
    assertThat(may.totals().total()).isEqualTo(usd("60.00"));
  }

  /**
   * A plan change to a plan with another cadence (monthly → yearly) at the period's end (1 May)
   * is billed on the new plan's periods: the yearly fee once, for [1 May, 1 January), 245 of 365
   * days: 1200 × 245 / 365 = 805.479… → 805.48, and no boundary until 1 January. Regression: the
   * change was rejected (INVALID_DEFINITION); before that, 1200.00 was billed on each monthly
   * invoice.
   */
  @Test
  void planChangeToAnotherCadenceIsBilledOnTheNewPeriods() {
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("basic", "days", "", flatFee("basic_fee", "30"))),
        BillingFixtures.plan(plan("yearly", "days", "", flatFee("yearly_fee", "1200")).replace("P1M", "P1Y")));
    Subscription s = sub("basic", "1").withChange(SubscriptionChange.planChange("y", SubscriptionChange.Kind.UPGRADE,
        at("2026-04-16T00:00:00Z"), ChangeTiming.AT_PERIOD_END, "yearly", 1));
    assertThat(s.phases(catalog)).extracting(dev.billwright.subscription.SubscriptionPhase::rescheduled)
        .containsExactly(false, true);
    BillingFixtures.MapStore store = new BillingFixtures.MapStore();
    BillRunResult r = new BillRun(catalog, store, new BillingFixtures.Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(s), UsageSource.NONE, at("2026-12-31T00:00:00Z")));
    assertThat(r.failures()).isEmpty();
    Invoice may = r.created().stream().filter(i -> i.issuedAt().equals(at("2026-05-01T00:00:00Z"))).findFirst()
        .orElseThrow();
    assertThat(amount(may, "yearly_fee", LineKind.RECURRING_FEE)).isEqualTo(usd("805.48"));
    assertThat(r.created()).extracting(Invoice::issuedAt).last().isEqualTo(at("2026-05-01T00:00:00Z"));
  }

  static Invoice mayInvoice(MapCatalog catalog, Subscription before, Subscription after) {
    Outcome o = BillingGoldenTest.bill(catalog, List.of(before, after),
        List.of(before.start(), at("2026-05-01T00:00:00Z")), UsageSource.NONE, List.of());
    return o.invoices().get(o.invoices().size() - 1);
  }

  /**
   * A 14-day trial (fees from 15 April): April's Basic fee billed on 1 April is 30 × 16/30 =
   * 16.00. Upgrading on 10 April (inside the trial) credits all of it (16.00) and charges Pro from
   * the trial's end: 60 × 16/30 = 32.00; with May's 60.00 the 1 May invoice is 76.00.
   */
  @Test
  void upgradeInsideTheTrialCreditsTheWholeBilledFee() {
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("basic", "days", ",\"trial\":\"P14D\"", flatFee("basic_fee", "30"))),
        BillingFixtures.plan(plan("pro", "days", "", flatFee("pro_fee", "60"))));
    Subscription s = Subscription.builder().id("sub_t").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-04-01T00:00:00Z")).build();
    Invoice may = mayInvoice(catalog, s, s.withChange(SubscriptionChange.planChange("up",
        SubscriptionChange.Kind.UPGRADE, at("2026-04-10T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1)));
    assertThat(amount(may, "basic_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-16.00"));
    InvoiceLine charge = may.lines().stream().filter(l -> l.kind() == LineKind.PRORATION_CHARGE).findFirst().orElseThrow();
    assertThat(charge.servicePeriod().start()).isEqualTo(at("2026-04-15T00:00:00Z"));
    assertThat(charge.amount()).isEqualTo(usd("32.00"));
    assertThat(may.totals().total()).isEqualTo(usd("76.00"));
  }

  /**
   * After the trial: upgrading on 21 April credits Basic's billed 16.00 for [21 Apr, 1 May) out
   * of its span [15 Apr, 1 May): 16 × 10/16 = 10.00; Pro for the rest: 60 × 10/30 = 20.00;
   * 1 May: −10 + 20 + 60 = 70.00.
   */
  @Test
  void upgradeAfterTheTrialCreditsFromTheBilledSpan() {
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("basic", "days", ",\"trial\":\"P14D\"", flatFee("basic_fee", "30"))),
        BillingFixtures.plan(plan("pro", "days", "", flatFee("pro_fee", "60"))));
    Subscription s = Subscription.builder().id("sub_t").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-04-01T00:00:00Z")).build();
    Invoice may = mayInvoice(catalog, s, s.withChange(SubscriptionChange.planChange("up",
        SubscriptionChange.Kind.UPGRADE, at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1)));
    assertThat(amount(may, "basic_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-10.00"));
    assertThat(amount(may, "pro_fee", LineKind.PRORATION_CHARGE)).isEqualTo(usd("20.00"));
    assertThat(may.totals().total()).isEqualTo(usd("70.00"));
  }

  /**
   * Started on 16 April (first period prorated: 30 × 15/30 = 15.00), upgraded on 21 April:
   * credit 15 × 10/15 = 10.00; Pro 60 × 10/30 = 20.00; 1 May: −10 + 20 + 60 = 70.00.
   */
  @Test
  void upgradeInsideAPartialFirstPeriod() {
    Subscription s = Subscription.builder().id("sub_p").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-04-16T00:00:00Z")).build();
    Invoice may = mayInvoice(CATALOG, s, s.withChange(SubscriptionChange.planChange("up",
        SubscriptionChange.Kind.UPGRADE, at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1)));
    assertThat(amount(may, "basic_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-10.00"));
    assertThat(amount(may, "pro_fee", LineKind.PRORATION_CHARGE)).isEqualTo(usd("20.00"));
    assertThat(may.totals().total()).isEqualTo(usd("70.00"));
  }

  /**
   * An in-arrears seat fee (12.00 per seat) with 5 → 8 seats on 16 April: the 1 May invoice bills
   * each phase for its part of April, 5 × 12 × 15/30 = 30.00 and 8 × 12 × 15/30 = 48.00 (78.00);
   * the same fee not prorated is billed once, by the phase in effect at the period's end: 96.00.
   * A one-time setup fee of 99.00 in advance is on the opening invoice only.
   */
  @Test
  void inArrearsFeesFollowThePhasesAndOneTimeFeesAreBilledOnce() {
    String arrears = """
        {"code":"seats","kind":"recurring","timing":"in_arrears","price":{"model":"per_unit","unit_price":"12"}}""";
    String notProrated = """
        {"code":"seats","kind":"recurring","timing":"in_arrears","prorated":false,
         "price":{"model":"per_unit","unit_price":"12"}}""";
    String setup = """
        {"code":"setup","kind":"one_time","timing":"in_advance","price":{"model":"flat","amount":"99"}}""";
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("arrears", "days", "", arrears + "," + setup)),
        BillingFixtures.plan(plan("flatrate", "days", "", notProrated)));
    for (String code : List.of("arrears", "flatrate")) {
      Subscription s = Subscription.builder().id("sub_" + code).customerId("cus_1").planCode(code).planVersion(1)
          .start(at("2026-04-01T00:00:00Z")).seats(new BigDecimal("5")).build();
      Subscription more = s.withChange(SubscriptionChange.seats("more", at("2026-04-16T00:00:00Z"),
          ChangeTiming.IMMEDIATE, new BigDecimal("8")));
      Outcome o = BillingGoldenTest.bill(catalog, List.of(s, more),
          List.of(at("2026-04-01T00:00:00Z"), at("2026-06-01T00:00:00Z")), UsageSource.NONE, List.of());
      Invoice may = o.invoices().stream().filter(i -> i.issuedAt().equals(at("2026-05-01T00:00:00Z")))
          .findFirst().orElseThrow();
      Invoice june = o.invoices().get(o.invoices().size() - 1);
      if (code.equals("arrears")) {
        assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("99.00"));
        assertThat(may.lines()).extracting(l -> l.amount().amount().toPlainString()).containsExactly("30.00", "48.00");
        assertThat(june.totals().total()).isEqualTo(usd("96.00"));
      } else {
        assertThat(may.totals().total()).isEqualTo(usd("96.00"));
      }
    }
  }
}
