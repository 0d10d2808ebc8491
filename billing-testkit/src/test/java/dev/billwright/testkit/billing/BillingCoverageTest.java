package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillingCoverage;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.BillingSettings;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLifecycle;
import dev.billwright.invoice.LineKind;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.rating.UsageSource;
import dev.billwright.subscription.Subscription;
import dev.billwright.testkit.generators.BillingGenerators;
import dev.billwright.time.BillingAlignment;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.BillingPeriod;
import dev.billwright.time.ProrationBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link BillingCoverage}: every period from the start to as-of with the invoices that billed it,
 * gaps, overlaps and periods billed twice. Plan {@code otp@1} of {@link SubscriptionValidatorTest}
 * (1000 INR a month in advance, OTPs in arrears, calendar months in UTC) from 1 October 2026.
 */
class BillingCoverageTest {
  static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
  static final BillingPeriod OCTOBER = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1),
      ZoneOffset.UTC);
  static final BillingPeriod NOVEMBER = BillingPeriod.of(NOV, DEC, ZoneOffset.UTC);
  static final UsageSource USAGE = (s, window) -> PeriodUsage.ofQuantities(Map.of("otp", new BigDecimal("100")));

  final InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
      SubscriptionValidatorTest.plan("otp", 1, PlanStatus.ACTIVE).build(), usageOnly(BillingAlignment.CALENDAR),
      usageOnly(BillingAlignment.ANNIVERSARY)));
  final InMemoryInvoiceStore store = new InMemoryInvoiceStore();
  final BillRun run = new BillRun(catalog, store, new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT);

  /** OTPs only, at 0.20 INR: each period is billed by the one invoice issued at its end. */
  static Plan usageOnly(BillingAlignment alignment) {
    return new Plan.Builder().code("usage_" + alignment.name().toLowerCase(java.util.Locale.ROOT)).version(1)
        .status(PlanStatus.ACTIVE).currency(SubscriptionValidatorTest.INR)
        .billing(new BillingSettings(BillingCadence.MONTHLY, alignment, ZoneOffset.UTC, ProrationBasis.DAYS))
        .addCharges(Charge.builder().code("otp").kind(ChargeKind.USAGE).meter("otp_sent")
            .price(ChargePrice.of(new PerUnitPrice(new BigDecimal("0.20"), null))).build())
        .build();
  }

  List<Invoice> all(String customerId) {
    return store.listByCustomer(customerId, BillingPeriod.of(OCT.minusSeconds(86_400L * 400), OCT.plusSeconds(
        86_400L * 800), ZoneOffset.UTC));
  }

  @Test
  void everyPeriodToAsOfListsTheInvoicesThatBilledIt() {
    Subscription sub = SubscriptionValidatorTest.sub("otp", 1).build();
    run.run(BillRunRequest.of(List.of(sub), USAGE, DEC));
    List<Invoice> invoices = all("cus_1");
    Invoice opening = invoices.stream().filter(i -> i.issuedAt().equals(OCT)).findFirst().orElseThrow();
    Invoice nov1 = invoices.stream().filter(i -> i.issuedAt().equals(NOV)).findFirst().orElseThrow();
    Invoice dec1 = invoices.stream().filter(i -> i.issuedAt().equals(DEC)).findFirst().orElseThrow();
    invoices = List.of(opening, nov1, dec1);
    BillingCoverage c = BillingCoverage.of(sub, catalog, invoices, DEC.plusSeconds(1));
    // October: its fee in advance (opening) and its OTPs (1 November); November: its fee
    // (1 November) and its OTPs (1 December); December, open: its fee in advance (1 December)
    assertThat(c.periods()).extracting(BillingCoverage.PeriodCoverage::period, BillingCoverage.PeriodCoverage::closed,
        BillingCoverage.PeriodCoverage::invoiceIds).containsExactly(
            org.assertj.core.groups.Tuple.tuple(OCTOBER, true, List.of(opening.id(), nov1.id())),
            org.assertj.core.groups.Tuple.tuple(NOVEMBER, true, List.of(nov1.id(), dec1.id())),
            org.assertj.core.groups.Tuple.tuple(BillingPeriod.of(DEC, Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC),
                false, List.of(dec1.id())));
    assertThat(c.isClean()).isTrue();
  }

  @Test
  void aPeriodWhoseInvoicesAreMissingOrVoidIsAGapUntilBilledAgain() {
    Subscription sub = SubscriptionValidatorTest.sub("usage_calendar", 1).build();
    run.run(BillRunRequest.of(List.of(sub), USAGE, DEC));
    List<Invoice> invoices = all("cus_1");
    assertThat(invoices).hasSize(2); // 1 November (October's OTPs) and 1 December (November's)
    assertThat(BillingCoverage.of(sub, catalog, invoices, DEC).isClean()).isTrue();
    assertThat(BillingCoverage.of(sub, catalog, invoices.subList(1, 2), DEC).gaps()).containsExactly(OCTOBER);

    Invoice voided = store.compareAndSet(invoices.get(0), InvoiceLifecycle.voidInvoice(invoices.get(0), DEC));
    BillingCoverage afterVoid = BillingCoverage.of(sub, catalog, all("cus_1"), DEC);
    assertThat(afterVoid.gaps()).containsExactly(OCTOBER);
    assertThat(afterVoid.periods().get(0).voidInvoiceIds()).containsExactly(voided.id());
    assertThat(afterVoid.periods().get(0).invoiceIds()).isEmpty();

    run.run(BillRunRequest.of(List.of(sub), USAGE, DEC));
    BillingCoverage rebilled = BillingCoverage.of(sub, catalog, all("cus_1"), DEC);
    assertThat(rebilled.isClean()).isTrue();
    assertThat(rebilled.periods().get(0).invoiceIds()).singleElement().isNotEqualTo(voided.id());
    assertThat(rebilled.periods().get(0).voidInvoiceIds()).containsExactly(voided.id());
  }

  @Test
  void theSamePeriodOnTwoLiveInvoicesIsBilledTwice() {
    Subscription sub = SubscriptionValidatorTest.sub("usage_calendar", 1).build();
    // a preview run returns drafts (and stores nothing); one renamed copy stands for an invoice
    // issued twice
    Invoice draft = run.run(BillRunRequest.of(List.of(sub), USAGE, NOV).asPreview()).created().get(0);
    Invoice copy = InvoiceLifecycle.withId(draft, "inv_copy");
    BillingCoverage c = BillingCoverage.of(sub, catalog, List.of(draft, copy), NOV);
    assertThat(c.gaps()).isEmpty();
    assertThat(c.overlaps()).isEmpty(); // the same key period: not an overlap, a double
    assertThat(c.billedTwice()).singleElement().satisfies(d -> {
      assertThat(d.period()).isEqualTo(OCTOBER);
      assertThat(d.chargeCode()).isEqualTo("otp");
      assertThat(d.kind()).isEqualTo(LineKind.USAGE);
      assertThat(d.invoiceIds()).containsExactly(draft.id(), "inv_copy");
    });
  }

  @Test
  void invoicesOnTwoPeriodGridsOverlap() {
    // the same subscription billed once on calendar months and once on anniversary months from 15 October
    Instant start = Instant.parse("2026-10-15T00:00:00Z");
    Subscription calendar = Subscription.builder().id("sub_1").customerId("cus_1").planCode("usage_calendar")
        .planVersion(1).start(start).build();
    Subscription anniversary = Subscription.builder().id("sub_1").customerId("cus_1").planCode("usage_anniversary")
        .planVersion(1).start(start).build();
    run.run(BillRunRequest.of(List.of(calendar), USAGE, Instant.parse("2026-11-15T00:00:00Z")));
    InMemoryInvoiceStore other = new InMemoryInvoiceStore();
    new BillRun(catalog, other, new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT)
        .run(BillRunRequest.of(List.of(anniversary), USAGE, Instant.parse("2026-11-15T00:00:00Z")));
    List<Invoice> both = new ArrayList<>(all("cus_1"));
    both.addAll(other.listByCustomer("cus_1", BillingPeriod.of(OCT, DEC, ZoneOffset.UTC)));
    BillingCoverage c = BillingCoverage.of(calendar, catalog, both, Instant.parse("2026-11-15T00:00:00Z"));
    // calendar [15 Oct, 1 Nov) and anniversary [15 Oct, 15 Nov): 15 October to 1 November in both
    assertThat(c.overlaps()).extracting(BillingCoverage.Overlap::intersection)
        .contains(BillingPeriod.of(start, NOV, ZoneOffset.UTC));
    assertThat(c.billedTwice()).extracting(BillingCoverage.DoubleBilling::chargeCode).contains("otp");
  }

  /** Property: after any bill run up to as-of, coverage has no gap, no overlap and nothing billed twice. */
  @Test
  void afterAnyBillRunCoverageIsClean() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2027-01-01T00:00:00Z");
    qt().withExamples(150).forAll(BillingGenerators.plans("p"), BillingGenerators.subscriptions("s", "p", from, to),
        longs().between(0, 200 * 86_400L)).checkAssert((plan, sub, after) -> {
          InMemoryPlanCatalog cat = InMemoryPlanCatalog.of(List.of(plan));
          InMemoryInvoiceStore s = new InMemoryInvoiceStore();
          Instant asOf = sub.start().plusSeconds(after);
          var result = new BillRun(cat, s, new InMemoryInvoiceNumberSequence(), InvoiceAssembler.DEFAULT)
              .run(BillRunRequest.of(List.of(sub), USAGE, asOf));
          assertThat(result.failures()).isEmpty();
          BillingCoverage c = BillingCoverage.of(sub, cat, result.created(), asOf);
          assertThat(c.gaps()).as("gaps").isEmpty();
          assertThat(c.overlaps()).as("overlaps").isEmpty();
          assertThat(c.billedTwice()).as("billed twice").isEmpty();
          assertThat(c.periods()).isNotEmpty();
          assertThat(c.periods().get(0).period().start()).isEqualTo(sub.start());
        });
  }
}
