package dev.billwright.billing;

import dev.billwright.rating.UsageSource;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of per-charge cadences: periods cut at a change join up, usage periods bill once. */
class CadencePropertiesTest {
  static final Instant YEAR = at("2026-01-01T00:00:00Z");
  static final long YEAR_SECONDS = 365L * 86_400;

  static String plan(String timing, String basis, String alignment, String fee) {
    return """
        {"code":"annual","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1Y","alignment":"%s","time_zone":"UTC","proration":"%s"},
         "charges":[
          {"code":"platform","name":"Platform fee","kind":"recurring","timing":"%s",
           "price":{"model":"flat","amount":"%s"}},
          {"code":"api_calls","name":"API calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
           "cadence":"P1M","price":{"model":"per_unit","unit_price":"0.10"}}]}
        """.formatted(alignment, basis, timing, fee);
  }

  static Money platformTotal(List<Invoice> invoices, BillingPeriod year) {
    Money sum = usd("0");
    for (Invoice i : invoices) {
      for (InvoiceLine l : i.lines()) {
        if (l.chargeCode().equals("platform") && year.encloses(l.servicePeriod())) {
          sum = sum.plus(l.amount());
        }
      }
    }
    return sum;
  }

  /**
   * Cutting the yearly period at a plan change to the same plan and joining the parts gives the
   * whole year's fee. In advance the parts are the billed fee, the credit of its unused part and
   * the charge for the same part: the credit and the charge are the same fraction of the same
   * amount, so the join is exact. In arrears the parts are the two prorated segments, each
   * rounded HALF_UP once: since their exact amounts add up to the fee (the units of abutting
   * parts add up, docs/billing-time.md), the join is within ½ minor unit per part, so within
   * 0.01 for two parts.
   */
  @Test
  void cuttingAPeriodAtAChangeToTheSamePlanJoinsToTheWhole() {
    qt().withExamples(100).forAll(longs().between(1, YEAR_SECONDS - 1), integers().between(1, 9_999_999),
        booleans().all(), booleans().all()).checkAssert((offset, cents, inAdvance, byDays) -> {
          String fee = BigDecimal.valueOf(cents, 2).toPlainString();
          MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan(inAdvance ? "in_advance" : "in_arrears",
              byDays ? "days" : "seconds", "calendar", fee)));
          Subscription s = Subscription.builder().id("sub_1").customerId("cus_1").planCode("annual").planVersion(1)
              .start(YEAR).build();
          Instant t = YEAR.plusSeconds(offset);
          Subscription changed = s.withChange(SubscriptionChange.planChange("same", SubscriptionChange.Kind.UPGRADE,
              t, ChangeTiming.IMMEDIATE, "annual", 1));
          Outcome o = BillingGoldenTest.bill(catalog, List.of(s, changed), List.of(YEAR, at("2027-01-01T00:00:00Z")),
              UsageSource.NONE, List.of());
          Money joined = platformTotal(o.invoices(), BillingPeriod.of(YEAR, at("2027-01-01T00:00:00Z"),
              java.time.ZoneOffset.UTC));
          Money whole = usd(fee);
          List<InvoiceLine> platform = o.invoices().stream().flatMap(i -> i.lines().stream())
              .filter(l -> l.chargeCode().equals("platform")).toList();
          // the period really is cut at t: a charge from t in advance, two segments meeting at t in arrears
          if (inAdvance) {
            InvoiceLine charge = platform.stream().filter(l -> l.kind() == LineKind.PRORATION_CHARGE).findFirst()
                .orElseThrow();
            assertThat(charge.servicePeriod().start()).isEqualTo(t);
            List<InvoiceLine> credits = platform.stream().filter(l -> l.kind() == LineKind.PRORATION_CREDIT).toList();
            if (charge.amount().isPositive()) {
              assertThat(credits).singleElement().satisfies(c -> assertThat(c.amount()).isEqualTo(charge.amount()
                  .negated()));
            }
          } else {
            assertThat(platform).hasSize(2);
            assertThat(platform.get(0).servicePeriod().end()).isEqualTo(t);
            assertThat(platform.get(1).servicePeriod().start()).isEqualTo(t);
          }
          if (inAdvance) {
            assertThat(joined).isEqualTo(whole);
          } else {
            assertThat(joined.minus(whole).amount().abs()).isLessThanOrEqualTo(new BigDecimal("0.01"));
          }
        });
  }

  /**
   * A yearly fee billed with monthly usage bills each usage period exactly once: for any start
   * and any as-of instant, calendar or anniversary alignment, the usage lines abut from the
   * start, each month is asked of the usage source once, and the yearly fee is billed once per
   * yearly period opened.
   */
  @Test
  void aYearlyFeeWithMonthlyUsageBillsEachUsagePeriodOnce() {
    qt().withExamples(40).forAll(longs().between(0, YEAR_SECONDS - 1), integers().between(1, 800), booleans().all())
        .checkAssert((startOffset, days, anniversary) -> {
          MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("in_advance", "days",
              anniversary ? "anniversary" : "calendar", "1200")));
          Instant start = YEAR.plusSeconds(startOffset);
          Instant asOf = start.plusSeconds(86_400L * days);
          Subscription s = Subscription.builder().id("sub_1").customerId("cus_1").planCode("annual").planVersion(1)
              .start(start).build();
          CadenceTest.Recording usage = new CadenceTest.Recording();
          Outcome o = BillingGoldenTest.bill(catalog, s, asOf, usage);
          List<InvoiceLine> usageLines = new ArrayList<>();
          List<InvoiceLine> fees = new ArrayList<>();
          for (Invoice i : o.invoices()) {
            usageLines.addAll(CadenceTest.lines(i, "api_calls", LineKind.USAGE));
            fees.addAll(CadenceTest.lines(i, "platform", LineKind.RECURRING_FEE));
          }
          usageLines.sort(Comparator.comparing(l -> l.servicePeriod().start()));
          assertThat(usage.asked).doesNotHaveDuplicates().hasSameSizeAs(usageLines);
          Instant expected = start;
          for (InvoiceLine l : usageLines) {
            assertThat(l.servicePeriod().start()).isEqualTo(expected);
            assertThat(l.servicePeriod().end()).isAfter(expected).isBeforeOrEqualTo(asOf);
            expected = l.servicePeriod().end();
          }
          // the usage still open at asOf is less than one month: the next monthly boundary is after it
          dev.billwright.time.BillingSchedule monthly = s.phases(catalog).get(0)
              .schedule(catalog.get("annual", 1).charge("api_calls").orElseThrow());
          assertThat(monthly.periodContaining(expected).end()).isAfter(asOf);
          // one yearly fee per yearly period opened at or before asOf, abutting from the start
          fees.sort(Comparator.comparing(l -> l.servicePeriod().start()));
          Instant feeFrom = start;
          for (InvoiceLine l : fees) {
            assertThat(l.servicePeriod().start()).isEqualTo(feeFrom).isBeforeOrEqualTo(asOf);
            feeFrom = l.servicePeriod().end();
          }
          assertThat(feeFrom).isAfter(asOf);
        });
  }
}
