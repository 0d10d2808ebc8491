package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import static dev.billwright.billing.BillingFixtures.assertGolden;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.invoice.Invoice;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden invoices of per-charge cadences and cadence changes, compared byte for byte with
 * {@code golden/billing/*.json} (rewrite with {@code BILLWRIGHT_UPDATE_GOLDEN=1}); every total is
 * derived by hand below and asserted. Usage is 0.10 per API call; fees are prorated by days.
 */
class CadenceGoldenTest {

  /** Usage by the start of the usage window asked for (a period of the usage charge's schedule). */
  static UsageSource byWindowStart(Map<String, String> quantities) {
    return (sub, window) -> {
      String q = quantities.get(window.period().start().toString());
      return q == null ? PeriodUsage.NONE : PeriodUsage.ofQuantities(Map.of("api_calls", new BigDecimal(q)));
    };
  }

  static List<String> totals(Outcome o) {
    return o.invoices().stream().map(i -> i.issuedAt() + " " + i.totals().total().amount().toPlainString()).toList();
  }

  /**
   * An annual contract from 1 January 2026: a 1200.00 platform fee a year in advance and API
   * calls every month in arrears, month m using m × 1000 calls (m × 100.00). Thirteen invoices
   * to 1 January 2027: 1200.00 at the start, then 100.00, 200.00, …, 1100.00 for January to
   * November, and on 1 January 2027 December's 1200.00 with 2027's fee, 2400.00 — the fee twice,
   * the usage of each month once (7800.00 in all).
   */
  @Test
  void annualContractWithMonthlyUsage() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(CadenceTest.annual("annual", 1, "1200", "")));
    java.util.Map<String, String> usage = new java.util.HashMap<>();
    for (int m = 1; m <= 12; m++) {
      usage.put(java.time.LocalDate.of(2026, m, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString(),
          Integer.toString(m * 1000));
    }
    Outcome o = BillingGoldenTest.bill(catalog, CadenceTest.sub("annual", "2026-01-01T00:00:00Z"),
        at("2027-01-01T00:00:00Z"), byWindowStart(usage));
    assertThat(o.invoices()).hasSize(13);
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("1200.00"));
    for (int m = 1; m <= 11; m++) {
      assertThat(o.invoices().get(m).totals().total()).isEqualTo(usd(m * 100 + ".00"));
    }
    assertThat(o.invoices().get(12).totals().total()).isEqualTo(usd("2400.00"));
    o.invoices().forEach(BillingGoldenTest::assertLinesSumToTotals);
    assertGolden("annual-contract-monthly-usage.json", BillingGoldenTest.document(o));
  }

  /**
   * Monthly plan (30.00 in advance, API calls monthly) → annual contract (1200.00 a year, API
   * calls monthly), immediately on 16 April 2026, billed to 1 June. January to March use 1000,
   * 2000, 3000 calls. Both options: 1 January 30.00; 1 February 100.00 + 30.00 = 130.00;
   * 1 March 230.00; 1 April 330.00; at 16 April a credit for April's unused 15 of 30 days,
   * −15.00. April's usage is split at the change, each part priced by its own plan: the usage
   * window before the change, [1 April, 16 April) with 1500 calls, 150.00, ends at the change
   * (a boundary, the periods change) and is billed there.
   * <ul>
   *   <li>{@code keep} (Lago): the yearly fee for the calendar year's rest, [16 April, 1 January)
   *       = 260 of 365 days, 1200 × 260 / 365 = 854.794… → 854.79, so 854.79 − 15.00 + 150.00 =
   *       989.79 at the change; the rest of April, [16 April, 1 May) with 2500 calls, 250.00 on
   *       1 May; May's (5000) 500.00 on 1 June.</li>
   *   <li>{@code reset} (Stripe): a whole year from the change, 1200.00, so 1335.00 at the
   *       change; then [16 April, 16 May) with 2500 calls, 250.00 on 16 May.</li>
   * </ul>
   */
  @Test
  void monthlyToYearlyUpgradeMidPeriod() throws IOException {
    Map<String, String> usage = Map.of("2026-01-01T00:00:00Z", "1000", "2026-02-01T00:00:00Z", "2000",
        "2026-03-01T00:00:00Z", "3000", "2026-04-01T00:00:00Z", "1500", "2026-05-01T00:00:00Z", "5000",
        "2026-04-16T00:00:00Z", "2500");
    for (String anchor : new String[] {"keep", "reset"}) {
      MapCatalog catalog = new MapCatalog(BillingFixtures.plan(CadenceTest.monthlyWithUsage()),
          BillingFixtures.plan(CadenceTest.annual("annual", 1, "1200", ",\"cadence_change_anchor\":\"" + anchor + "\"")));
      Subscription s = CadenceTest.sub("monthly", "2026-01-01T00:00:00Z");
      Subscription up = s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
          at("2026-04-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "annual", 1));
      Map<String, String> windows = usage;
      Outcome o = BillingGoldenTest.bill(catalog, List.of(s, up),
          List.of(at("2026-04-01T00:00:00Z"), at("2026-06-01T00:00:00Z")), byWindowStart(windows), List.of());
      List<String> expected = anchor.equals("keep")
          ? List.of("2026-01-01T00:00:00Z 30.00", "2026-02-01T00:00:00Z 130.00", "2026-03-01T00:00:00Z 230.00",
              "2026-04-01T00:00:00Z 330.00", "2026-04-16T00:00:00Z 989.79", "2026-05-01T00:00:00Z 250.00",
              "2026-06-01T00:00:00Z 500.00")
          : List.of("2026-01-01T00:00:00Z 30.00", "2026-02-01T00:00:00Z 130.00", "2026-03-01T00:00:00Z 230.00",
              "2026-04-01T00:00:00Z 330.00", "2026-04-16T00:00:00Z 1335.00", "2026-05-16T00:00:00Z 250.00");
      assertThat(totals(o)).containsExactlyElementsOf(expected);
      o.invoices().forEach(BillingGoldenTest::assertLinesSumToTotals);
      Invoice change = o.invoices().get(4);
      assertThat(change.issuedAt()).isEqualTo(Instant.parse("2026-04-16T00:00:00Z"));
      assertGolden("monthly-to-yearly-upgrade-" + anchor + ".json", BillingGoldenTest.document(o));
    }
  }
}
