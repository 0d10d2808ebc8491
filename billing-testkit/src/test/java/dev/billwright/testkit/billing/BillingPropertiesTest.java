package dev.billwright.testkit.billing;

import static dev.billwright.testkit.generators.BillingGenerators.billingSettings;
import static dev.billwright.testkit.generators.BillingGenerators.fees;
import static dev.billwright.testkit.generators.BillingGenerators.instants;
import static dev.billwright.testkit.generators.BillingGenerators.plans;
import static dev.billwright.testkit.generators.BillingGenerators.seats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.BillingCycle;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.billing.SubscriptionCycles;
import dev.billwright.catalog.Plan;
import dev.billwright.invoice.Coupon;
import dev.billwright.invoice.CouponDuration;
import dev.billwright.invoice.CouponRedemption;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.DiscountLine;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import dev.billwright.invoice.InvoiceStatus;
import dev.billwright.invoice.LineKind;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.money.Money;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.testkit.generators.BillingGenerators;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Invariants of the invoicing engine over generated plans, subscriptions, usage and changes,
 * billed by {@link BillRun} over the testkit's in-memory stores.
 */
class BillingPropertiesTest {
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-03-01T00:00:00Z");

  /** Usage per subscription and period, a pure function of both (so re-runs see the same usage). */
  static UsageSource usage(long seed) {
    return (sub, w) -> PeriodUsage.ofQuantities(Map.of("api_calls",
        BigDecimal.valueOf(Math.floorMod(seed * 31 + w.period().start().getEpochSecond() / 3600, 100_000L))));
  }

  record Run(InMemoryInvoiceStore store, BillRun run, List<CreditNote> notes) {
    BillRunResult bill(BillRunRequest request) {
      List<CreditNote> issued = List.copyOf(notes);
      BillRunResult r = run.run(new BillRunRequest(request.subscriptions(), request.usage(), request.tax(),
          request.coupons(), request.asOf(), request.finalizeInvoices(), request.series(), request.credits(),
          id -> issued.stream().filter(n -> n.invoiceId().equals(id)).toList()));
      notes.addAll(r.creditNotes());
      return r;
    }
  }

  static Run runner(Plan... plans) {
    InMemoryInvoiceStore store = new InMemoryInvoiceStore();
    return new Run(store, new BillRun(InMemoryPlanCatalog.of(List.of(plans)), store,
        new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT), new ArrayList<>());
  }

  static List<Invoice> invoicesOf(InMemoryInvoiceStore store, String customer) {
    List<Invoice> all = new ArrayList<>(store.listByCustomer(customer,
        BillingPeriod.of(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"),
            java.time.ZoneOffset.UTC)));
    all.sort(Comparator.comparing(Invoice::issuedAt));
    return all;
  }

  static Money sum(Iterable<Money> amounts, Invoice invoice) {
    return Money.total(invoice.currency(), amounts);
  }

  @Test
  void invoiceTotalsAreExactSumsOfRoundedLines() {
    qt().withExamples(150).forAll(plans("p"), BillingGenerators.subscriptions("s", "p", FROM, TO),
        integers().between(1, 100), longs().between(1, 1_000_000)).checkAssert((plan, sub, percent, seed) -> {
          Run r = runner(plan);
          List<CouponRedemption> coupons = List.of(
              CouponRedemption.start(Coupon.percentage("pct", BigDecimal.valueOf(percent), CouponDuration.repeating(2))),
              CouponRedemption.start(Coupon.fixed("fix", Money.of("USD", "7.77"), CouponDuration.ONCE)));
          BillRunResult result = r.bill(BillRunRequest.of(List.of(sub), usage(seed), sub.start().plusSeconds(86_400L * 100))
              .withCoupons(s -> coupons));
          assertThat(result.failures()).isEmpty();
          assertThat(result.created()).isNotEmpty();
          for (Invoice inv : result.created()) {
            List<Money> lines = inv.lines().stream().map(InvoiceLine::amount).toList();
            assertThat(inv.totals().subtotal()).isEqualTo(sum(lines, inv));
            assertThat(inv.totals().discountTotal())
                .isEqualTo(sum(inv.discountLines().stream().map(DiscountLine::amount).toList(), inv));
            assertThat(inv.totals().taxableTotal())
                .isEqualTo(sum(inv.lines().stream().map(InvoiceLine::taxableAmount).toList(), inv));
            assertThat(inv.totals().total()).isEqualTo(inv.totals().taxableTotal().plus(inv.totals().collectibleTax()));
            for (InvoiceLine l : inv.lines()) {
              assertThat(l.amount().amount().scale()).isEqualTo(2);
              assertThat(l.amount().minus(l.discountAmount())).isEqualTo(l.taxableAmount());
            }
          }
        });
  }

  /**
   * A plan change at any second of a full period (the subscription starts on a boundary): the
   * credit never exceeds the billed line, the new charge never exceeds one full period of the
   * new fee, and what the period costs in all (billed − credit + charge) never exceeds one full
   * period's fee of the larger plan.
   */
  @Test
  void prorationNeverExceedsOneFullPeriodOfTheLargerPlan() {
    org.quicktheories.core.Gen<BigDecimal> fee = fees();
    org.quicktheories.core.Gen<BigDecimal[]> feePairs = in -> new BigDecimal[] {fee.generate(in), fee.generate(in)};
    qt().withExamples(300).forAll(billingSettings(), feePairs, seats(), longs().between(1, 28 * 86_400L - 1))
        .checkAssert((billing, pair, seats, offset) -> {
          BigDecimal oldFee = pair[0];
          BigDecimal newFee = pair[1];
          Plan a = BillingGenerators.plan("a", billing, oldFee, BigDecimal.ZERO);
          Plan b = BillingGenerators.plan("b", billing, newFee, BigDecimal.ZERO);
          Run r = runner(a, b);
          Subscription probe = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
              .start(FROM).seats(seats).build();
          // start on a boundary of the plan's schedule (in its zone), so the first period is whole
          Instant boundary = SubscriptionCycles.cycles(probe, InMemoryPlanCatalog.of(List.of(a)), FROM,
              FROM.plusSeconds(86_400L * 40)).get(1).boundary();
          Subscription sub = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
              .start(boundary).seats(seats).build();
          List<BillingCycle> cycles = SubscriptionCycles.cycles(sub, InMemoryPlanCatalog.of(List.of(a)), boundary,
              boundary.plusSeconds(86_400L * 40));
          BillingPeriod first = cycles.get(0).opening().orElseThrow().period();
          assertThat(cycles.get(0).opening().orElseThrow().fullPeriod()).isEqualTo(first);
          Instant change = first.start().plusSeconds(offset);
          Subscription changed = sub.withChange(SubscriptionChange.planChange("chg",
              SubscriptionChange.Kind.UPGRADE, change, ChangeTiming.IMMEDIATE, "b", 1));
          r.bill(BillRunRequest.of(List.of(sub), UsageSource.NONE, first.start()));
          assertThat(r.bill(BillRunRequest.of(List.of(changed), UsageSource.NONE, first.end())).failures()).isEmpty();
          List<Invoice> invoices = invoicesOf(r.store(), "c");
          Money billed = invoices.get(0).lines().get(0).amount();
          Money fullOld = Money.of(Money.currency("USD"), oldFee.multiply(seats));
          Money fullNew = Money.of(Money.currency("USD"), newFee.multiply(seats));
          Invoice second = invoices.get(1);
          Money credit = second.lines().stream().filter(l -> l.kind() == LineKind.PRORATION_CREDIT)
              .map(InvoiceLine::amount).reduce(Money.zero(second.currency()), Money::plus).negated();
          Money charge = second.lines().stream().filter(l -> l.kind() == LineKind.PRORATION_CHARGE)
              .map(InvoiceLine::amount).reduce(Money.zero(second.currency()), Money::plus);
          assertThat(billed).isEqualTo(fullOld);
          assertThat(credit.isNegative()).isFalse();
          assertThat(credit).isLessThanOrEqualTo(billed);
          assertThat(charge).isLessThanOrEqualTo(fullNew);
          assertThat(billed.minus(credit).plus(charge)).isLessThanOrEqualTo(fullOld.max(fullNew));
        });
  }

  /** With a partial first period too: the credit never exceeds the billed line. */
  @Test
  void creditNeverExceedsTheBilledLine() {
    qt().withExamples(200).forAll(plans("a"), fees(), BillingGenerators.subscriptions("s", "a", FROM, TO),
        longs().between(1, 40 * 86_400L)).checkAssert((a, newFee, sub, offset) -> {
          Plan b = BillingGenerators.plan("b", billingJson(a), newFee, BigDecimal.ZERO);
          Run r = runner(a, b);
          Subscription changed = sub.withChange(SubscriptionChange.planChange("chg", SubscriptionChange.Kind.UPGRADE,
              sub.start().plusSeconds(offset), ChangeTiming.IMMEDIATE, "b", 1));
          r.bill(BillRunRequest.of(List.of(sub), UsageSource.NONE, sub.start()));
          BillRunResult result = r.bill(BillRunRequest.of(List.of(changed), UsageSource.NONE,
              sub.start().plusSeconds(86_400L * 75)));
          assertThat(result.failures()).isEmpty();
          List<Invoice> invoices = invoicesOf(r.store(), sub.customerId());
          for (Invoice inv : invoices) {
            for (InvoiceLine credit : inv.lines()) {
              if (credit.kind() != LineKind.PRORATION_CREDIT) {
                continue;
              }
              String creditedId = ((dev.billwright.invoice.LineOrigin.ProrationCredit) credit.origin()).creditedLineId();
              InvoiceLine billed = invoices.stream().flatMap(i -> i.lines().stream())
                  .filter(l -> l.lineId().equals(creditedId) && l.kind() != LineKind.PRORATION_CREDIT)
                  .findFirst().orElseThrow();
              assertThat(credit.amount().negated()).isLessThanOrEqualTo(billed.taxableAmount());
              assertThat(credit.servicePeriod().end()).isEqualTo(billed.servicePeriod().end());
            }
          }
        });
  }

  static String billingJson(Plan plan) {
    return dev.billwright.json.Json.write(dev.billwright.catalog.PlanJson.writeBilling(plan.billing()));
  }

  /** Running the same bill run twice creates nothing the second time and finds the same invoices. */
  @Test
  void billRunTwiceIsOnce() {
    qt().withExamples(100).forAll(plans("p"), BillingGenerators.subscriptions("s", "p", FROM, TO),
        longs().between(1, 1_000_000), longs().between(0, 120 * 86_400L)).checkAssert((plan, sub, seed, cancelAfter) -> {
          Run r = runner(plan);
          Subscription s = sub.withChange(SubscriptionChange.cancel("cx", sub.start().plusSeconds(cancelAfter + 1),
              ChangeTiming.IMMEDIATE));
          BillRunRequest request = BillRunRequest.of(List.of(s), usage(seed), sub.start().plusSeconds(86_400L * 150));
          BillRunResult first = r.bill(request);
          BillRunResult second = r.bill(request);
          assertThat(first.failures()).isEmpty();
          assertThat(second.failures()).isEmpty();
          assertThat(second.created()).isEmpty();
          assertThat(second.creditNotes()).isEmpty();
          assertThat(second.existing()).containsExactlyElementsOf(first.created());
          assertThat(invoicesOf(r.store(), s.customerId())).containsExactlyInAnyOrderElementsOf(first.created());
          assertThat(first.created()).allMatch(i -> i.status() == InvoiceStatus.FINALIZED);
          // numbers 1..n without gaps, in order of issue
          List<String> numbers = first.created().stream().map(i -> i.number().orElseThrow()).toList();
          for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).isEqualTo(String.format("INV-%06d", i + 1));
          }
        });
  }

  /**
   * A run after a gap of N boundaries bills N (+ the opening) invoices, one per period, whose
   * periods abut from the start, exactly as N + 1 runs, one at each boundary, would.
   */
  @Test
  void catchUpOfNPeriodsIsNInvoicesThatAbut() {
    qt().withExamples(100).forAll(plans("p"), BillingGenerators.subscriptions("s", "p", FROM, TO),
        integers().between(1, 14), longs().between(1, 1_000_000)).checkAssert((plan, sub, n, seed) -> {
          InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan));
          List<BillingCycle> cycles = SubscriptionCycles.cycles(sub, catalog, sub.start(),
              sub.start().plusSeconds(86_400L * 31 * (n + 1)));
          Instant asOf = cycles.get(n).boundary();
          Run late = runner(plan);
          BillRunResult once = late.bill(BillRunRequest.of(List.of(sub), usage(seed), asOf));
          assertThat(once.failures()).isEmpty();
          assertThat(once.created()).hasSize(n + 1);
          // the opening invoice, then N period invoices whose periods abut
          List<Invoice> periods = once.created().subList(1, n + 1);
          assertThat(periods.get(0).period().start()).isEqualTo(sub.start());
          for (int i = 1; i < periods.size(); i++) {
            assertThat(periods.get(i).period().start()).isEqualTo(periods.get(i - 1).period().end());
          }
          assertThat(periods.get(n - 1).period().end()).isEqualTo(asOf);
          Run onTime = runner(plan);
          for (int k = 0; k <= n; k++) {
            onTime.bill(BillRunRequest.of(List.of(sub), usage(seed), cycles.get(k).boundary()));
          }
          assertThat(invoicesOf(onTime.store(), sub.customerId())).containsExactlyElementsOf(once.created());
        });
  }

  /**
   * An immediate cancellation at any second: the automatic credit note never exceeds its
   * invoice's total, nor the credited line, and matches the unused fraction of that line.
   */
  @Test
  void creditNoteNeverExceedsItsInvoice() {
    qt().withExamples(200).forAll(plans("p"), BillingGenerators.subscriptions("s", "p", FROM, TO),
        longs().between(1, 100 * 86_400L)).checkAssert((plan, sub, cancelAfter) -> {
          Run r = runner(plan);
          Instant end = sub.start().plusSeconds(cancelAfter);
          r.bill(BillRunRequest.of(List.of(sub), UsageSource.NONE, end.minusSeconds(1)));
          Subscription cancelled = sub.withChange(SubscriptionChange.cancel("cx", end, ChangeTiming.IMMEDIATE));
          BillRunResult result = r.bill(BillRunRequest.of(List.of(cancelled), UsageSource.NONE, end.plusSeconds(86_400)));
          assertThat(result.failures()).isEmpty();
          for (CreditNote note : result.creditNotes()) {
            Invoice invoice = r.store().findById(note.invoiceId()).orElseThrow();
            assertThat(note.total()).isLessThanOrEqualTo(invoice.totals().total());
            InvoiceLine line = invoice.line(note.lines().get(0).invoiceLineId()).orElseThrow();
            assertThat(note.lines().get(0).taxableAmount()).isLessThanOrEqualTo(line.taxableAmount());
            assertThat(line.servicePeriod().contains(end)).isTrue();
          }
          // a fee billed in advance for a period the cancellation cuts is always credited
          boolean cut = invoicesOf(r.store(), sub.customerId()).stream().flatMap(i -> i.lines().stream())
              .anyMatch(l -> l.kind() == LineKind.RECURRING_FEE && l.servicePeriod().contains(end)
                  && l.servicePeriod().start().isBefore(end) && l.taxableAmount().isPositive());
          if (!cut) {
            assertThat(result.creditNotes()).isEmpty();
          }
        });
  }

  /**
   * Oracle for any sequence of immediate plan and seat changes: in every period, the fee lines
   * billed for it (the in-advance fee, proration credits and charges) add up to the exact
   * integral of the fee over the period's phases, Σ fee(phase) × units(phase ∩ period) /
   * units(period), within half a cent per line.
   */
  @Test
  void feesOfEachPeriodFollowThePhases() {
    org.quicktheories.core.Gen<BigDecimal> fee = fees();
    org.quicktheories.core.Gen<long[]> changes = in -> {
      long[] c = new long[1 + (int) (longs().between(0, 2).generate(in).longValue())];
      for (int i = 0; i < c.length; i++) {
        c[i] = longs().between(1, 80 * 86_400L).generate(in);
      }
      return c;
    };
    qt().withExamples(150).forAll(billingSettings(), in -> new BigDecimal[] {fee.generate(in), fee.generate(in)},
        changes, seats()).checkAssert((billing, prices, offsets, seats) -> {
          Plan a = BillingGenerators.plan("a", billing, prices[0], BigDecimal.ZERO);
          Plan b = BillingGenerators.plan("b", billing, prices[1], BigDecimal.ZERO);
          InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(a, b));
          Subscription probe = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
              .start(FROM).build();
          Instant start = SubscriptionCycles.cycles(probe, catalog, FROM, FROM.plusSeconds(86_400L * 40)).get(1).boundary();
          Subscription sub = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
              .start(start).seats(seats).build();
          for (int i = 0; i < offsets.length; i++) {
            Instant at = start.plusSeconds(offsets[i]);
            sub = i % 2 == 0
                ? sub.withChange(SubscriptionChange.planChange("c" + i, SubscriptionChange.Kind.UPGRADE, at,
                    ChangeTiming.IMMEDIATE, i % 4 == 0 ? "b" : "a", 1))
                : sub.withChange(SubscriptionChange.seats("c" + i, at, ChangeTiming.IMMEDIATE,
                    seats.add(BigDecimal.valueOf(i))));
          }
          List<BillingCycle> cycles = SubscriptionCycles.cycles(sub, catalog, start, start.plusSeconds(86_400L * 130));
          Run r = runner(a, b);
          assertThat(r.bill(BillRunRequest.of(List.of(sub), UsageSource.NONE, cycles.get(4).boundary())).failures())
              .isEmpty();
          List<InvoiceLine> all = invoicesOf(r.store(), "c").stream().flatMap(i -> i.lines().stream()).toList();
          // a scheduler that runs at each boundary and learns of each change when it is requested
          // produces the same invoices as one run that knew them all
          Run onTime = runner(a, b);
          for (int k = 0; k <= 4; k++) {
            Instant boundary = cycles.get(k).boundary();
            Subscription known = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
                .start(start).seats(seats).build();
            for (SubscriptionChange c : sub.changes()) {
              if (!c.requestedAt().isAfter(boundary)) {
                known = known.withChange(c);
              }
            }
            assertThat(onTime.bill(BillRunRequest.of(List.of(known), UsageSource.NONE, boundary)).failures()).isEmpty();
          }
          assertThat(invoicesOf(onTime.store(), "c")).containsExactlyElementsOf(invoicesOf(r.store(), "c"));
          List<dev.billwright.subscription.SubscriptionPhase> phases = sub.phases(catalog);
          dev.billwright.time.ProrationBasis basis = a.billing().proration();
          for (int k = 1; k <= 3; k++) {
            BillingPeriod period = cycles.get(k).closing().orElseThrow().period();
            BigDecimal exact = BigDecimal.ZERO;
            for (dev.billwright.subscription.SubscriptionPhase ph : phases) {
              Instant s0 = ph.start().isAfter(period.start()) ? ph.start() : period.start();
              Instant e0 = ph.end() == null || ph.end().isAfter(period.end()) ? period.end() : ph.end();
              if (!e0.isAfter(s0)) {
                continue;
              }
              dev.billwright.time.ProrationFraction f = dev.billwright.time.ProrationCalculator.DEFAULT.fraction(
                  BillingPeriod.of(s0, e0, period.zone()), period, basis);
              BigDecimal full = ph.plan().charges().get(0).price().price() instanceof dev.billwright.pricing.PerUnitPrice u
                  ? u.unitPrice().multiply(ph.seats()) : BigDecimal.ZERO;
              exact = exact.add(full.multiply(new BigDecimal(f.numerator()))
                  .divide(new BigDecimal(f.denominator()), java.math.MathContext.DECIMAL128));
            }
            List<InvoiceLine> fees = all.stream().filter(l -> l.kind() == LineKind.RECURRING_FEE
                || l.kind() == LineKind.PRORATION_CHARGE || l.kind() == LineKind.PRORATION_CREDIT)
                .filter(l -> period.encloses(l.servicePeriod())).toList();
            BigDecimal billed = fees.stream().map(l -> l.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(billed.subtract(exact).abs())
                .as("period %s: billed %s, exact %s, lines %s", period, billed, exact, fees)
                .isLessThanOrEqualTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(fees.size())));
          }
        });
  }

  /**
   * The same oracle with an immediate cancellation after the changes, learnt after the fact: the
   * fee lines of each period less the automatic credit notes on them add up to the integral of
   * the fee over the part of the period the subscription lived, within half a cent per line and
   * note.
   */
  @Test
  void feesLessCreditNotesFollowThePhasesUpToTheEnd() {
    org.quicktheories.core.Gen<BigDecimal> fee = fees();
    qt().withExamples(150).forAll(billingSettings(), in -> new BigDecimal[] {fee.generate(in), fee.generate(in)},
        in -> new long[] {longs().between(1, 60 * 86_400L).generate(in), longs().between(1, 60 * 86_400L).generate(in)},
        seats()).checkAssert((billing, prices, offsets, seats) -> {
          Plan a = BillingGenerators.plan("a", billing, prices[0], BigDecimal.ZERO);
          Plan b = BillingGenerators.plan("b", billing, prices[1], BigDecimal.ZERO);
          InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(a, b));
          Subscription probe = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
              .start(FROM).build();
          Instant start = SubscriptionCycles.cycles(probe, catalog, FROM, FROM.plusSeconds(86_400L * 40)).get(1).boundary();
          Subscription sub = Subscription.builder().id("s").customerId("c").planCode("a").planVersion(1)
              .start(start).seats(seats).build();
          Instant change = start.plusSeconds(Math.min(offsets[0], offsets[1]));
          Instant end = start.plusSeconds(Math.max(offsets[0], offsets[1]) + 1);
          Subscription changed = sub.withChange(SubscriptionChange.planChange("up", SubscriptionChange.Kind.UPGRADE,
              change, ChangeTiming.IMMEDIATE, "b", 1));
          Subscription cancelled = changed.withChange(SubscriptionChange.cancel("cx", end, ChangeTiming.IMMEDIATE));
          List<BillingCycle> cycles = SubscriptionCycles.cycles(sub, catalog, start, start.plusSeconds(86_400L * 100));
          Run r = runner(a, b);
          // run at every boundary knowing what was requested by then; then once after the end
          for (int k = 0; k <= 3; k++) {
            Instant boundary = cycles.get(k).boundary();
            Subscription known = !end.isAfter(boundary) ? cancelled : !change.isAfter(boundary) ? changed : sub;
            assertThat(r.bill(BillRunRequest.of(List.of(known), UsageSource.NONE, boundary)).failures()).isEmpty();
          }
          assertThat(r.bill(BillRunRequest.of(List.of(cancelled), UsageSource.NONE, cycles.get(3).boundary()))
              .failures()).isEmpty();
          List<Invoice> invoices = invoicesOf(r.store(), "c");
          List<InvoiceLine> all = invoices.stream().flatMap(i -> i.lines().stream()).toList();
          List<dev.billwright.subscription.SubscriptionPhase> phases = cancelled.phases(catalog);
          dev.billwright.time.ProrationBasis basis = a.billing().proration();
          for (int k = 1; k <= 3; k++) {
            BillingPeriod period = cycles.get(k).closing().orElseThrow().period();
            BigDecimal exact = BigDecimal.ZERO;
            for (dev.billwright.subscription.SubscriptionPhase ph : phases) {
              Instant s0 = ph.start().isAfter(period.start()) ? ph.start() : period.start();
              Instant e0 = ph.end() == null || ph.end().isAfter(period.end()) ? period.end() : ph.end();
              if (!e0.isAfter(s0)) {
                continue;
              }
              dev.billwright.time.ProrationFraction f = dev.billwright.time.ProrationCalculator.DEFAULT.fraction(
                  BillingPeriod.of(s0, e0, period.zone()), period, basis);
              BigDecimal full = ((dev.billwright.pricing.PerUnitPrice) ph.plan().charges().get(0).price().price())
                  .unitPrice().multiply(ph.seats());
              exact = exact.add(full.multiply(new BigDecimal(f.numerator()))
                  .divide(new BigDecimal(f.denominator()), java.math.MathContext.DECIMAL128));
            }
            List<InvoiceLine> fees = all.stream().filter(l -> l.kind() == LineKind.RECURRING_FEE
                || l.kind() == LineKind.PRORATION_CHARGE || l.kind() == LineKind.PRORATION_CREDIT)
                .filter(l -> period.encloses(l.servicePeriod())).toList();
            BigDecimal billed = fees.stream().map(l -> l.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            int notes = 0;
            for (CreditNote n : r.notes()) {
              Invoice inv = r.store().findById(n.invoiceId()).orElseThrow();
              for (var nl : n.lines()) {
                if (period.encloses(inv.line(nl.invoiceLineId()).orElseThrow().servicePeriod())) {
                  billed = billed.subtract(nl.taxableAmount().amount());
                  notes++;
                }
              }
            }
            assertThat(billed.subtract(exact).abs())
                .as("period %s: billed less notes %s, exact %s, lines %s, notes %s", period, billed, exact, fees, r.notes())
                .isLessThanOrEqualTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(fees.size() + notes)));
          }
        });
  }
}
