package dev.billwright.subscription;

import static dev.billwright.subscription.SubscriptionTest.CATALOG;
import static dev.billwright.subscription.SubscriptionTest.at;
import static dev.billwright.subscription.SubscriptionTest.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class ResolvedSubscriptionTest {
  @Test
  void anOpenEndedSubscriptionHasNoEndAndNoNull() {
    ResolvedSubscription r = basic().resolve(CATALOG);
    assertThat(r.isOpenEnded()).isTrue();
    assertThat(r.end()).isEmpty();
    assertThat(r.lastPhase().isOpenEnded()).isTrue();
    assertThat(r.lastPhase().endOptional()).isEmpty();
    // the plan of the test catalog bills in USD; no trial, so the trial ends at the start
    assertThat(r.currency()).isEqualTo(Currency.getInstance("USD"));
    assertThat(r.trialEnd()).isEqualTo(basic().start());
    assertThat(r.rounding()).isEqualTo(r.firstPhase().plan().rounding());
  }

  @Test
  void aCancelledSubscriptionEndsAtTheCancellation() {
    ResolvedSubscription r = basic()
        .withChange(SubscriptionChange.cancel("cx", at("2026-03-15T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .resolve(CATALOG);
    assertThat(r.isOpenEnded()).isFalse();
    assertThat(r.end()).contains(at("2026-03-15T00:00:00Z"));
  }

  @Test
  void phaseAtFindsThePhaseInForceAndTheLastPhaseAtTheEnd() {
    // seats 5 from March 1, 10 from March 10, cancelled March 20
    ResolvedSubscription r = basic()
        .withChange(SubscriptionChange.seats("more", at("2026-03-10T00:00:00Z"), ChangeTiming.IMMEDIATE,
            BigDecimal.TEN))
        .withChange(SubscriptionChange.cancel("cx", at("2026-03-20T00:00:00Z"), ChangeTiming.IMMEDIATE))
        .resolve(CATALOG);
    assertThat(r.phases()).hasSize(2);
    assertThat(r.phaseAt(at("2026-03-01T00:00:00Z")).seats()).isEqualByComparingTo("5");
    assertThat(r.phaseAt(at("2026-03-09T23:59:59Z")).seats()).isEqualByComparingTo("5");
    assertThat(r.phaseAt(at("2026-03-10T00:00:00Z")).seats()).isEqualByComparingTo("10");
    // at and after the end: the last phase (the plan a period closing with the end is billed by)
    assertThat(r.phaseAt(at("2026-03-20T00:00:00Z"))).isSameAs(r.lastPhase());
    assertThat(r.phaseAt(at("2026-04-01T00:00:00Z"))).isSameAs(r.lastPhase());
    // containment alone (event binding): no phase at or after the end, nor before the start
    assertThat(r.phaseIndexContaining(at("2026-03-19T23:59:59Z"))).hasValue(1);
    assertThat(r.phaseIndexContaining(at("2026-03-20T00:00:00Z"))).isEmpty();
    assertThat(r.phaseIndexContaining(at("2026-02-28T23:59:59Z"))).isEmpty();
    assertThatThrownBy(() -> r.phaseAt(at("2026-02-28T23:59:59Z")))
        .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERIOD))
        .hasMessageContaining("instant");
  }

  @Test
  void trialEndAndScheduleComeFromThePlan() {
    Subscription s = Subscription.builder().id("s").customerId("c").planCode("trial").planVersion(1)
        .start(at("2026-03-01T00:00:00Z")).build();
    ResolvedSubscription r = s.resolve(CATALOG);
    // the plan's trial is P14D
    assertThat(r.trialEnd()).isEqualTo(at("2026-03-15T00:00:00Z"));
    // calendar months: March 10 lies in [March 1, April 1)
    var fee = r.firstPhase().plan().charges().get(0);
    var period = r.schedule(fee, at("2026-03-10T00:00:00Z")).periodContaining(at("2026-03-10T00:00:00Z"));
    assertThat(period.start()).isEqualTo(at("2026-03-01T00:00:00Z"));
    assertThat(period.end()).isEqualTo(at("2026-04-01T00:00:00Z"));
  }
}
