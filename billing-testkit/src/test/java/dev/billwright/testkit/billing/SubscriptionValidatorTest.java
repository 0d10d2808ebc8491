package dev.billwright.testkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.BillRunRequest;
import dev.billwright.billing.BillRunResult;
import dev.billwright.billing.InvoiceAssembler;
import dev.billwright.catalog.BillingSettings;
import dev.billwright.catalog.Charge;
import dev.billwright.catalog.ChargeKind;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanOverrides;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.ErrorCode;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;
import dev.billwright.memory.InMemoryPlanCatalog;
import dev.billwright.pricing.ChargePrice;
import dev.billwright.pricing.FlatPrice;
import dev.billwright.pricing.PerUnitPrice;
import dev.billwright.rating.PeriodUsage;
import dev.billwright.subscription.ChangeTiming;
import dev.billwright.subscription.InvalidSubscriptionException;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionChange;
import dev.billwright.subscription.SubscriptionProblem;
import dev.billwright.subscription.SubscriptionValidator;
import dev.billwright.time.BillingAlignment;
import dev.billwright.time.BillingCadence;
import dev.billwright.time.ProrationBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Validation of a subscription against the catalog (issue 12: a draft, archived or expired plan
 * version was billed, and a currency the plan has no price in was accepted at subscription time
 * and failed only at bill time). Plan {@code otp@1}: INR, a 1000 INR monthly fee and OTPs at
 * 0.20 INR, the fee also priced in USD, the OTPs not.
 */
class SubscriptionValidatorTest {
  static final Currency INR = Currency.getInstance("INR");
  static final Currency USD = Currency.getInstance("USD");
  static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  static Plan.Builder plan(String code, int version, PlanStatus status) {
    Plan.Builder b = new Plan.Builder();
    b.code(code).version(version).status(status).currency(INR)
        .billing(new BillingSettings(BillingCadence.MONTHLY, BillingAlignment.CALENDAR, ZoneOffset.UTC,
            ProrationBasis.DAYS))
        .addCharges(Charge.builder().code("fee").kind(ChargeKind.RECURRING)
            .price(ChargePrice.of(new FlatPrice(new BigDecimal("1000"))))
            .putPrices(USD, ChargePrice.of(new FlatPrice(new BigDecimal("12")))).build())
        .addCharges(Charge.builder().code("otp").kind(ChargeKind.USAGE).meter("otp_sent")
            .price(ChargePrice.of(new PerUnitPrice(new BigDecimal("0.20"), null))).build());
    return b;
  }

  static Subscription.Builder sub(String planCode, int version) {
    Subscription.Builder b = new Subscription.Builder();
    b.id("sub_1").customerId("cus_1").planCode(planCode).planVersion(version).start(OCT);
    return b;
  }

  static BillRunResult bill(InMemoryPlanCatalog catalog, Subscription sub, Instant asOf) {
    BillRun run = new BillRun(catalog, new InMemoryInvoiceStore(), new InMemoryInvoiceNumberSequence(),
        InvoiceAssembler.DEFAULT);
    return run.run(BillRunRequest.of(List.of(sub),
        (s, window) -> PeriodUsage.ofQuantities(Map.of("otp", new BigDecimal("100"))), asOf));
  }

  @Test
  void aValidSubscriptionHasNoProblemAndIsBilled() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build()));
    Subscription sub = sub("otp", 1).build();
    assertThat(SubscriptionValidator.DEFAULT.validate(sub, catalog)).isEmpty();
    assertThat(SubscriptionValidator.DEFAULT.check(sub, catalog)).isSameAs(sub);
    BillRunResult result = bill(catalog, sub, NOV);
    assertThat(result.failures()).isEmpty();
    assertThat(result.created()).hasSize(2); // the 1 October opening invoice and the 1 November one
  }

  /** Defect: a draft plan version was billed. Before validation the run created two invoices. */
  @Test
  void aDraftPlanVersionIsRefusedAndNotBilled() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.DRAFT).build()));
    Subscription sub = sub("otp", 1).build();
    assertThat(SubscriptionValidator.DEFAULT.validate(sub, catalog)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("subscriptions[sub_1].plan");
      assertThat(p.value()).isEqualTo("otp@1 (draft)");
    });
    BillRunResult result = bill(catalog, sub, NOV);
    assertThat(result.created()).isEmpty();
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(ErrorCode.INVALID_SUBSCRIPTION.code());
      assertThat(f.message()).contains("subscriptions[sub_1].plan", "otp@1 (draft)");
    });
  }

  /**
   * Defect: an archived version took a new subscription. At creation it is refused; an existing
   * subscription keeps billing on it (archived = "no new subscriptions", docs/plan-format.md).
   */
  @Test
  void anArchivedVersionTakesNoNewSubscriptionButKeepsBillingExistingOnes() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ARCHIVED).build()));
    Subscription sub = sub("otp", 1).build();
    assertThat(SubscriptionValidator.DEFAULT.validate(sub, catalog)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("subscriptions[sub_1].plan");
      assertThat(p.value()).isEqualTo("otp@1 (archived)");
    });
    assertThatThrownBy(() -> SubscriptionValidator.DEFAULT.check(sub, catalog))
        .isInstanceOf(InvalidSubscriptionException.class);
    assertThat(SubscriptionValidator.EXISTING.validate(sub, catalog)).isEmpty();
    assertThat(bill(catalog, sub, NOV).created()).hasSize(2);
  }

  /** Defect: an expired version (past its effective_to) was billed for a subscription starting later. */
  @Test
  void aVersionPastItsEffectiveToIsRefusedAndNotBilled() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
        plan("otp", 1, PlanStatus.ACTIVE).effectiveTo(Instant.parse("2026-09-01T00:00:00Z")).build()));
    Subscription sub = sub("otp", 1).build();
    assertThat(SubscriptionValidator.EXISTING.validate(sub, catalog)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("subscriptions[sub_1].start");
      assertThat(p.value()).isEqualTo(OCT.toString());
      assertThat(p.expected()).contains("otp@1", "2026-09-01T00:00:00Z");
    });
    BillRunResult result = bill(catalog, sub, NOV);
    assertThat(result.created()).isEmpty();
    assertThat(result.failures()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("subscriptions[sub_1].start"));
  }

  /** A subscription that took the version up before its effective_to keeps it afterwards. */
  @Test
  void aSubscriptionStartedBeforeEffectiveToKeepsItsVersion() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
        plan("otp", 1, PlanStatus.ACTIVE).effectiveTo(Instant.parse("2026-10-15T00:00:00Z")).build()));
    assertThat(SubscriptionValidator.DEFAULT.validate(sub("otp", 1).build(), catalog)).isEmpty();
    assertThat(bill(catalog, sub("otp", 1).build(), DEC).created()).hasSize(3);
  }

  @Test
  void aVersionNotYetEffectiveAtTheStartIsRefused() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(
        plan("otp", 1, PlanStatus.ACTIVE).effectiveFrom(NOV).build()));
    assertThat(SubscriptionValidator.DEFAULT.validate(sub("otp", 1).build(), catalog))
        .extracting(SubscriptionProblem::field).containsExactly("subscriptions[sub_1].start");
  }

  /**
   * Defect: a currency the plan has no price in was accepted at subscription time and failed only
   * at bill time. USD: the fee has a USD price, the OTP charge has none; EUR: neither has.
   */
  @Test
  void aCurrencyWithoutAPriceIsRejectedAtValidationForEveryCharge() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build()));
    List<SubscriptionProblem> usd = SubscriptionValidator.DEFAULT.validate(sub("otp", 1).currency(USD).build(), catalog);
    assertThat(usd).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("subscriptions[sub_1].currency");
      assertThat(p.value()).isEqualTo("USD");
      assertThat(p.expected()).contains("'otp'", "otp@1", "[INR]");
    });
    List<SubscriptionProblem> eur = SubscriptionValidator.DEFAULT.validate(
        sub("otp", 1).currency(Currency.getInstance("EUR")).build(), catalog);
    assertThat(eur).extracting(SubscriptionProblem::expected)
        .satisfiesExactly(e -> assertThat(e).contains("'fee'", "[INR, USD]"), e -> assertThat(e).contains("'otp'"));
    assertThatThrownBy(() -> SubscriptionValidator.DEFAULT.check(sub("otp", 1).currency(USD).build(), catalog))
        .isInstanceOfSatisfying(InvalidSubscriptionException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SUBSCRIPTION);
          assertThat(e.subscriptionId()).isEqualTo("sub_1");
          assertThat(e.problems()).isEqualTo(usd);
          assertThat(e.getMessage()).contains(usd.get(0).message());
        });
  }

  /** Every problem is reported at once, each naming its field, in the order of the rules. */
  @Test
  void everyProblemIsReportedAtOnce() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.DRAFT).build(),
        plan("pro", 1, PlanStatus.ACTIVE).effectiveFrom(DEC).build()));
    Subscription sub = sub("otp", 1)
        .end(Instant.parse("2027-01-01T00:00:00Z"))
        .trialEnd(Instant.parse("2026-09-01T00:00:00Z"))
        .overrides(new PlanOverrides(Map.of(), Map.of("sms", new BigDecimal("10"))))
        .addChanges(SubscriptionChange.cancel("chg_cancel", Instant.parse("2026-10-10T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .addChanges(SubscriptionChange.planChange("chg_up", SubscriptionChange.Kind.UPGRADE,
            Instant.parse("2026-10-20T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1))
        .addChanges(SubscriptionChange.seats("chg_early", Instant.parse("2026-09-20T00:00:00Z"), ChangeTiming.IMMEDIATE,
            BigDecimal.TEN))
        .addChanges(SubscriptionChange.planChange("chg_missing", SubscriptionChange.Kind.DOWNGRADE,
            Instant.parse("2026-10-25T00:00:00Z"), ChangeTiming.AT_PERIOD_END, "basic", 3))
        .addChanges(SubscriptionChange.cancel("chg_late", Instant.parse("2027-01-01T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .build();
    assertThat(SubscriptionValidator.DEFAULT.validate(sub, catalog))
        .extracting(SubscriptionProblem::field, SubscriptionProblem::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].plan", "otp@1 (draft)"),
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].overrides.discounts.sms", "sms"),
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].trial_end", "2026-09-01T00:00:00Z"),
            // pro@1 is effective from 1 December; the upgrade takes effect on 20 October
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].changes[1].requested_at", "2026-10-20T00:00:00Z"),
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].changes[2].requested_at", "2026-09-20T00:00:00Z"),
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].changes[3].plan", "basic@3"),
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].changes[4].requested_at", "2027-01-01T00:00:00Z"),
            // after the cancellation on 10 October: the upgrade, and the downgrade at the end of October
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].changes[1].requested_at", "2026-10-20T00:00:00Z"),
            org.assertj.core.groups.Tuple.tuple("subscriptions[sub_1].changes[3].requested_at", "2026-10-25T00:00:00Z"));
  }

  /** A plan change is checked against the new version's dates at the instant it takes effect. */
  @Test
  void aPlanChangeIsCheckedAtTheInstantItTakesEffect() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build(),
        plan("pro", 1, PlanStatus.ACTIVE).effectiveFrom(NOV).build()));
    Instant requested = Instant.parse("2026-10-20T00:00:00Z");
    // at period end: takes effect on 1 November, when pro@1 is effective
    Subscription atEnd = sub("otp", 1).addChanges(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE,
        requested, ChangeTiming.AT_PERIOD_END, "pro", 1)).build();
    assertThat(SubscriptionValidator.DEFAULT.validate(atEnd, catalog)).isEmpty();
    // immediately: takes effect on 20 October, before pro@1's effective_from
    Subscription now = sub("otp", 1).addChanges(SubscriptionChange.planChange("chg_1", SubscriptionChange.Kind.UPGRADE,
        requested, ChangeTiming.IMMEDIATE, "pro", 1)).build();
    assertThat(SubscriptionValidator.DEFAULT.validate(now, catalog)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("subscriptions[sub_1].changes[0].requested_at");
      assertThat(p.value()).isEqualTo(requested.toString());
      assertThat(p.expected()).contains("pro@1", NOV.toString());
    });
  }

  @Test
  void overridesOfAPlanChangeAreCheckedAgainstTheNewPlan() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build(),
        plan("pro", 1, PlanStatus.ACTIVE).build()));
    SubscriptionChange change = new SubscriptionChange("chg_1", SubscriptionChange.Kind.UPGRADE,
        Instant.parse("2026-10-20T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1,
        new PlanOverrides(Map.of(), Map.of("seats", new BigDecimal("10"))), null);
    // (a discount out of range is refused by PlanOverrides itself; a charge the new plan lacks is not)
    assertThat(SubscriptionValidator.DEFAULT.validate(sub("otp", 1).addChanges(change).build(), catalog))
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("subscriptions[sub_1].changes[0].overrides.discounts.seats");
          assertThat(p.value()).isEqualTo("seats");
          assertThat(p.expected()).contains("pro@1");
        });
  }

  @Test
  void anAnchorAtOrAfterTheEndAndDuplicateChangeIdsAreReported() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build()));
    Subscription sub = sub("otp", 1).end(DEC).billingCycleAnchor(DEC)
        .addChanges(SubscriptionChange.seats("chg_1", NOV, ChangeTiming.IMMEDIATE, BigDecimal.TEN))
        .addChanges(SubscriptionChange.seats("chg_1", NOV.plusSeconds(60), ChangeTiming.IMMEDIATE, BigDecimal.ONE))
        .build();
    assertThat(SubscriptionValidator.DEFAULT.validate(sub, catalog)).extracting(SubscriptionProblem::field)
        .containsExactly("subscriptions[sub_1].billing_cycle_anchor", "subscriptions[sub_1].changes[1].id");
  }

  @Test
  void aChangeAtPeriodEndTakingEffectAfterTheFixedEndIsReported() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build()));
    Subscription sub = sub("otp", 1).end(Instant.parse("2026-11-15T00:00:00Z"))
        .addChanges(SubscriptionChange.seats("chg_1", Instant.parse("2026-11-02T00:00:00Z"), ChangeTiming.AT_PERIOD_END,
            BigDecimal.TEN))
        .build();
    assertThat(SubscriptionValidator.DEFAULT.validate(sub, catalog)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("subscriptions[sub_1].changes[0].timing");
      assertThat(p.value()).contains("2026-12-01T00:00:00Z");
    });
  }

  @Test
  void aMissingPlanIsOneProblemNamingTheStoredVersions() {
    InMemoryPlanCatalog catalog = InMemoryPlanCatalog.of(List.of(plan("otp", 1, PlanStatus.ACTIVE).build()));
    assertThat(SubscriptionValidator.DEFAULT.validate(sub("otp", 2).currency(USD).build(), catalog))
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("subscriptions[sub_1].plan");
          assertThat(p.value()).isEqualTo("otp@2");
          assertThat(p.expected()).contains("[1]");
        });
  }
}
