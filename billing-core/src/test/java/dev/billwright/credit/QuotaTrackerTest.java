package dev.billwright.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.error.BillingException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaTrackerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-02-01T00:00:00Z");
  private static final QuotaTracker TRACKER = QuotaTracker.DEFAULT;

  @Test
  void tenThousandOtpsThenOverage() {
    QuotaState s = TRACKER.start(new Allowance("otp", BigDecimal.valueOf(10_000)), START, END);
    QuotaDecision d1 = TRACKER.record(s, BigDecimal.valueOf(9_990), START, CapMode.SOFT);
    assertThat(d1.outcome()).isEqualTo(DeductionOutcome.ALLOWED);
    QuotaDecision d2 = TRACKER.record(d1.state(), BigDecimal.valueOf(25), START, CapMode.SOFT);
    assertThat(d2.outcome()).isEqualTo(DeductionOutcome.FLAGGED);
    assertThat(d2.included()).isEqualByComparingTo("10");
    assertThat(d2.overage()).isEqualByComparingTo("15");
    assertThat(d2.state().remaining()).isEqualByComparingTo("0");
    assertThat(d2.state().overage()).isEqualByComparingTo("15");
    assertThat(d2.state().hasReachedPercent(BigDecimal.valueOf(100))).isTrue();
    QuotaDecision hard = TRACKER.record(d1.state(), BigDecimal.valueOf(11), START, CapMode.HARD);
    assertThat(hard.outcome()).isEqualTo(DeductionOutcome.REFUSED);
    assertThat(hard.state()).isEqualTo(d1.state());
    QuotaDecision exact = TRACKER.record(d1.state(), BigDecimal.TEN, START, CapMode.HARD);
    assertThat(exact.outcome()).isEqualTo(DeductionOutcome.ALLOWED);
    assertThatThrownBy(() -> TRACKER.record(s, BigDecimal.ONE, END, CapMode.SOFT))
        .isInstanceOf(BillingException.class);
  }

  /** used = Σ recorded; included + overage = each quantity; remaining + used − overage = allowance. */
  @Test
  void quotaArithmetic() {
    qt().forAll(integers().between(0, 1000), lists().of(integers().between(0, 300)).ofSizeBetween(0, 20))
        .checkAssert((allowance, quantities) -> {
          QuotaState s = TRACKER.start(new Allowance("m", BigDecimal.valueOf(allowance)), START, END);
          long sum = 0;
          BigDecimal overage = BigDecimal.ZERO;
          for (int q : quantities) {
            QuotaDecision d = TRACKER.record(s, BigDecimal.valueOf(q), START, CapMode.SOFT);
            assertThat(d.included().add(d.overage())).isEqualByComparingTo(BigDecimal.valueOf(q));
            overage = overage.add(d.overage());
            s = d.state();
            sum += q;
          }
          assertThat(s.used()).isEqualByComparingTo(BigDecimal.valueOf(sum));
          assertThat(s.overage()).isEqualByComparingTo(overage);
          assertThat(s.remaining().add(s.used()).subtract(s.overage()))
              .isEqualByComparingTo(BigDecimal.valueOf(allowance));
        });
  }
}
