package dev.billwright.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanJson;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  static Plan plan(String code, String extra) {
    return PlanJson.read(Json.parse("""
        {"code":"%s","version":1,"status":"active","currency":"USD",
         "billing":{"cadence":"P1M","alignment":"calendar","time_zone":"UTC","proration":"seconds"}%s,
         "charges":[{"code":"fee","kind":"recurring","timing":"in_advance","price":{"model":"flat","amount":"10"}}]}
        """.formatted(code, extra), "t"), "t");
  }

  static final PlanCatalog CATALOG = new PlanCatalog() {
    final Map<String, Plan> plans = new HashMap<>(Map.of(
        "basic", plan("basic", ""), "pro", plan("pro", ""), "trial", plan("trial", ",\"trial\":\"P14D\"")));

    @Override
    public void publish(Plan plan) {
      plans.put(plan.code(), plan);
    }

    @Override
    public Optional<Plan> find(String code, int version) {
      return version == 1 ? Optional.ofNullable(plans.get(code)) : Optional.empty();
    }

    @Override
    public List<Plan> versions(String code) {
      return find(code, 1).stream().toList();
    }
  };

  static Instant at(String text) {
    return Instant.parse(text);
  }

  static Subscription basic() {
    return Subscription.builder().id("sub_1").customerId("cus_1").planCode("basic").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).seats(new BigDecimal("5")).build();
  }

  @Test
  void noChangesIsOneOpenPhase() {
    List<SubscriptionPhase> phases = basic().phases(CATALOG);
    assertThat(phases).hasSize(1);
    assertThat(phases.get(0).end()).isNull();
    assertThat(phases.get(0).startedBy()).isEqualTo("start");
    assertThat(basic().effectiveEnd(CATALOG)).isEmpty();
  }

  @Test
  void atPeriodEndChangeTakesEffectAtTheNextBoundary() {
    Subscription s = basic().withChange(SubscriptionChange.planChange("c1", SubscriptionChange.Kind.UPGRADE,
        at("2026-03-10T12:00:00Z"), ChangeTiming.AT_PERIOD_END, "pro", 1));
    List<SubscriptionPhase> phases = s.phases(CATALOG);
    assertThat(phases).extracting(SubscriptionPhase::start)
        .containsExactly(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"));
    assertThat(phases.get(1).plan().code()).isEqualTo("pro");
    assertThat(phases.get(1).seats()).isEqualByComparingTo("5");
    assertThat(phases.get(1).startedBy()).isEqualTo("c1");
  }

  /**
   * Regression: changes used to be applied in order of request time, so an immediate seat change
   * requested after a downgrade scheduled for the period's end was moved to that period end and
   * the month's remaining days were never billed at 8 seats.
   */
  @Test
  void immediateChangeRequestedAfterAScheduledOneTakesEffectFirst() {
    Subscription pro = Subscription.builder().id("sub_1").customerId("cus_1").planCode("pro").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).seats(new BigDecimal("5")).build();
    Subscription s = pro.withChange(SubscriptionChange.planChange("down", SubscriptionChange.Kind.DOWNGRADE, at("2026-03-10T00:00:00Z"),
            ChangeTiming.AT_PERIOD_END, "basic", 1))
        .withChange(SubscriptionChange.seats("seats", at("2026-03-20T00:00:00Z"), ChangeTiming.IMMEDIATE,
            new BigDecimal("8")));
    List<SubscriptionPhase> phases = s.phases(CATALOG);
    assertThat(phases).extracting(SubscriptionPhase::start).containsExactly(at("2026-03-01T00:00:00Z"),
        at("2026-03-20T00:00:00Z"), at("2026-04-01T00:00:00Z"));
    assertThat(phases).extracting(p -> p.plan().code()).containsExactly("pro", "pro", "basic");
    assertThat(phases).extracting(p -> p.seats().intValue()).containsExactly(5, 8, 8);
  }

  @Test
  void cancellationEndsTheLastPhaseAndLaterChangesAreIgnored() {
    Subscription s = basic()
        .withChange(SubscriptionChange.cancel("cx", at("2026-03-15T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .withChange(SubscriptionChange.seats("late", at("2026-03-20T00:00:00Z"), ChangeTiming.IMMEDIATE,
            BigDecimal.TEN));
    assertThat(s.phases(CATALOG)).hasSize(1);
    assertThat(s.effectiveEnd(CATALOG)).contains(at("2026-03-15T00:00:00Z"));
    assertThat(s.statusAt(CATALOG, at("2026-03-14T23:59:59Z"))).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(s.statusAt(CATALOG, at("2026-03-15T00:00:00Z"))).isEqualTo(SubscriptionStatus.ENDED);
    assertThat(s.statusAt(CATALOG, at("2026-02-28T00:00:00Z"))).isEqualTo(SubscriptionStatus.PENDING);
  }

  @Test
  void cancellationAtPeriodEndEndsAtTheBoundary() {
    Subscription s = basic().withChange(SubscriptionChange.cancel("cx", at("2026-03-15T00:00:00Z"),
        ChangeTiming.AT_PERIOD_END));
    assertThat(s.effectiveEnd(CATALOG)).contains(at("2026-04-01T00:00:00Z"));
  }

  @Test
  void changeRequestedBeforeTheStartTakesEffectAtTheStart() {
    Subscription s = basic().withChange(SubscriptionChange.planChange("early", SubscriptionChange.Kind.UPGRADE,
        at("2026-02-01T00:00:00Z"), ChangeTiming.IMMEDIATE, "pro", 1));
    List<SubscriptionPhase> phases = s.phases(CATALOG);
    assertThat(phases).hasSize(1);
    assertThat(phases.get(0).plan().code()).isEqualTo("pro");
  }

  @Test
  void withChangeReplacesAChangeWithTheSameId() {
    Subscription s = basic()
        .withChange(SubscriptionChange.seats("c", at("2026-03-05T00:00:00Z"), ChangeTiming.IMMEDIATE, BigDecimal.TEN))
        .withChange(SubscriptionChange.seats("c", at("2026-03-06T00:00:00Z"), ChangeTiming.IMMEDIATE, BigDecimal.ONE));
    assertThat(s.changes()).hasSize(1);
    assertThat(s.phases(CATALOG).get(1).seats()).isEqualByComparingTo("1");
  }

  @Test
  void trialFromThePlanOrExplicit() {
    Subscription s = Subscription.builder().id("s").customerId("c").planCode("trial").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).build();
    assertThat(s.trialEndOrStart(CATALOG)).isEqualTo(at("2026-03-15T00:00:00Z"));
    assertThat(s.statusAt(CATALOG, at("2026-03-14T00:00:00Z"))).isEqualTo(SubscriptionStatus.TRIALING);
    assertThat(s.statusAt(CATALOG, at("2026-03-15T00:00:00Z"))).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(basic().trialEndOrStart(CATALOG)).isEqualTo(basic().start());
  }

  @Test
  void invalidDefinitionsNameTheField() {
    assertThatThrownBy(() -> Subscription.builder().id("s").customerId("c").planCode("basic").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).end(at("2026-03-01T00:00:00Z")).build())
        .isInstanceOf(BillingException.class).hasMessageContaining("subscriptions[s].end");
    assertThatThrownBy(() -> Subscription.builder().id("s").customerId("c").planCode("basic").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).seats(BigDecimal.ZERO).build())
        .hasMessageContaining("seats");
    assertThatThrownBy(() -> SubscriptionChange.seats("c", at("2026-03-01T00:00:00Z"), ChangeTiming.IMMEDIATE,
        new BigDecimal("-1"))).hasMessageContaining("changes[c].seats");
    assertThatThrownBy(() -> new SubscriptionChange("c", SubscriptionChange.Kind.UPGRADE, at("2026-03-01T00:00:00Z"),
        ChangeTiming.IMMEDIATE, null, null, null, null)).hasMessageContaining("changes[c].plan");
    assertThatThrownBy(() -> Subscription.builder().id("s").customerId("c").planCode("nope").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).build().phases(CATALOG))
        .isInstanceOf(BillingException.class);
    BillingException e = org.junit.jupiter.api.Assertions.assertThrows(BillingException.class,
        () -> new SubscriptionChange(" ", SubscriptionChange.Kind.CANCELLATION, at("2026-03-01T00:00:00Z"),
            ChangeTiming.IMMEDIATE, null, null, null, null));
    assertThat(e.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
  }
}
