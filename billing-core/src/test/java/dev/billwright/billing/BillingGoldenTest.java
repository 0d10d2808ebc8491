package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import static dev.billwright.billing.BillingFixtures.amount;
import static dev.billwright.billing.BillingFixtures.assertGolden;
import static dev.billwright.billing.BillingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.catalog.Plan;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden invoices of representative billing scenarios, produced by a {@link BillRun} over an
 * in-test store and compared byte for byte with {@code golden/billing/*.json} (rewrite with
 * {@code BILLWRIGHT_UPDATE_GOLDEN=1} and review the diff). Every amount is also derived by hand
 * in the comments and asserted, so the golden file is never the only proof.
 */
class BillingGoldenTest {

  static String plan(String code, String proration, String extra, String charges) {
    return """
        {"code":"%s","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"%s"}%s,
         "charges":[%s]}
        """.formatted(code, proration, extra, charges);
  }

  static String flatFee(String code, String amount) {
    return """
        {"code":"%s","name":"%s","kind":"recurring","timing":"in_advance","price":{"model":"flat","amount":"%s"}}
        """.formatted(code, code, amount);
  }

  static String seatFee(String code, String unitPrice) {
    return """
        {"code":"%s","name":"%s","kind":"recurring","timing":"in_advance","price":{"model":"per_unit","unit_price":"%s"}}
        """.formatted(code, code, unitPrice);
  }

  static String perUnitUsage(String code, String unitPrice) {
    return """
        {"code":"%s","name":"%s","kind":"usage","meter":"%s","timing":"in_arrears","price":{"model":"per_unit","unit_price":"%s"}}
        """.formatted(code, code, code, unitPrice);
  }

  static Instant at(String text) {
    return Instant.parse(text);
  }

  /** Usage per charge by the month (1–12) of the period's start. */
  static UsageSource monthly(String chargeCode, Map<Integer, String> byMonth) {
    return (sub, w) -> {
      String q = byMonth.get(w.fullPeriod().zonedStart().getMonthValue());
      return q == null ? PeriodUsage.NONE : PeriodUsage.ofQuantities(Map.of(chargeCode, new BigDecimal(q)));
    };
  }

  record Outcome(List<Invoice> invoices, List<CreditNote> creditNotes, BillRunResult last) {}

  /** Runs the bill run at each instant in turn (the same store), as a scheduler would. */
  static Outcome bill(MapCatalog catalog, List<Subscription> subsPerRun, List<Instant> runs, UsageSource usage,
      List<CouponRedemption> coupons) {
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT);
    List<CreditNote> notes = new ArrayList<>();
    BillRunResult last = null;
    for (int i = 0; i < runs.size(); i++) {
      BillRunRequest request = BillRunRequest.of(List.of(subsPerRun.get(i)), usage, runs.get(i))
          .withCoupons(s -> coupons);
      List<CreditNote> issued = List.copyOf(notes);
      request = new BillRunRequest(request.subscriptions(), request.usage(), request.tax(), request.coupons(),
          request.asOf(), true, request.series(), request.credits(),
          id -> issued.stream().filter(n -> n.invoiceId().equals(id)).toList());
      last = run.run(request);
      assertThat(last.failures()).isEmpty();
      notes.addAll(last.creditNotes());
    }
    List<Invoice> invoices = new ArrayList<>(store.byKey.values());
    invoices.sort(Comparator.comparing(Invoice::issuedAt));
    invoices.forEach(inv -> assertThat(inv.status()).isEqualTo(InvoiceStatus.FINALIZED));
    return new Outcome(invoices, notes, last);
  }

  static Outcome bill(MapCatalog catalog, Subscription sub, Instant asOf, UsageSource usage) {
    return bill(catalog, List.of(sub), List.of(asOf), usage, List.of());
  }

  static ObjectNode document(Outcome o) {
    ObjectNode root = Json.object();
    ArrayNode invoices = root.putArray("invoices");
    for (Invoice i : o.invoices()) {
      ObjectNode json = InvoiceJson.write(i);
      // every golden invoice is a valid document: it reads back equal (totals are checked on read)
      assertThat(InvoiceJson.read(dev.billwright.json.JsonObjectReader.root(json, "golden"))).isEqualTo(i);
      invoices.add(json);
    }
    ArrayNode notes = root.putArray("credit_notes");
    o.creditNotes().forEach(n -> notes.add(CreditNoteJson.write(n)));
    return root;
  }

  static void assertLinesSumToTotals(Invoice inv) {
    Money sum = Money.zero(inv.currency());
    for (InvoiceLine l : inv.lines()) {
      sum = sum.plus(l.amount());
    }
    assertThat(inv.totals().subtotal()).isEqualTo(sum);
  }

  // ------------------------------------------------------------------ SaaS over 3 months

  /**
   * Seats in advance (10 USD per seat, 5 seats) and API calls in arrears, graduated: 0–1000
   * free, 1001–10000 at 0.002, above at 0.001 (Stripe's graduated tiers). Started 1 January,
   * billed at 1 January (opening), 1 February, 1 March and 1 April.
   */
  @Test
  void saasSeatsAndGraduatedUsageOverThreeMonths() throws IOException {
    Plan saas = BillingFixtures.plan(plan("saas", "seconds", "", seatFee("seats", "10") + ","
        + """
        {"code":"api_calls","name":"API calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
         "price":{"model":"graduated","tiers":[{"up_to":"1000","unit_price":"0"},
           {"up_to":"10000","unit_price":"0.002"},{"up_to":null,"unit_price":"0.001"}]}}
        """));
    Subscription sub = Subscription.builder().id("sub_saas").customerId("cus_1").planCode("saas").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).seats(new BigDecimal("5")).build();
    Outcome o = bill(new MapCatalog(saas), sub, at("2026-04-01T00:00:00Z"),
        monthly("api_calls", Map.of(1, "500", 2, "5000", 3, "25000")));

    assertThat(o.invoices()).hasSize(4);
    // 1 Jan, opening: 5 seats × 10 = 50.00
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("50.00"));
    // 1 Feb: January 500 calls, all in the free tier = 0.00; February seats 50.00
    assertThat(amount(o.invoices().get(1), "api_calls", LineKind.USAGE)).isEqualTo(usd("0.00"));
    assertThat(o.invoices().get(1).totals().total()).isEqualTo(usd("50.00"));
    // 1 Mar: February 5000 calls: (5000 − 1000) × 0.002 = 8.00; + 50.00 = 58.00
    assertThat(amount(o.invoices().get(2), "api_calls", LineKind.USAGE)).isEqualTo(usd("8.00"));
    assertThat(o.invoices().get(2).totals().total()).isEqualTo(usd("58.00"));
    // 1 Apr: March 25000 calls: 9000 × 0.002 = 18.00 + 15000 × 0.001 = 15.00 → 33.00; + 50.00 = 83.00
    assertThat(amount(o.invoices().get(3), "api_calls", LineKind.USAGE)).isEqualTo(usd("33.00"));
    assertThat(o.invoices().get(3).totals().total()).isEqualTo(usd("83.00"));
    // gap-free numbers in order of issue
    assertThat(o.invoices()).extracting(i -> i.number().orElseThrow())
        .containsExactly("INV-000001", "INV-000002", "INV-000003", "INV-000004");
    o.invoices().forEach(BillingGoldenTest::assertLinesSumToTotals);
    assertGolden("saas-seats-graduated-3-months.json", document(o));
  }

  // ------------------------------------------------------------------ first partial period

  /**
   * A calendar-monthly flat fee of 100.00 in advance, started at noon on 15 January: the first
   * period [15 Jan 12:00, 1 Feb) is prorated, by seconds and by days.
   */
  @Test
  void calendarSubscriptionStartingMidMonth() throws IOException {
    Subscription bySeconds = Subscription.builder().id("sub_seconds").customerId("cus_1").planCode("monthly_seconds")
        .planVersion(1).start(at("2026-01-15T12:00:00Z")).build();
    Subscription byDays = Subscription.builder().id("sub_days").customerId("cus_1").planCode("monthly_days")
        .planVersion(1).start(at("2026-01-15T12:00:00Z")).build();
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("monthly_seconds", "seconds", "", flatFee("platform", "100"))),
        BillingFixtures.plan(plan("monthly_days", "days", "", flatFee("platform", "100"))));

    Outcome seconds = bill(catalog, bySeconds, at("2026-02-01T00:00:00Z"), UsageSource.NONE);
    // seconds: 16.5 days of January's 31 → 100 × 16.5 / 31 = 53.2258… → 53.23
    assertThat(seconds.invoices().get(0).totals().total()).isEqualTo(usd("53.23"));
    // then the full February fee on 1 February
    assertThat(seconds.invoices().get(1).totals().total()).isEqualTo(usd("100.00"));

    Outcome days = bill(catalog, byDays, at("2026-02-01T00:00:00Z"), UsageSource.NONE);
    // days: local dates 15 Jan → 1 Feb = 17 days of 31 (the start day counts whole, as Kill Bill)
    // → 100 × 17 / 31 = 54.8387… → 54.84
    assertThat(days.invoices().get(0).totals().total()).isEqualTo(usd("54.84"));
    assertThat(days.invoices().get(1).totals().total()).isEqualTo(usd("100.00"));

    ObjectNode both = Json.object();
    both.set("seconds", document(seconds));
    both.set("days", document(days));
    assertGolden("calendar-mid-month-start.json", both);
  }

  // ------------------------------------------------------------------ trial

  /**
   * A plan with a 14-day trial (P14D): a 31.00 fee in advance and API calls at 0.01 in arrears,
   * started 1 January. The fee is billed from the trial's end (15 January) to the period's end;
   * usage during the trial is billed as metered (Lago: "fee 0 if the trial covers the period;
   * otherwise days from trial end to period end").
   */
  @Test
  void fourteenDayTrial() throws IOException {
    Plan trial = BillingFixtures.plan(plan("trial", "seconds", ",\"trial\":\"P14D\"",
        flatFee("platform", "31") + "," + perUnitUsage("api_calls", "0.01")));
    Subscription sub = Subscription.builder().id("sub_trial").customerId("cus_1").planCode("trial").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).build();
    MapCatalog catalog = new MapCatalog(trial);
    assertThat(sub.trialEndOrStart(catalog)).isEqualTo(at("2026-01-15T00:00:00Z"));
    Outcome o = bill(catalog, sub, at("2026-02-01T00:00:00Z"), monthly("api_calls", Map.of(1, "1000")));

    // 1 Jan: fee for [15 Jan, 1 Feb) = 17 of 31 days → 31 × 17 / 31 = 17.00
    InvoiceLine fee = o.invoices().get(0).lines().get(0);
    assertThat(fee.servicePeriod().start()).isEqualTo(at("2026-01-15T00:00:00Z"));
    assertThat(fee.amount()).isEqualTo(usd("17.00"));
    // 1 Feb: January usage 1000 × 0.01 = 10.00 + February fee 31.00 = 41.00
    assertThat(o.invoices().get(1).totals().total()).isEqualTo(usd("41.00"));
    assertGolden("trial-14-days.json", document(o));
  }

  /** A trial that covers the whole opening period: no opening invoice at all. */
  @Test
  void trialCoveringTheWholeFirstPeriodBillsNothingAtStart() {
    Plan trial = BillingFixtures.plan(plan("trial", "seconds", ",\"trial\":\"P1M\"", flatFee("platform", "31")));
    Subscription sub = Subscription.builder().id("sub_trial").customerId("cus_1").planCode("trial").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).build();
    Outcome o = bill(new MapCatalog(trial), sub, at("2026-02-01T00:00:00Z"), UsageSource.NONE);
    // only the 1 February invoice: February's full fee
    assertThat(o.invoices()).hasSize(1);
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("31.00"));
  }

  // ------------------------------------------------------------------ immediate upgrade

  /**
   * Basic (30.00 a month, in advance) upgraded to Pro (60.00) immediately at 10 April 06:00 UTC,
   * prorated by seconds. April has 30 × 24 = 720 hours; the unused part from the upgrade is
   * 20 days 18 hours = 498 hours.
   * <ul>
   *   <li>credit for the unused part of the billed April Basic line: 30.00 × 498 / 720 = 20.75;
   *   <li>charge for Pro over the rest of April: 60.00 × 498 / 720 = 41.50;
   *   <li>Pro for May, in advance: 60.00.
   * </ul>
   * The 1 May invoice: −20.75 + 41.50 + 60.00 = 80.75. Like Stripe's default
   * ({@code proration_behavior: create_prorations}), the proration lines wait for the next
   * invoice.
   */
  @Test
  void immediateUpgradeMidPeriod() throws IOException {
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("basic", "seconds", "", flatFee("basic_fee", "30"))),
        BillingFixtures.plan(plan("pro", "seconds", "", flatFee("pro_fee", "60"))));
    Subscription sub = Subscription.builder().id("sub_up").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-04-01T00:00:00Z")).build();
    Subscription upgraded = sub.withChange(SubscriptionChange.planChange("chg_up", SubscriptionChange.Kind.UPGRADE,
        at("2026-04-10T06:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1));
    // the opening invoice is issued before the upgrade is requested; the change is known later
    Outcome o = bill(catalog, List.of(sub, upgraded), List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")),
        UsageSource.NONE, List.of());

    assertThat(o.invoices()).hasSize(2);
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("30.00"));
    Invoice may = o.invoices().get(1);
    assertThat(amount(may, "basic_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-20.75"));
    assertThat(amount(may, "pro_fee", LineKind.PRORATION_CHARGE)).isEqualTo(usd("41.50"));
    assertThat(amount(may, "pro_fee", LineKind.RECURRING_FEE)).isEqualTo(usd("60.00"));
    assertThat(may.totals().total()).isEqualTo(usd("80.75"));
    // April as a whole: 30.00 − 20.75 + 41.50 = 50.75 ≤ one full Pro month (60.00)
    assertThat(usd("30.00").plus(usd("-20.75")).plus(usd("41.50"))).isEqualTo(usd("50.75"));
    assertGolden("immediate-upgrade.json", document(o));
  }

  // ------------------------------------------------------------------ seats at period end

  /**
   * 5 seats at 10.00 in advance; on 10 March the customer asks for 8 seats from the next period
   * (at period end): March stays 50.00 with no proration lines; April bills 8 × 10 = 80.00.
   */
  @Test
  void seatIncreaseAtPeriodEnd() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("team", "seconds", "", seatFee("seats", "10"))));
    Subscription start = Subscription.builder().id("sub_seats").customerId("cus_1").planCode("team").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).seats(new BigDecimal("5")).build();
    Subscription sub = start.withChange(SubscriptionChange.seats("chg_seats", at("2026-03-10T09:30:00Z"), ChangeTiming.AT_PERIOD_END,
            new BigDecimal("8")));
    assertThat(sub.phases(catalog)).hasSize(2);
    assertThat(sub.phases(catalog).get(1).start()).isEqualTo(at("2026-04-01T00:00:00Z"));
    Outcome o = bill(catalog, sub, at("2026-04-01T00:00:00Z"), UsageSource.NONE);

    assertThat(o.invoices()).hasSize(2);
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("50.00"));
    Invoice april = o.invoices().get(1);
    assertThat(april.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.RECURRING_FEE);
    assertThat(april.lines().get(0).quantity()).isEqualByComparingTo("8");
    assertThat(april.totals().total()).isEqualTo(usd("80.00"));
    assertGolden("seat-increase-at-period-end.json", document(o));
  }

  // ------------------------------------------------------------------ immediate cancellation

  /**
   * Basic (30.00 in advance, prorated by days) with API calls at 0.10 in arrears, cancelled
   * immediately on 11 March after the March fee was billed on 1 March.
   * <ul>
   *   <li>final invoice at 11 March for [1 Mar, 11 Mar): 100 calls × 0.10 = 10.00, no fee;
   *   <li>automatic credit note on the 1 March invoice for the unused 21 of March's 31 days:
   *       30.00 × 21 / 31 = 20.3225… → 20.32 (Lago {@code CreateFromTermination}).
   * </ul>
   */
  @Test
  void immediateCancellationFinalInvoiceAndCreditNote() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("basic", "days", "",
        flatFee("basic_fee", "30") + "," + perUnitUsage("api_calls", "0.10"))));
    Subscription sub = Subscription.builder().id("sub_cancel").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-02-01T00:00:00Z")).build();
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("chg_cancel", at("2026-03-11T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    Outcome o = bill(catalog, List.of(sub, cancelled, cancelled),
        List.of(at("2026-03-01T00:00:00Z"), at("2026-03-11T00:00:00Z"), at("2026-03-12T00:00:00Z")),
        monthly("api_calls", Map.of(2, "0", 3, "100")), List.of());

    assertThat(o.invoices()).hasSize(3);
    Invoice finalInvoice = o.invoices().get(2);
    assertThat(finalInvoice.period().end()).isEqualTo(at("2026-03-11T00:00:00Z"));
    assertThat(finalInvoice.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.USAGE);
    assertThat(finalInvoice.totals().total()).isEqualTo(usd("10.00"));
    // one credit note, issued once although the run went twice after the cancellation
    assertThat(o.creditNotes()).hasSize(1);
    CreditNote note = o.creditNotes().get(0);
    assertThat(note.invoiceId()).isEqualTo(o.invoices().get(1).id());
    assertThat(note.lines().get(0).taxableAmount()).isEqualTo(usd("20.32"));
    assertThat(o.last().creditNotes()).isEmpty();
    assertGolden("immediate-cancellation.json", document(o));
  }

  /**
   * Upgrade on 11 April then cancel on 21 April, both immediate (days basis, April = 30 days):
   * the Basic line (30.00) is credited once, by the proration credit from 11 April
   * (30 × 20 / 30 = 20.00), and not again by the cancellation; Pro is charged for [11, 21 April):
   * 60 × 10 / 30 = 20.00. Regression: the cancellation used to credit Basic's [21 April, 1 May)
   * a second time (10.00).
   */
  @Test
  void upgradeThenCancellationCreditsTheOldFeeOnce() {
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(plan("basic", "days", "", flatFee("basic_fee", "30"))),
        BillingFixtures.plan(plan("pro", "days", "", flatFee("pro_fee", "60"))));
    Subscription sub = Subscription.builder().id("sub_x").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-04-01T00:00:00Z")).build();
    Subscription changed = sub
        .withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE, at("2026-04-11T00:00:00Z"),
            ChangeTiming.IMMEDIATE, "pro", 1))
        .withChange(SubscriptionChange.cancel("cx", at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE));
    Outcome o = bill(catalog, List.of(sub, changed), List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")),
        UsageSource.NONE, List.of());
    Invoice last = o.invoices().get(1);
    assertThat(amount(last, "basic_fee", LineKind.PRORATION_CREDIT)).isEqualTo(usd("-20.00"));
    assertThat(amount(last, "pro_fee", LineKind.PRORATION_CHARGE)).isEqualTo(usd("20.00"));
    assertThat(o.creditNotes()).isEmpty();
  }

  /**
   * Cancelled inside the first period after the opening invoice was issued: the opening invoice
   * is found again (its key does not depend on the end), nothing is billed twice, and the
   * unused 21 of January's 31 days are credited: 30 × 21 / 31 = 20.3225… → 20.32. Regression:
   * the key used to change with the end, so a second, prorated opening invoice was issued.
   */
  @Test
  void cancellationInTheFirstPeriodDoesNotRebillTheOpeningFee() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("basic", "days", "", flatFee("basic_fee", "30"))));
    Subscription sub = Subscription.builder().id("sub_early").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).build();
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("cx", at("2026-01-11T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    Outcome o = bill(catalog, List.of(sub, cancelled), List.of(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")),
        UsageSource.NONE, List.of());
    assertThat(o.invoices()).hasSize(1);
    assertThat(o.invoices().get(0).totals().total()).isEqualTo(usd("30.00"));
    assertThat(o.last().created()).isEmpty();
    assertThat(o.creditNotes()).hasSize(1);
    assertThat(o.creditNotes().get(0).lines().get(0).taxableAmount()).isEqualTo(usd("20.32"));
  }

  /**
   * A cancellation at period end requested on 31 March but recorded only after the 1 April run
   * had billed April in advance (30.00): the subscription ended on 1 April, so April's fee is
   * credited in full (30.00). Regression: only immediate cancellations were credited, and only
   * for a line the end cuts, so the customer kept paying for a month they did not have.
   */
  @Test
  void lateRecordedCancellationAtPeriodEndCreditsTheNextPeriodInFull() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("basic", "days", "", flatFee("basic_fee", "30"))));
    Subscription sub = Subscription.builder().id("sub_late").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).build();
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("cx", at("2026-03-31T12:00:00Z"),
        ChangeTiming.AT_PERIOD_END));
    assertThat(cancelled.effectiveEnd(catalog)).contains(at("2026-04-01T00:00:00Z"));
    Outcome o = bill(catalog, List.of(sub, cancelled, cancelled),
        List.of(at("2026-04-01T00:00:00Z"), at("2026-04-02T00:00:00Z"), at("2026-04-03T00:00:00Z")),
        UsageSource.NONE, List.of());
    assertThat(o.invoices()).hasSize(2);
    assertThat(o.creditNotes()).hasSize(1);
    assertThat(o.creditNotes().get(0).invoiceId()).isEqualTo(o.invoices().get(1).id());
    assertThat(o.creditNotes().get(0).lines().get(0).taxableAmount()).isEqualTo(usd("30.00"));
  }

  /** A cancellation at period end recorded in time bills nothing after the end and credits nothing. */
  @Test
  void cancellationAtPeriodEndRecordedInTimeNeedsNoCredit() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("basic", "days", "", flatFee("basic_fee", "30"))));
    Subscription sub = Subscription.builder().id("sub_end").customerId("cus_1").planCode("basic")
        .planVersion(1).start(at("2026-03-01T00:00:00Z")).build();
    Subscription cancelled = sub.withChange(SubscriptionChange.cancel("cx", at("2026-03-10T00:00:00Z"), ChangeTiming.AT_PERIOD_END));
    Outcome o = bill(catalog, cancelled, at("2026-05-01T00:00:00Z"), UsageSource.NONE);
    assertThat(o.invoices()).hasSize(1);
    assertThat(o.creditNotes()).isEmpty();
  }

  // ------------------------------------------------------------------ minimum commitment

  /**
   * A 20.00 platform fee in advance, API calls at 0.01 in arrears and a minimum commitment of
   * 100.00 a month (Lago's minimum commitment: a true-up for what the period's fees lack).
   * <ul>
   *   <li>January: fee 20.00 (billed 1 January) + 3000 calls × 0.01 = 30.00 → 50.00; true-up
   *       100 − 50 = 50.00 on the 1 February invoice, with February's fee: 30 + 50 + 20 = 100.00;
   *   <li>February: 20.00 + 20000 × 0.01 = 200.00 ≥ 100: no true-up; 1 March: 200 + 20 = 220.00.
   * </ul>
   */
  @Test
  void minimumCommitmentTrueUp() throws IOException {
    Plan committed = BillingFixtures.plan(plan("committed", "seconds",
        ",\"minimum_commitment\":{\"amount\":\"100.00\"}",
        flatFee("platform", "20") + "," + perUnitUsage("api_calls", "0.01")));
    Subscription sub = Subscription.builder().id("sub_commit").customerId("cus_1").planCode("committed")
        .planVersion(1).start(at("2026-01-01T00:00:00Z")).build();
    Outcome o = bill(new MapCatalog(committed), sub, at("2026-03-01T00:00:00Z"),
        monthly("api_calls", Map.of(1, "3000", 2, "20000")));
    assertThat(o.invoices()).hasSize(3);
    Invoice feb = o.invoices().get(1);
    assertThat(amount(feb, "minimum_commitment", LineKind.COMMITMENT_TRUE_UP)).isEqualTo(usd("50.00"));
    assertThat(feb.totals().total()).isEqualTo(usd("100.00"));
    Invoice mar = o.invoices().get(2);
    assertThat(mar.lines()).extracting(InvoiceLine::kind).doesNotContain(LineKind.COMMITMENT_TRUE_UP);
    assertThat(mar.totals().total()).isEqualTo(usd("220.00"));
    assertGolden("minimum-commitment.json", document(o));
  }

  // ------------------------------------------------------------------ coupons

  /**
   * A 50.00 monthly fee with a 20 % coupon repeating for 2 periods and a fixed 5.00 coupon once,
   * applied in that order, before tax (Stripe's {@code duration: repeating / once}).
   * <ul>
   *   <li>1 January: 50.00 − 20 % (10.00) = 40.00, − 5.00 = 35.00;
   *   <li>1 February: 50.00 − 10.00 = 40.00 (the fixed coupon is used up);
   *   <li>1 March: 50.00 (the 20 % coupon has been used for 2 invoices).
   * </ul>
   */
  @Test
  void repeatingPercentageAndOnceFixedCoupons() throws IOException {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(plan("std", "seconds", "", flatFee("std_fee", "50"))));
    Subscription sub = Subscription.builder().id("sub_coupon").customerId("cus_1").planCode("std").planVersion(1)
        .start(at("2026-01-01T00:00:00Z")).build();
    List<CouponRedemption> coupons = List.of(
        CouponRedemption.start(Coupon.percentage("twenty", new BigDecimal("20"), CouponDuration.repeating(2))),
        CouponRedemption.start(Coupon.fixed("five", usd("5"), CouponDuration.ONCE)));
    Outcome o = bill(catalog, List.of(sub), List.of(at("2026-03-01T00:00:00Z")), UsageSource.NONE, coupons);
    assertThat(o.invoices()).extracting(i -> i.totals().total())
        .containsExactly(usd("35.00"), usd("40.00"), usd("50.00"));
    assertThat(o.invoices().get(0).totals().discountTotal()).isEqualTo(usd("15.00"));
    assertGolden("coupons-repeating-and-once.json", document(o));
  }
}
