package dev.billwright.billing;

import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.rating.UsageWindow;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.billing.BillingFixtures.Counter;
import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingFixtures.MapStore;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.subscription.SubscriptionPhase;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-charge cadences (a yearly fee in advance with monthly usage in arrears) and plan changes to
 * another cadence. Every amount is derived by hand in the comments (days proration: 2026 has 365
 * days; 1 January to 1 July is 181 days, 1 July to 1 January 184).
 */
class CadenceTest {

  /** A yearly plan, calendar-aligned in UTC, prorated by days: a yearly fee and monthly usage. */
  static String annual(String code, int version, String fee, String extraBilling) {
    return """
        {"code":"%s","version":%d,"status":"active","currency":"USD",
         "billing":{"cadence":"P1Y","alignment":"calendar","time_zone":"UTC","proration":"days"%s},
         "charges":[
          {"code":"platform","name":"Platform fee","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"%s"}},
          {"code":"api_calls","name":"API calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
           "cadence":"P1M","price":{"model":"per_unit","unit_price":"0.10"}}]}
        """.formatted(code, version, extraBilling, fee);
  }

  /** A plan of one flat fee in advance on a cadence, calendar-aligned in UTC, prorated by days. */
  static String flat(String code, String cadence, String fee, String extraBilling) {
    return """
        {"code":"%s","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"%s","alignment":"calendar","time_zone":"UTC","proration":"days"%s},
         "charges":[{"code":"%s_fee","name":"%s fee","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"%s"}}]}
        """.formatted(code, cadence, extraBilling, code, code, fee);
  }

  static Subscription sub(String plan, String start) {
    return Subscription.builder().id("sub_" + plan).customerId("cus_" + plan).planCode(plan).planVersion(1)
        .start(at(start)).build();
  }

  /** Records each usage request (one usage charge) and answers 10 calls per day of the usage window. */
  static final class Recording implements UsageSource {
    final List<BillingPeriod> asked = new ArrayList<>();

    @Override
    public synchronized PeriodUsage usage(Subscription subscription, UsageWindow window) {
      BillingPeriod period = window.period();
      asked.add(period);
      long days = java.time.Duration.between(period.start(), period.end()).toDays();
      return PeriodUsage.ofQuantities(Map.of("api_calls", BigDecimal.valueOf(10 * days)));
    }
  }

  static List<InvoiceLine> lines(Invoice invoice, String charge, LineKind kind) {
    return invoice.lines().stream().filter(l -> l.chargeCode().equals(charge) && l.kind() == kind).toList();
  }

  static Money total(Invoice invoice) {
    return invoice.totals().total();
  }

  /**
   * An annual contract from 1 January 2026: the platform fee of 1200.00 is billed once a year in
   * advance and API calls every month in arrears (Lago {@code bill_charges_monthly}). 13 boundaries
   * to 1 January 2027: the opening invoice (1200.00), 11 usage-only invoices, and the 1 January
   * 2027 invoice with December's usage (31 days × 10 calls × 0.10 = 31.00) and 2027's fee.
   * Regression: the assembler rejected the charge's cadence (INVALID_DEFINITION).
   */
  @Test
  void yearlyFeeInAdvanceWithMonthlyUsage() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(annual("annual", 1, "1200", "")));
    Recording usage = new Recording();
    Outcome o = BillingGoldenTest.bill(catalog, sub("annual", "2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"),
        usage);
    List<Invoice> invoices = o.invoices();
    assertThat(invoices).hasSize(13);
    assertThat(invoices.get(0).lines()).extracting(InvoiceLine::chargeCode).containsExactly("platform");
    assertThat(total(invoices.get(0))).isEqualTo(usd("1200.00"));
    for (int m = 1; m <= 11; m++) {
      Invoice inv = invoices.get(m);
      assertThat(inv.lines()).extracting(InvoiceLine::chargeCode).containsExactly("api_calls");
      BillingPeriod p = inv.lines().get(0).servicePeriod();
      // one month of usage: days × 10 calls × 0.10 = days × 1.00
      long days = java.time.Duration.between(p.start(), p.end()).toDays();
      assertThat(total(inv)).isEqualTo(usd(days + ".00"));
      assertThat(p.end()).isEqualTo(inv.issuedAt());
    }
    Invoice last = invoices.get(12);
    assertThat(lines(last, "api_calls", LineKind.USAGE)).singleElement()
        .satisfies(l -> assertThat(l.amount()).isEqualTo(usd("31.00")));
    assertThat(lines(last, "platform", LineKind.RECURRING_FEE)).singleElement().satisfies(l -> {
      assertThat(l.amount()).isEqualTo(usd("1200.00"));
      assertThat(l.servicePeriod().end()).isEqualTo(at("2028-01-01T00:00:00Z"));
    });
    // each month's usage asked for exactly once, for its own month
    assertThat(usage.asked).hasSize(12).doesNotHaveDuplicates();
    assertThat(usage.asked.get(0).start()).isEqualTo(at("2026-01-01T00:00:00Z"));
    assertThat(usage.asked.get(11).end()).isEqualTo(at("2027-01-01T00:00:00Z"));
    // twelve usage invoices total 365 × 1.00
    Money usageTotal = Money.zero(java.util.Currency.getInstance("USD"));
    for (Invoice inv : invoices) {
      for (InvoiceLine l : lines(inv, "api_calls", LineKind.USAGE)) {
        usageTotal = usageTotal.plus(l.amount());
      }
    }
    assertThat(usageTotal).isEqualTo(usd("365.00"));
  }

  /**
   * {@code subscription.time_zone} lays out every schedule of the subscription, per charge: the
   * annual plan is calendar-aligned in UTC, the subscription is in Asia/Kolkata from 1 January
   * 2026 00:00 IST (31 December 18:30 UTC). So the yearly fee's period is the IST year, billed
   * whole (1200.00, not a few hours of 2025 prorated); the monthly usage closes at IST midnight
   * on 1 February (31 January 18:30 UTC) and 1 March (28 February 18:30 UTC); and the usage
   * windows asked for (the ones events are bound to) are exactly the usage lines' periods, 31 and
   * 28 days × 1.00. Regression: the boundaries and fee periods were laid out in the plan's zone
   * while the usage windows were in the subscription's.
   */
  @Test
  void subscriptionTimeZoneLaysOutEveryChargeSchedule() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(annual("annual", 1, "1200", "")));
    java.time.ZoneId ist = java.time.ZoneId.of("Asia/Kolkata");
    Subscription s = Subscription.builder().id("sub_ist").customerId("cus_ist").planCode("annual").planVersion(1)
        .start(at("2025-12-31T18:30:00Z")).timeZone(ist).build();
    assertThat(SubscriptionCycles.cycles(s, catalog, s.start(), at("2026-02-28T18:30:00Z")))
        .extracting(BillingCycle::boundary)
        .containsExactly(at("2025-12-31T18:30:00Z"), at("2026-01-31T18:30:00Z"), at("2026-02-28T18:30:00Z"));
    Recording usage = new Recording();
    Outcome o = BillingGoldenTest.bill(catalog, s, at("2026-02-28T18:30:00Z"), usage);
    assertThat(o.invoices()).hasSize(3);
    assertThat(lines(o.invoices().get(0), "platform", LineKind.RECURRING_FEE)).singleElement().satisfies(l -> {
      assertThat(l.servicePeriod().start()).isEqualTo(at("2025-12-31T18:30:00Z"));
      assertThat(l.servicePeriod().end()).isEqualTo(at("2026-12-31T18:30:00Z"));
      assertThat(l.amount()).isEqualTo(usd("1200.00"));
    });
    List<BillingPeriod> billed = o.invoices().stream().flatMap(i -> lines(i, "api_calls", LineKind.USAGE).stream())
        .map(InvoiceLine::servicePeriod).toList();
    assertThat(billed).extracting(BillingPeriod::end)
        .containsExactly(at("2026-01-31T18:30:00Z"), at("2026-02-28T18:30:00Z"));
    assertThat(usage.asked).extracting(BillingPeriod::start, BillingPeriod::end)
        .containsExactlyElementsOf(billed.stream()
            .map(p -> org.assertj.core.groups.Tuple.tuple(p.start(), p.end())).toList());
    assertThat(o.invoices().get(1).totals().total()).isEqualTo(usd("31.00"));
    assertThat(o.invoices().get(2).totals().total()).isEqualTo(usd("28.00"));
  }

  /**
   * Started 10 March 2026: the yearly fee's first period is [10 March, 1 January) = 297 of 365
   * days: 1200 × 297 / 365 = 976.438… → 976.44; the first usage window [10 March, 1 April) is
   * billed on 1 April (the usage source is asked for that window only: 22 days × 1.00 = 22.00).
   */
  @Test
  void firstPartialPeriodIsProratedPerCharge() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(annual("annual", 1, "1200", "")));
    Outcome o = BillingGoldenTest.bill(catalog, sub("annual", "2026-03-10T00:00:00Z"), at("2026-04-01T00:00:00Z"),
        new Recording());
    assertThat(o.invoices()).hasSize(2);
    assertThat(lines(o.invoices().get(0), "platform", LineKind.RECURRING_FEE)).singleElement().satisfies(l -> {
      assertThat(l.amount()).isEqualTo(usd("976.44"));
      assertThat(l.explanation().get("full_period").asText()).startsWith("2026-01-01T00:00Z");
    });
    assertThat(lines(o.invoices().get(1), "api_calls", LineKind.USAGE)).singleElement().satisfies(l -> {
      assertThat(l.servicePeriod().start()).isEqualTo(at("2026-03-10T00:00:00Z"));
      assertThat(l.amount()).isEqualTo(usd("22.00"));
    });
  }

  /**
   * Cancelled immediately on 16 June 2026 (166 days used): the closing invoice at 16 June bills
   * the usage of [1 June, 16 June) and the automatic credit note credits the yearly fee's unused
   * 199 of 365 days: 1200 × 199 / 365 = 654.246… → 654.25 (the yearly period is the denominator).
   */
  @Test
  void cancellationCreditsTheYearlyFeeByItsYear() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(annual("annual", 1, "1200", "")));
    Subscription s = sub("annual", "2026-01-01T00:00:00Z");
    Subscription cancelled = s.withChange(SubscriptionChange.cancel("c", at("2026-06-16T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    Outcome o = BillingGoldenTest.bill(catalog, List.of(s, cancelled),
        List.of(at("2026-06-01T00:00:00Z"), at("2026-06-16T00:00:00Z")), new Recording(), List.of());
    Invoice closing = o.invoices().get(o.invoices().size() - 1);
    assertThat(closing.issuedAt()).isEqualTo(at("2026-06-16T00:00:00Z"));
    assertThat(closing.lines()).extracting(InvoiceLine::chargeCode).containsExactly("api_calls");
    assertThat(closing.lines().get(0).servicePeriod().start()).isEqualTo(at("2026-06-01T00:00:00Z"));
    assertThat(o.creditNotes()).singleElement().satisfies(n -> assertThat(n.total())
        .isEqualTo(usd("654.25")));
  }

  /**
   * An immediate upgrade of the yearly fee (1200 → 2400) on 1 July 2026, a monthly boundary but
   * not a yearly one: the 1 August invoice credits [1 July, 1 January) of the billed fee,
   * 1200 × 184 / 365 = 604.93, and charges 2400 × 184 / 365 = 1209.863… → 1209.86 for the same
   * time; the fee is not billed again before 1 January. On 15 July instead (170 days left):
   * −1200 × 170 / 365 = −558.90 and 2400 × 170 / 365 = 1117.81.
   */
  @Test
  void sameCadenceChangeProratesTheYearlyFeeOnTheNextInvoice() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(annual("annual", 1, "1200", "")),
        BillingFixtures.plan(annual("annual", 2, "2400", "")));
    for (String[] c : new String[][] {{"2026-07-01T00:00:00Z", "604.93", "1209.86"},
        {"2026-07-15T00:00:00Z", "558.90", "1117.81"}}) {
      Subscription s = sub("annual", "2026-01-01T00:00:00Z");
      Subscription up = s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
          at(c[0]), ChangeTiming.IMMEDIATE, "annual", 2));
      assertThat(up.phases(catalog)).extracting(SubscriptionPhase::rescheduled).containsExactly(false, false);
      Outcome o = BillingGoldenTest.bill(catalog, List.of(s, up),
          List.of(at("2026-06-01T00:00:00Z"), at("2027-01-01T00:00:00Z")), new Recording(), List.of());
      Invoice august = o.invoices().stream().filter(i -> i.issuedAt().equals(at("2026-08-01T00:00:00Z")))
          .findFirst().orElseThrow();
      assertThat(lines(august, "platform", LineKind.PRORATION_CREDIT)).singleElement()
          .satisfies(l -> assertThat(l.amount()).isEqualTo(usd(c[1]).negated()));
      assertThat(lines(august, "platform", LineKind.PRORATION_CHARGE)).singleElement().satisfies(l -> {
        assertThat(l.amount()).isEqualTo(usd(c[2]));
        assertThat(l.servicePeriod().end()).isEqualTo(at("2027-01-01T00:00:00Z"));
      });
      long platformLines = o.invoices().stream().flatMap(i -> i.lines().stream())
          .filter(l -> l.chargeCode().equals("platform")).count();
      assertThat(platformLines).isEqualTo(4); // 2026 fee, credit, charge, 2027 fee
      Invoice january = o.invoices().get(o.invoices().size() - 1);
      assertThat(lines(january, "platform", LineKind.RECURRING_FEE)).singleElement()
          .satisfies(l -> assertThat(l.amount()).isEqualTo(usd("2400.00")));
    }
  }

  /**
   * Monthly (30.00) → yearly (1200.00) immediately on 16 April 2026. The change is a boundary:
   * its invoice credits April's unused 15 of 30 days (−15.00) and bills the yearly fee from the
   * change. {@code keep} (default, Lago): the calendar year, [16 April, 1 January) = 260 of 365
   * days, 1200 × 260 / 365 = 854.794… → 854.79, next boundary 1 January 2027. {@code reset}
   * (Stripe): a whole year from the change, 1200.00, next boundary 16 April 2027.
   * Regression: Subscription.phases rejected the change (INVALID_DEFINITION).
   */
  @Test
  void monthlyToYearlyImmediatelyWithEachAnchor() {
    for (String anchor : new String[] {"keep", "reset"}) {
      String option = ",\"cadence_change_anchor\":\"" + anchor + "\"";
      MapCatalog catalog = new MapCatalog(BillingFixtures.plan(flat("monthly", "P1M", "30", "")),
          BillingFixtures.plan(flat("yearly", "P1Y", "1200", option)));
      Subscription s = sub("monthly", "2026-01-01T00:00:00Z");
      Subscription up = s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
          at("2026-04-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "yearly", 1));
      Outcome o = BillingGoldenTest.bill(catalog, List.of(s, up),
          List.of(at("2026-04-01T00:00:00Z"), at("2027-04-16T00:00:00Z")), UsageSource.NONE, List.of());
      Invoice change = o.invoices().stream().filter(i -> i.issuedAt().equals(at("2026-04-16T00:00:00Z")))
          .findFirst().orElseThrow();
      assertThat(lines(change, "monthly_fee", LineKind.PRORATION_CREDIT)).singleElement()
          .satisfies(l -> assertThat(l.amount()).isEqualTo(usd("-15.00")));
      InvoiceLine yearly = lines(change, "yearly_fee", LineKind.RECURRING_FEE).get(0);
      List<Instant> issued = o.invoices().stream().map(Invoice::issuedAt).toList();
      if (anchor.equals("keep")) {
        assertThat(yearly.amount()).isEqualTo(usd("854.79"));
        assertThat(total(change)).isEqualTo(usd("839.79"));
        assertThat(issued).containsSubsequence(at("2026-04-16T00:00:00Z"), at("2027-01-01T00:00:00Z"))
            .doesNotContain(at("2026-05-01T00:00:00Z"), at("2027-04-16T00:00:00Z"));
      } else {
        assertThat(yearly.amount()).isEqualTo(usd("1200.00"));
        assertThat(yearly.servicePeriod().end()).isEqualTo(at("2027-04-16T00:00:00Z"));
        assertThat(total(change)).isEqualTo(usd("1185.00"));
        assertThat(issued).containsSubsequence(at("2026-04-16T00:00:00Z"), at("2027-04-16T00:00:00Z"))
            .doesNotContain(at("2026-05-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
      }
    }
  }

  /**
   * Yearly (1200.00) → monthly (30.00) at the period's end, requested 10 March 2026: it takes
   * effect at the end of the yearly period, 1 January 2027, and from then on the monthly fee is
   * billed each month; the yearly fee is not billed again and nothing is credited.
   */
  @Test
  void yearlyToMonthlyAtPeriodEnd() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(flat("yearly", "P1Y", "1200", "")),
        BillingFixtures.plan(flat("monthly", "P1M", "30", "")));
    Subscription s = sub("yearly", "2026-01-01T00:00:00Z").withChange(SubscriptionChange.planChange("down",
        SubscriptionChange.Kind.DOWNGRADE, at("2026-03-10T00:00:00Z"), ChangeTiming.AT_PERIOD_END, "monthly", 1));
    assertThat(s.phases(catalog).get(1).start()).isEqualTo(at("2027-01-01T00:00:00Z"));
    Outcome o = BillingGoldenTest.bill(catalog, s, at("2027-03-01T00:00:00Z"), UsageSource.NONE);
    assertThat(o.invoices()).extracting(Invoice::issuedAt).containsExactly(at("2026-01-01T00:00:00Z"),
        at("2027-01-01T00:00:00Z"), at("2027-02-01T00:00:00Z"), at("2027-03-01T00:00:00Z"));
    assertThat(o.invoices()).extracting(CadenceTest::total).containsExactly(usd("1200.00"), usd("30.00"),
        usd("30.00"), usd("30.00"));
    assertThat(o.creditNotes()).isEmpty();
  }

  /**
   * Yearly (1200.00) → monthly (30.00) immediately on 1 July 2026: the invoice at the change
   * credits the yearly fee's unused 184 of 365 days, 1200 × 184 / 365 = 604.931… → −604.93, and
   * bills July, 30.00.
   */
  @Test
  void yearlyToMonthlyImmediately() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(flat("yearly", "P1Y", "1200", "")),
        BillingFixtures.plan(flat("monthly", "P1M", "30", "")));
    Subscription s = sub("yearly", "2026-01-01T00:00:00Z");
    Subscription down = s.withChange(SubscriptionChange.planChange("down", SubscriptionChange.Kind.DOWNGRADE,
        at("2026-07-01T00:00:00Z"), ChangeTiming.IMMEDIATE, "monthly", 1));
    Outcome o = BillingGoldenTest.bill(catalog, List.of(s, down),
        List.of(at("2026-01-01T00:00:00Z"), at("2026-08-01T00:00:00Z")), UsageSource.NONE, List.of());
    assertThat(o.invoices()).extracting(Invoice::issuedAt).containsExactly(at("2026-01-01T00:00:00Z"),
        at("2026-07-01T00:00:00Z"), at("2026-08-01T00:00:00Z"));
    Invoice july = o.invoices().get(1);
    assertThat(lines(july, "yearly_fee", LineKind.PRORATION_CREDIT)).singleElement()
        .satisfies(l -> assertThat(l.amount()).isEqualTo(usd("-604.93")));
    assertThat(lines(july, "monthly_fee", LineKind.RECURRING_FEE)).singleElement()
        .satisfies(l -> assertThat(l.amount()).isEqualTo(usd("30.00")));
    assertThat(o.creditNotes()).isEmpty();
  }

  /**
   * With credit notes (Indian GST), the unused yearly fee after a change to monthly (recorded after
   * the opening invoice) is credited by a credit note against the opening invoice, and the
   * cancellation that follows does not credit it again.
   */
  @Test
  void cadenceChangeCreditAsCreditNoteIsNotCreditedTwice() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(flat("yearly", "P1Y", "1200", "")),
        BillingFixtures.plan(flat("monthly", "P1M", "30", "")));
    Subscription s = sub("yearly", "2026-01-01T00:00:00Z");
    Subscription cancelled = s.withChange(SubscriptionChange.planChange("down", SubscriptionChange.Kind.DOWNGRADE,
        at("2026-07-01T00:00:00Z"), ChangeTiming.IMMEDIATE, "monthly", 1)).withChange(SubscriptionChange.cancel("c", at("2026-07-16T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT, ProrationCredits.CREDIT_NOTE);
    BillRunResult first = run.run(BillRunRequest.of(List.of(s), UsageSource.NONE, at("2026-01-01T00:00:00Z")));
    assertThat(first.failures()).isEmpty();
    List<CreditNote> notes = new ArrayList<>(first.creditNotes());
    List<CreditNote> issued = List.copyOf(notes);
    BillRunRequest second = BillRunRequest.of(List.of(cancelled), UsageSource.NONE, at("2026-08-01T00:00:00Z"));
    second = new BillRunRequest(second.subscriptions(), second.usage(), second.tax(), second.coupons(),
        second.asOf(), true, second.series(), second.credits(),
        id -> issued.stream().filter(n -> n.invoiceId().equals(id)).toList());
    BillRunResult then = run.run(second);
    assertThat(then.failures()).isEmpty();
    notes.addAll(then.creditNotes());
    // 604.93 for the yearly fee at the change (1200 × 184 / 365), once: the cancellation credits
    // nothing more (July's monthly fee is billed for 15 of 31 days, 30 × 15 / 31 = 14.516… → 14.52)
    assertThat(notes).extracting(n -> n.total()).containsExactly(usd("604.93"));
    Invoice july = store.byKey.values().stream().filter(i -> i.issuedAt().equals(at("2026-07-01T00:00:00Z")))
        .findFirst().orElseThrow();
    assertThat(july.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.RECURRING_FEE);
    assertThat(total(july)).isEqualTo(usd("14.52"));
  }

  /** A monthly plan with a 30.00 fee and monthly API calls, calendar-aligned in UTC, by days. */
  static String monthlyWithUsage() {
    return """
        {"code":"monthly","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"days"},
         "charges":[
          {"code":"monthly_fee","name":"Monthly fee","kind":"recurring","timing":"in_advance",
           "price":{"model":"flat","amount":"30"}},
          {"code":"api_calls","name":"API calls","kind":"usage","meter":"api_calls","timing":"in_arrears",
           "price":{"model":"per_unit","unit_price":"0.10"}}]}
        """;
  }

  /**
   * Monthly plan with usage → annual contract with monthly usage, immediately on 16 April 2026.
   * Either way April's usage is cut at the change, each part priced by its own plan: the usage
   * before the change, [1 April, 16 April), is billed at the change (a boundary: the periods
   * change) for exactly that window (15 days × 1.00 = 15.00). {@code keep}: the usage charge's
   * months are the same on both sides, so the rest of April, [16 April, 1 May), is billed on
   * 1 May (15.00). {@code reset}: the months restart on 16 April, so the next usage window is
   * [16 April, 16 May). No event is asked for twice.
   */
  @Test
  void usageAcrossAChangeToAnotherCadenceIsBilledOnce() {
    for (String anchor : new String[] {"keep", "reset"}) {
      MapCatalog catalog = new MapCatalog(BillingFixtures.plan(monthlyWithUsage()),
          BillingFixtures.plan(annual("annual", 1, "1200", ",\"cadence_change_anchor\":\"" + anchor + "\"")));
      Subscription s = sub("monthly", "2026-01-01T00:00:00Z");
      Subscription up = s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
          at("2026-04-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "annual", 1));
      Recording usage = new Recording();
      Outcome o = BillingGoldenTest.bill(catalog, List.of(s, up),
          List.of(at("2026-04-01T00:00:00Z"), at("2026-06-01T00:00:00Z")), usage, List.of());
      assertThat(usage.asked).doesNotHaveDuplicates();
      for (int k = 1; k < usage.asked.size(); k++) {
        assertThat(usage.asked.get(k).start()).isEqualTo(usage.asked.get(k - 1).end());
      }
      Invoice change = o.invoices().stream().filter(i -> i.issuedAt().equals(at("2026-04-16T00:00:00Z")))
          .findFirst().orElseThrow();
      assertThat(lines(change, "api_calls", LineKind.USAGE)).singleElement().satisfies(l -> {
        assertThat(l.servicePeriod()).isEqualTo(BillingPeriod.parse("2026-04-01T00:00Z[UTC]/2026-04-16T00:00Z[UTC]"));
        assertThat(l.amount()).isEqualTo(usd("15.00"));
      });
      if (anchor.equals("keep")) {
        Invoice may = o.invoices().stream().filter(i -> i.issuedAt().equals(at("2026-05-01T00:00:00Z")))
            .findFirst().orElseThrow();
        assertThat(lines(may, "api_calls", LineKind.USAGE)).singleElement().satisfies(l -> {
          assertThat(l.servicePeriod()).isEqualTo(BillingPeriod.parse("2026-04-16T00:00Z[UTC]/2026-05-01T00:00Z[UTC]"));
          assertThat(l.amount()).isEqualTo(usd("15.00"));
        });
      } else {
        assertThat(usage.asked).contains(BillingPeriod.parse("2026-04-16T00:00Z[UTC]/2026-05-16T00:00Z[UTC]"));
      }
    }
  }

  /**
   * Invoice keys are one per (subscription, boundary) and do not change when a change recorded
   * later brings a charge of another cadence: the re-run creates nothing, and the invoices
   * already issued keep their keys and ids.
   */
  @Test
  void keysOfIssuedInvoicesDoNotChangeWhenALaterChangeAddsACadence() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(monthlyWithUsage()),
        BillingFixtures.plan(annual("annual", 1, "1200", "")));
    Subscription s = sub("monthly", "2026-01-01T00:00:00Z");
    MapStore store = new MapStore();
    BillRun run = new BillRun(catalog, store, new Counter(), InvoiceAssembler.DEFAULT);
    BillRunResult first = run.run(BillRunRequest.of(List.of(s), new Recording(), at("2026-06-01T00:00:00Z")));
    assertThat(first.created()).hasSize(6);
    Subscription up = s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
        at("2026-06-20T00:00:00Z"), ChangeTiming.IMMEDIATE, "annual", 1));
    BillRunResult again = run.run(BillRunRequest.of(List.of(up), new Recording(), at("2026-06-01T00:00:00Z")));
    assertThat(again.created()).isEmpty();
    assertThat(again.existing()).extracting(Invoice::id).containsExactlyElementsOf(
        first.created().stream().map(Invoice::id).toList());
    BillRunResult later = run.run(BillRunRequest.of(List.of(up), new Recording(), at("2026-07-01T00:00:00Z")));
    assertThat(later.created()).extracting(Invoice::issuedAt).containsExactly(at("2026-06-20T00:00:00Z"),
        at("2026-07-01T00:00:00Z"));
  }

  /** The upcoming invoice after a change to a yearly plan is the next boundary of the new phase. */
  @Test
  void previewFindsTheNextBoundaryAfterACadenceChange() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan(flat("monthly", "P1M", "30", "")),
        BillingFixtures.plan(flat("yearly", "P1Y", "1200", "")));
    Subscription up = sub("monthly", "2026-01-01T00:00:00Z").withChange(SubscriptionChange.planChange("up",
        SubscriptionChange.Kind.UPGRADE, at("2026-04-16T00:00:00Z"), ChangeTiming.IMMEDIATE, "yearly", 1));
    assertThat(InvoicePreview.DEFAULT.nextCycle(up, catalog, at("2026-04-20T00:00:00Z")).orElseThrow().boundary())
        .isEqualTo(at("2027-01-01T00:00:00Z"));
    assertThat(InvoicePreview.DEFAULT.nextCycle(up, catalog, at("2026-04-10T00:00:00Z")).orElseThrow().boundary())
        .isEqualTo(at("2026-04-16T00:00:00Z"));
  }

  /**
   * Anniversary billing from 15 January 2026, monthly (30.00) → yearly (1200.00) immediately on
   * 20 March. The month [15 March, 15 April) has 31 days, 26 unused: 30 × 26 / 31 = 25.161… →
   * −25.16. {@code keep} keeps the anniversary day (Lago): the year [15 January 2026, 15 January
   * 2027) has 365 days, 301 of them from 20 March: 1200 × 301 / 365 = 989.589… → 989.59, next
   * boundary 15 January 2027.
   */
  @Test
  void keepKeepsTheAnniversaryDay() {
    MapCatalog catalog = new MapCatalog(
        BillingFixtures.plan(flat("monthly", "P1M", "30", "").replace("calendar", "anniversary")),
        BillingFixtures.plan(flat("yearly", "P1Y", "1200", "").replace("calendar", "anniversary")));
    Subscription s = sub("monthly", "2026-01-15T00:00:00Z");
    Subscription up = s.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
        at("2026-03-20T00:00:00Z"), ChangeTiming.IMMEDIATE, "yearly", 1));
    Outcome o = BillingGoldenTest.bill(catalog, List.of(s, up),
        List.of(at("2026-03-15T00:00:00Z"), at("2027-01-15T00:00:00Z")), UsageSource.NONE, List.of());
    assertThat(o.invoices()).extracting(Invoice::issuedAt).containsExactly(at("2026-01-15T00:00:00Z"),
        at("2026-02-15T00:00:00Z"), at("2026-03-15T00:00:00Z"), at("2026-03-20T00:00:00Z"),
        at("2027-01-15T00:00:00Z"));
    Invoice change = o.invoices().get(3);
    assertThat(lines(change, "monthly_fee", LineKind.PRORATION_CREDIT)).singleElement()
        .satisfies(l -> assertThat(l.amount()).isEqualTo(usd("-25.16")));
    assertThat(lines(change, "yearly_fee", LineKind.RECURRING_FEE)).singleElement().satisfies(l -> {
      assertThat(l.amount()).isEqualTo(usd("989.59"));
      assertThat(l.servicePeriod().end()).isEqualTo(at("2027-01-15T00:00:00Z"));
    });
    assertThat(total(o.invoices().get(4))).isEqualTo(usd("1200.00"));
  }
}
