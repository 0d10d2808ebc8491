package dev.billwright.payment;

import static dev.billwright.payment.PaymentFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DunningTest {
  static final Instant FAILED = Instant.parse("2026-11-02T04:30:00Z"); // 10:00 IST
  static final ZoneId IST = ZoneId.of("Asia/Kolkata");

  @Test
  void theStandardPolicyRetriesAfterThreeFiveAndSevenDaysThenGraceThenUncollectible() {
    List<DunningStep> s = Dunning.schedule(DunningPolicy.STANDARD, FAILED, IST);
    assertThat(s).extracting(DunningStep::action).containsExactly(DunningStep.Action.REMIND,
        DunningStep.Action.RETRY, DunningStep.Action.REMIND, DunningStep.Action.RETRY, DunningStep.Action.REMIND,
        DunningStep.Action.RETRY, DunningStep.Action.REMIND, DunningStep.Action.MARK_UNCOLLECTIBLE);
    assertThat(s).filteredOn(x -> x.action() == DunningStep.Action.RETRY).extracting(DunningStep::at)
        .containsExactly(Instant.parse("2026-11-05T04:30:00Z"), Instant.parse("2026-11-10T04:30:00Z"),
            Instant.parse("2026-11-17T04:30:00Z"));
    assertThat(s.get(7).at()).isEqualTo(Instant.parse("2026-11-24T04:30:00Z"));
    assertThat(s).extracting(DunningStep::sequence).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void daysAfterTheFirstFailureAndBlockingUsage() {
    DunningPolicy p = new DunningPolicy("strict", List.of(1, 3, 5), DunningPolicy.Basis.AFTER_FIRST_FAILURE, 2, true);
    List<DunningStep> s = Dunning.schedule(p, FAILED, IST);
    assertThat(s).filteredOn(x -> x.action() == DunningStep.Action.RETRY).extracting(DunningStep::at)
        .containsExactly(Instant.parse("2026-11-03T04:30:00Z"), Instant.parse("2026-11-05T04:30:00Z"),
            Instant.parse("2026-11-07T04:30:00Z"));
    assertThat(s.subList(s.size() - 2, s.size())).extracting(DunningStep::action)
        .containsExactly(DunningStep.Action.BLOCK_USAGE, DunningStep.Action.MARK_UNCOLLECTIBLE);
    assertThatThrownBy(() -> new DunningPolicy("bad", List.of(3, 3), DunningPolicy.Basis.AFTER_FIRST_FAILURE, 0, false))
        .isInstanceOf(BillingException.class).hasMessageContaining("strictly increasing");
    assertThat(DunningPolicy.of("standard", "3, 5,7", 7)).isEqualTo(DunningPolicy.STANDARD);
    assertThatThrownBy(() -> DunningPolicy.of("x", "3,five", 7)).hasMessageContaining("such as 3,5,7");
  }

  @Test
  void dueStepsAndTheUncollectibleStep() {
    List<DunningStep> s = Dunning.schedule(DunningPolicy.STANDARD, FAILED, IST);
    assertThat(Dunning.due(s, -1, FAILED)).extracting(DunningStep::sequence).containsExactly(0);
    assertThat(Dunning.due(s, 0, Instant.parse("2026-11-06T00:00:00Z"))).extracting(DunningStep::sequence)
        .containsExactly(1, 2);
    Invoice inv = invoice("inv_d", "100.00");
    assertThat(Dunning.apply(inv, s.get(1))).isSameAs(inv);
    Invoice after = Dunning.apply(inv, s.get(7));
    assertThat(after.status()).isEqualTo(InvoiceStatus.UNCOLLECTIBLE);
    assertThat(after.uncollectibleAt()).contains(s.get(7).at());
    assertThat(Dunning.retryKey("inv_d", 2)).isEqualTo("pay_inv_d_2");
  }
}
