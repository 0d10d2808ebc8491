package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.catalog.Conventions;
import dev.billwright.catalog.CouponDurationUnit;
import dev.billwright.catalog.PlanJson;
import dev.billwright.catalog.TrialAnchor;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.Invoice;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two Stripe conventions as named options: {@code billing.trial_anchor: trial_end} (the billing
 * cycle anchor moves to the trial end when the subscription gives none; Stripe docs "Setting the
 * subscription billing cycle date") and a coupon's {@code duration_unit: months} (a repeating
 * coupon lasts calendar months, Stripe's {@code duration_in_months}); both in the stripe preset.
 */
class StripeTrialAndCouponMonthsTest {
  static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");

  static MapCatalog catalog(String billingExtra, String cadence) {
    return new MapCatalog(BillingFixtures.plan("""
        {"code":"basic","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"%s","alignment":"anniversary","time_zone":"UTC","proration":"seconds"%s},
         "charges":[{"code":"licensed","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"10"}}]}
        """.formatted(cadence, billingExtra)));
  }

  static List<Invoice> bill(MapCatalog catalog, Subscription sub, List<CouponRedemption> coupons, Instant until) {
    List<Invoice> out = new BillRun(catalog, new MapStore(), new Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(sub), UsageSource.NONE, until).withCoupons(s -> coupons)).created();
    return out.stream().sorted(Comparator.comparing(Invoice::issuedAt)).toList();
  }

  static Subscription trial(Optional<Instant> anchor) {
    Subscription.Builder b = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
        .start(APR).trialEnd(Instant.parse("2026-04-15T00:00:00Z"));
    anchor.ifPresent(b::billingCycleAnchor);
    return b.build();
  }

  static Money paid(List<Invoice> invoices, Instant boundary) {
    return invoices.stream().filter(i -> i.issuedAt().equals(boundary)).map(i -> i.totals().total())
        .reduce(Money::plus).orElse(usd("0"));
  }

  @Test
  void trialEndMovesTheAnchorStartKeepsIt() {
    Instant trialEnd = Instant.parse("2026-04-15T00:00:00Z");
    Instant may15 = Instant.parse("2026-05-15T00:00:00Z");
    List<Invoice> stripe = bill(catalog(",\"trial_anchor\":\"trial_end\"", "P1M"), trial(Optional.empty()), List.of(),
        may15);
    assertThat(paid(stripe, trialEnd)).isEqualTo(usd("10.00"));
    assertThat(paid(stripe, may15)).isEqualTo(usd("10.00"));

    // the default keeps the anchor at 1 April: the rest of April after the trial, 10 x 16/30
    List<Invoice> kept = bill(catalog("", "P1M"), trial(Optional.empty()), List.of(), may15);
    assertThat(kept.stream().map(i -> i.totals().total()).toList()).contains(usd("5.33"));
    assertThat(paid(kept, Instant.parse("2026-05-01T00:00:00Z"))).isEqualTo(usd("10.00"));
    assertThat(paid(kept, may15)).isEqualTo(usd("0"));
  }

  @Test
  void anExplicitAnchorWinsOverTrialEnd() {
    Instant may1 = Instant.parse("2026-05-01T00:00:00Z");
    Instant may20 = Instant.parse("2026-05-20T00:00:00Z");
    List<Invoice> explicit = bill(catalog(",\"trial_anchor\":\"trial_end\"", "P1M"),
        trial(Optional.of(Instant.parse("2026-04-20T00:00:00Z"))), List.of(), may20);
    assertThat(paid(explicit, may20)).isEqualTo(usd("10.00"));
    assertThat(paid(explicit, may1)).isEqualTo(usd("0"));
  }

  @Test
  void trialAnchorIsReadWrittenAndSetByTheStripePreset() {
    String json = """
        {"code":"p","version":1,"status":"active","currency":"USD","billing":{"cadence":"P1M"%s},
         "charges":[{"code":"f","kind":"recurring","timing":"in_advance","price":{"model":"flat","amount":"1"}}]}
        """;
    var plain = PlanJson.read(JsonObjectReader.root(Json.parse(json.formatted(""), "p"), "p"), Optional.empty());
    assertThat(plain.billing().trialAnchor()).isEqualTo(TrialAnchor.START);
    assertThat(PlanJson.writeBilling(plain.billing()).has("trial_anchor")).isFalse();
    var stripe = PlanJson.read(JsonObjectReader.root(Json.parse(json.formatted(""), "p"), "p"),
        Optional.of(Conventions.STRIPE));
    assertThat(stripe.billing().trialAnchor()).isEqualTo(TrialAnchor.TRIAL_END);
    assertThat(PlanJson.writeBilling(stripe.billing()).get("trial_anchor").asText()).isEqualTo("trial_end");
    assertThat(PlanJson.readBilling(JsonObjectReader.root(PlanJson.writeBilling(stripe.billing()), "b"))
        .trialAnchor()).isEqualTo(TrialAnchor.TRIAL_END);
    var lagoOverridden = PlanJson.read(JsonObjectReader.root(Json.parse(json.formatted(
        ",\"trial_anchor\":\"start\""), "p"), "p"), Optional.of(Conventions.STRIPE));
    assertThat(lagoOverridden.billing().trialAnchor()).isEqualTo(TrialAnchor.START);
    assertThatThrownBy(() -> PlanJson.read(JsonObjectReader.root(Json.parse(json.formatted(
        ",\"trial_anchor\":\"later\""), "p"), "p"), Optional.empty()))
        .isInstanceOf(BillingException.class).hasMessageContaining("trial_anchor");
    for (Conventions c : Conventions.values()) {
      assertThat(c.trialAnchor()).isEqualTo(c == Conventions.STRIPE ? TrialAnchor.TRIAL_END : TrialAnchor.START);
      assertThat(c.couponDurationUnit())
          .isEqualTo(c == Conventions.STRIPE ? CouponDurationUnit.MONTHS : CouponDurationUnit.INVOICES);
    }
  }

  @Test
  void aRepeatingCouponInMonthsDiscountsEveryInvoiceInsideItsMonths() {
    // weekly invoices: 3 months of a 20 % coupon cover the weekly boundaries before 1 July; counted in
    // invoices, 3 periods cover the first three invoices only
    MapCatalog weekly = catalog("", "P1W");
    Subscription sub = Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
        .start(APR).build();
    Instant until = Instant.parse("2026-07-15T00:00:00Z");
    Coupon months = Coupon.percentage("cpn", new BigDecimal("20"), CouponDuration.repeatingMonths(3));
    Coupon invoices = Coupon.percentage("cpn", new BigDecimal("20"), CouponDuration.repeating(3));
    Instant july = Instant.parse("2026-07-01T00:00:00Z");
    for (Invoice i : bill(weekly, sub, List.of(CouponRedemption.start(months)), until)) {
      assertThat(i.totals().discountTotal()).as("invoice at %s", i.issuedAt())
          .isEqualTo(i.issuedAt().isBefore(july) ? usd("2.00") : usd("0.00"));
    }
    List<Invoice> counted = bill(weekly, sub, List.of(CouponRedemption.start(invoices)), until);
    assertThat(counted.stream().filter(i -> i.totals().discountTotal().isPositive()).count()).isEqualTo(3);
  }

  @Test
  void theMonthsWindowIsHalfOpenAndClampsAtMonthEnd() {
    qt().forAll(integers().between(1, 36)).checkAssert(n -> {
      CouponDuration d = CouponDuration.repeatingMonths(n);
      Instant redeemed = Instant.parse("2026-01-31T10:00:00Z");
      Instant end = redeemed.atZone(ZoneId.of("UTC")).plusMonths(n).toInstant();
      assertThat(d.appliesAt(redeemed, end.minusSeconds(1), ZoneId.of("UTC"))).isTrue();
      assertThat(d.appliesAt(redeemed, end, ZoneId.of("UTC"))).isFalse();
      assertThat(d.appliesAfter(n + 5)).isTrue(); // the calendar limits it, not the count
      assertThat(CouponDuration.repeating(n).appliesAt(redeemed, end.plusSeconds(86_400L * 400), ZoneId.of("UTC")))
          .isTrue();
    });
    assertThat(CouponDuration.repeatingMonths(1).appliesAt(Instant.parse("2026-01-31T00:00:00Z"),
        Instant.parse("2026-02-28T00:00:00Z"), ZoneId.of("UTC"))).isFalse(); // 31 Jan + 1 month = 28 Feb
    assertThatThrownBy(() -> new CouponDuration(CouponDuration.Kind.FOREVER, 0, CouponDurationUnit.MONTHS))
        .isInstanceOf(BillingException.class).hasMessageContaining("duration_unit");
  }
}
