package dev.billwright.billing;

import static dev.billwright.billing.BillingFixtures.amount;
import static dev.billwright.billing.BillingFixtures.usd;
import static dev.billwright.billing.BillingGoldenTest.at;
import static dev.billwright.billing.BillingGoldenTest.flatFee;
import static dev.billwright.billing.BillingGoldenTest.perUnitUsage;
import static dev.billwright.billing.BillingGoldenTest.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.billing.BillingFixtures.MapCatalog;
import dev.billwright.billing.BillingGoldenTest.Outcome;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteOrigin;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.LineKind;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.InvalidSubscriptionException;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.subscription.SubscriptionStatus;
import dev.billwright.subscription.SubscriptionValidator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pause and resume (Kill Bill entitlement pause/resume, Stripe pause collection) and reactivation
 * of a pending cancellation (Stripe {@code cancel_at_period_end: false}, Kill Bill uncancel),
 * billed by a {@link BillRun}. Amounts are derived by hand in each test's comment (days basis,
 * April has 30 days).
 */
class PauseResumeTest {
  static final MapCatalog CATALOG = new MapCatalog(BillingFixtures.plan(plan("basic", "days", "",
      flatFee("basic_fee", "30") + "," + perUnitUsage("api_calls", "0.10"))));

  static Subscription base() {
    return Subscription.builder().id("sub_p").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-04-01T00:00:00Z")).build();
  }

  /** 10 calls in every usage window, so a window's usage line is 1.00. */
  static final UsageSource TEN_PER_WINDOW = (sub, w) -> PeriodUsage.ofQuantities(Map.of("api_calls", BigDecimal.TEN));

  static Invoice issuedAt(Outcome o, String instant) {
    return o.invoices().stream().filter(i -> i.issuedAt().equals(at(instant))).findFirst()
        .orElseThrow(() -> new AssertionError("no invoice at " + instant + " in " + o.invoices()));
  }

  /**
   * Paused on 11 April, resumed on 21 April, both immediate:
   * <ul>
   *   <li>1 April: 30.00 in advance for April;
   *   <li>11 April (the pause): usage of [1, 11 April) 10 × 0.10 = 1.00; a cancellation credit note
   *       on the 1 April invoice for the unused [11 April, 1 May): 30 × 20 / 30 = 20.00;
   *   <li>21 April (the resume): the rest of April, 30 × 10 / 30 = 10.00; no usage (paused);
   *   <li>1 May: May's 30.00 and the usage of [21 April, 1 May), 1.00.
   * </ul>
   */
  @Test
  void pauseCreditsTheRestAndResumeBillsTheRestOfThePeriod() {
    Subscription sub = base()
        .withChange(SubscriptionChange.pause("p", at("2026-04-11T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.resume("r", at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE));
    Outcome o = BillingGoldenTest.bill(CATALOG, List.of(base(), sub),
        List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")), TEN_PER_WINDOW, List.of());
    assertThat(o.invoices()).hasSize(4);
    assertThat(issuedAt(o, "2026-04-01T00:00:00Z").totals().total()).isEqualTo(usd("30.00"));
    Invoice pause = issuedAt(o, "2026-04-11T00:00:00Z");
    assertThat(pause.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.USAGE);
    assertThat(pause.totals().total()).isEqualTo(usd("1.00"));
    Invoice resume = issuedAt(o, "2026-04-21T00:00:00Z");
    assertThat(resume.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.RECURRING_FEE);
    assertThat(amount(resume, "basic_fee", LineKind.RECURRING_FEE)).isEqualTo(usd("10.00"));
    Invoice may = issuedAt(o, "2026-05-01T00:00:00Z");
    assertThat(amount(may, "basic_fee", LineKind.RECURRING_FEE)).isEqualTo(usd("30.00"));
    assertThat(amount(may, "api_calls", LineKind.USAGE)).isEqualTo(usd("1.00"));
    assertThat(o.creditNotes()).hasSize(1);
    CreditNote note = o.creditNotes().get(0);
    assertThat(note.origin()).isEqualTo(CreditNoteOrigin.CANCELLATION_CREDIT);
    assertThat(note.invoiceId()).isEqualTo(issuedAt(o, "2026-04-01T00:00:00Z").id());
    assertThat(note.lines().get(0).taxableAmount()).isEqualTo(usd("20.00"));
    // a re-run issues nothing new
    assertThat(o.last().creditNotes()).hasSize(1);
    // the audit sees no gap inside the pause and no fee billed twice after the resume
    BillingCoverage coverage = BillingCoverage.of(sub, CATALOG, o.invoices(), at("2026-05-01T00:00:00Z"));
    assertThat(coverage.isClean()).as(coverage.toString()).isTrue();
  }

  /**
   * Paused at the end of April and never resumed: nothing is billed from 1 May on except April's
   * usage; nothing is credited (the pause is at a period boundary).
   */
  @Test
  void pauseAtPeriodEndBillsNothingAfter() {
    Subscription sub = base()
        .withChange(SubscriptionChange.pause("p", at("2026-04-15T00:00:00Z"), ChangeTiming.AT_PERIOD_END));
    Outcome o = BillingGoldenTest.bill(CATALOG, List.of(sub), List.of(at("2026-08-01T00:00:00Z")), TEN_PER_WINDOW,
        List.of());
    assertThat(o.invoices()).hasSize(2);
    assertThat(BillingCoverage.of(sub, CATALOG, o.invoices(), at("2026-08-01T00:00:00Z")).isClean()).isTrue();
    Invoice may = issuedAt(o, "2026-05-01T00:00:00Z");
    assertThat(may.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.USAGE);
    assertThat(o.creditNotes()).isEmpty();
  }

  /**
   * Paused on 11 April and cancelled on 21 April while paused: the pause credits [11 April,
   * 1 May) once (20.00) and the cancellation credits nothing more.
   */
  @Test
  void cancellationWhilePausedCreditsOnce() {
    Subscription sub = base()
        .withChange(SubscriptionChange.pause("p", at("2026-04-11T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.cancel("c", at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE));
    Outcome o = BillingGoldenTest.bill(CATALOG, List.of(base(), sub),
        List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")), TEN_PER_WINDOW, List.of());
    assertThat(o.creditNotes()).hasSize(1);
    assertThat(o.creditNotes().get(0).lines().get(0).taxableAmount()).isEqualTo(usd("20.00"));
    assertThat(o.invoices()).extracting(Invoice::issuedAt)
        .containsExactly(at("2026-04-01T00:00:00Z"), at("2026-04-11T00:00:00Z"));
  }

  /**
   * A cancellation at period end withdrawn by a reactivation before it takes effect: billing goes
   * on as if it had never been requested (Stripe: "if you set cancel_at_period_end to false before
   * the period ends, the subscription continues").
   */
  @Test
  void reactivationWithdrawsAPendingCancellation() {
    Subscription cancelled = base()
        .withChange(SubscriptionChange.cancel("c", at("2026-04-10T00:00:00Z"), ChangeTiming.AT_PERIOD_END));
    Subscription reactivated = cancelled.withChange(SubscriptionChange.reactivate("re", at("2026-04-20T00:00:00Z")));
    assertThat(cancelled.effectiveEnd(CATALOG)).contains(at("2026-05-01T00:00:00Z"));
    assertThat(reactivated.effectiveEnd(CATALOG)).isEmpty();
    assertThat(SubscriptionValidator.DEFAULT.validate(reactivated, CATALOG)).isEmpty();
    Outcome plain = BillingGoldenTest.bill(CATALOG, base(), at("2026-06-01T00:00:00Z"), TEN_PER_WINDOW);
    Outcome o = BillingGoldenTest.bill(CATALOG, reactivated, at("2026-06-01T00:00:00Z"), TEN_PER_WINDOW);
    assertThat(totals(o)).isEqualTo(totals(plain));
  }

  /** A reactivation after the cancellation took effect, or with none pending, is refused. */
  @Test
  void reactivationWithoutPendingCancellationIsRefused() {
    Subscription late = base()
        .withChange(SubscriptionChange.cancel("c", at("2026-04-10T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.reactivate("re", at("2026-04-20T00:00:00Z")));
    assertThat(SubscriptionValidator.DEFAULT.validate(late, CATALOG)).isNotEmpty();
    Subscription none = base().withChange(SubscriptionChange.reactivate("re", at("2026-04-20T00:00:00Z")));
    assertThat(SubscriptionValidator.DEFAULT.validate(none, CATALOG)).singleElement()
        .satisfies(p -> assertThat(p.expected()).contains("reactivation_without_pending_cancellation"));
    assertThat(SubscriptionChange.reactivate("x", at("2026-04-20T00:00:00Z")).timing())
        .isEqualTo(ChangeTiming.IMMEDIATE);
    assertThatThrownBy(() -> new SubscriptionChange("x", SubscriptionChange.Kind.REACTIVATION,
        at("2026-04-20T00:00:00Z"), ChangeTiming.AT_PERIOD_END, null, null, null, null))
        .hasMessageContaining("timing");
  }

  /** Resume without pause, pause while paused and a plan or seat change while paused are refused. */
  @Test
  void invalidPauseSequencesAreRefusedWithTheirCode() {
    assertThat(problems(base().withChange(SubscriptionChange.resume("r", at("2026-04-05T00:00:00Z"),
        ChangeTiming.IMMEDIATE)))).containsExactly("resume_without_pause");
    assertThat(problems(base()
        .withChange(SubscriptionChange.pause("p1", at("2026-04-05T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.pause("p2", at("2026-04-07T00:00:00Z"), ChangeTiming.IMMEDIATE))))
        .containsExactly("pause_while_paused");
    assertThat(problems(base()
        .withChange(SubscriptionChange.pause("p1", at("2026-04-05T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.seats("q", at("2026-04-07T00:00:00Z"), ChangeTiming.IMMEDIATE,
            BigDecimal.valueOf(3))))).containsExactly("change_while_paused");
    Subscription bad = base().withChange(SubscriptionChange.resume("r", at("2026-04-05T00:00:00Z"),
        ChangeTiming.IMMEDIATE));
    assertThatThrownBy(() -> SubscriptionValidator.EXISTING.check(bad, CATALOG))
        .isInstanceOf(InvalidSubscriptionException.class).hasMessageContaining("resume_without_pause");
    // a bill run refuses it before billing anything
    Outcome none = billAllowingFailures(bad);
    assertThat(none.invoices()).isEmpty();
  }

  /** The status is paused between the pause and the resume. */
  @Test
  void statusIsPausedWhilePaused() {
    Subscription sub = base()
        .withChange(SubscriptionChange.pause("p", at("2026-04-11T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.resume("r", at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE));
    assertThat(sub.statusAt(CATALOG, at("2026-04-10T23:59:59Z"))).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(sub.statusAt(CATALOG, at("2026-04-11T00:00:00Z"))).isEqualTo(SubscriptionStatus.PAUSED);
    assertThat(sub.statusAt(CATALOG, at("2026-04-21T00:00:00Z"))).isEqualTo(SubscriptionStatus.ACTIVE);
  }

  /** Usage while paused is never billed: the usage windows skip the paused stretch. */
  @Test
  void noUsageWindowWhilePaused() {
    Subscription sub = base()
        .withChange(SubscriptionChange.pause("p", at("2026-04-11T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.resume("r", at("2026-04-21T00:00:00Z"), ChangeTiming.IMMEDIATE));
    assertThat(dev.billwright.rating.UsageWindows.of(sub, CATALOG, at("2026-05-01T00:00:00Z")))
        .extracting(w -> w.period().toString())
        .containsExactly("2026-04-01T00:00Z[UTC]/2026-04-11T00:00Z[UTC]", "2026-04-21T00:00Z[UTC]/2026-05-01T00:00Z[UTC]");
  }

  /** Pause and resume at the same instant bill exactly what no pause bills. */
  @Test
  void pauseAndResumeAtTheSameInstantChangeNothing() {
    qt().forAll(integers().between(0, 29 * 24), integers().between(0, 1)).checkAssert((hours, timing) -> {
      Instant t = at("2026-04-01T00:00:00Z").plus(Duration.ofHours(hours));
      ChangeTiming ct = timing == 0 ? ChangeTiming.IMMEDIATE : ChangeTiming.AT_PERIOD_END;
      Subscription sub = base().withChange(SubscriptionChange.pause("p", t, ct))
          .withChange(SubscriptionChange.resume("r", t, ct));
      assertThat(sub.phases(CATALOG)).isEqualTo(base().phases(CATALOG));
      Outcome paused = BillingGoldenTest.bill(CATALOG, sub, at("2026-06-01T00:00:00Z"), TEN_PER_WINDOW);
      Outcome plain = BillingGoldenTest.bill(CATALOG, base(), at("2026-06-01T00:00:00Z"), TEN_PER_WINDOW);
      assertThat(totals(paused)).isEqualTo(totals(plain));
      assertThat(paused.creditNotes()).isEmpty();
    });
  }

  /**
   * The credit at a pause never exceeds what was billed for the line it credits, and what is
   * billed over April never exceeds the unpaused 30.00 fee plus usage.
   */
  @Test
  void creditAtPauseNeverExceedsWhatWasBilled() {
    qt().withExamples(40).forAll(integers().between(1, 28 * 24), integers().between(1, 24 * 10))
        .checkAssert((pauseHours, pausedHours) -> {
          Instant pauseAt = at("2026-04-01T00:00:00Z").plus(Duration.ofHours(pauseHours));
          Instant resumeAt = pauseAt.plus(Duration.ofHours(pausedHours));
          Subscription sub = base()
              .withChange(SubscriptionChange.pause("p", pauseAt, ChangeTiming.IMMEDIATE))
              .withChange(SubscriptionChange.resume("r", resumeAt, ChangeTiming.IMMEDIATE));
          Outcome o = BillingGoldenTest.bill(CATALOG, List.of(base(), sub),
              List.of(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")), UsageSource.NONE, List.of());
          Money fees = Money.zero(usd("0").currency());
          for (Invoice i : o.invoices()) {
            for (InvoiceLine l : i.lines()) {
              if (l.servicePeriod().start().isBefore(at("2026-05-01T00:00:00Z"))) {
                fees = fees.plus(l.amount());
              }
            }
          }
          assertThat(o.creditNotes()).hasSize(1);
          Money credit = o.creditNotes().get(0).lines().get(0).taxableAmount();
          assertThat(credit.compareTo(usd("30.00"))).isLessThanOrEqualTo(0);
          assertThat(credit.isPositive()).isTrue();
          // what April costs net of the credit: at most the fee, at least nothing
          Money net = fees.minus(credit);
          assertThat(net.compareTo(usd("30.00"))).isLessThanOrEqualTo(0);
          assertThat(net.isNegative()).isFalse();
        });
  }

  /**
   * killbill/killbill-integration-tests, core/test_pause_resume.rb, test_basic: $500 monthly billed 2013-08-31 for
   * [31 Aug, 30 Sep); paused 5 September: Kill Bill's repair adjustment is −416.67 for [5, 30 Sep),
   * 500 × 25/30 = 416.666… → 416.67. (Kill Bill's resume invoice, 322.58, prorates over 31 days at its month-end
   * billing cycle day; Billwright's days basis prorates over the period's own 30 days: 500 × 20/30 = 333.33.)
   */
  @Test
  void killBillPauseCreditsTheUnusedDays() {
    MapCatalog catalog = new MapCatalog(BillingFixtures.plan("{\"code\":\"sports\",\"version\":1,\"status\":\"active\","
        + "\"currency\":\"USD\",\"billing\":{\"cadence\":\"P1M\",\"alignment\":\"anniversary\",\"time_zone\":\"UTC\","
        + "\"proration\":\"days\"},\"charges\":[" + flatFee("sports_fee", "500") + "]}"));
    Subscription start = Subscription.builder().id("sub_kb").customerId("cus_1").planCode("sports").planVersion(1)
        .start(at("2013-08-31T00:00:00Z")).build();
    Subscription sub = start.withChange(SubscriptionChange.pause("pause", at("2013-09-05T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.resume("resume", at("2013-09-10T00:00:00Z"), ChangeTiming.IMMEDIATE));
    // billed on 31 August before the pause was requested, then on 10 September with it
    Outcome o = BillingGoldenTest.bill(catalog, List.of(start, sub),
        List.of(at("2013-08-31T00:00:00Z"), at("2013-09-10T00:00:00Z")), UsageSource.NONE, List.of());
    assertThat(o.invoices()).extracting(i -> i.issuedAt() + " " + i.totals().total())
        .containsExactly("2013-08-31T00:00:00Z USD 500.00", "2013-09-10T00:00:00Z USD 333.33");
    // a pause known when the period opened is not billed at all: only [31 Aug, 5 Sep), 500 × 5/30
    Outcome known = BillingGoldenTest.bill(catalog, sub, at("2013-09-10T00:00:00Z"), UsageSource.NONE);
    assertThat(known.invoices()).extracting(i -> i.issuedAt() + " " + i.totals().total())
        .containsExactly("2013-08-31T00:00:00Z USD 83.33", "2013-09-10T00:00:00Z USD 333.33");
    assertThat(known.creditNotes()).isEmpty();
    assertThat(o.creditNotes()).singleElement()
        .satisfies(n -> assertThat(n.lines().get(0).taxableAmount()).isEqualTo(usd("416.67")));
  }

  private static List<String> problems(Subscription sub) {
    List<String> codes = new ArrayList<>();
    SubscriptionValidator.DEFAULT.validate(sub, CATALOG).forEach(p -> {
      String e = p.expected();
      codes.add(e.substring(e.lastIndexOf('(') + 1, e.lastIndexOf(')')));
    });
    return codes;
  }

  private static Outcome billAllowingFailures(Subscription sub) {
    BillingFixtures.MapStore store = new BillingFixtures.MapStore();
    BillRunResult r = new BillRun(CATALOG, store, new BillingFixtures.Counter(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(sub), UsageSource.NONE, at("2026-06-01T00:00:00Z")));
    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("resume_without_pause"));
    return new Outcome(new ArrayList<>(store.byKey.values()), r.creditNotes(), r);
  }

  private static List<String> totals(Outcome o) {
    return o.invoices().stream().map(i -> i.issuedAt() + " " + i.totals().total()).toList();
  }
}
