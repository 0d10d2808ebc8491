package dev.billwright.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  static final Instant T = Instant.parse("2026-11-02T00:00:00Z");

  static ProviderPayment pay(String ref, String amount, long seconds, Map<String, String> metadata) {
    return new ProviderPayment(ref, Money.of("INR", amount), T.plusSeconds(seconds), metadata);
  }

  @Test
  void everyKindOfDifferenceIsReported() {
    ExpectedPayment a = ExpectedPayment.invoice("inv_a", Money.of("INR", "1180.00"));
    ExpectedPayment b = ExpectedPayment.invoice("inv_b", Money.of("INR", "500.00"));
    ExpectedPayment c = ExpectedPayment.invoice("inv_c", Money.of("INR", "300.00"));
    ExpectedPayment d = ExpectedPayment.invoice("inv_d", Money.of("INR", "100.00"));
    ExpectedPayment topUp = new ExpectedPayment(ExpectedPayment.Kind.WALLET_TOP_UP, "w1", "topup_w1_1",
        Money.of("INR", "2000.00"));
    ExpectedPayment e = ExpectedPayment.invoice("inv_e", Money.of("INR", "90.00"));
    List<ProviderPayment> provider = List.of(
        pay("pi_1", "1180.00", 1, Map.of("idempotency_key", "pay_inv_a")),
        pay("pi_2", "500.00", 2, Map.of("idempotency_key", "pay_inv_b")),
        pay("pi_3", "500.00", 3, Map.of("invoice_id", "inv_b")),            // charged twice
        pay("pi_4", "250.00", 4, Map.of("idempotency_key", "pay_inv_c")),   // short
        pay("pi_5", "2000.00", 5, Map.of("wallet_id", "w1")),
        pay("pi_6", "77.00", 6, Map.of()),                                  // nobody's
        pay("pi_7", "40.00", 7, Map.of("invoice_id", "inv_e")),             // partial
        pay("pi_8", "50.00", 8, Map.of("invoice_id", "inv_e")),             // partial
        pay("pi_1", "1180.00", 1, Map.of("idempotency_key", "pay_inv_a"))); // report row repeated
    ReconciliationReport r = Reconciliation.reconcile(List.of(a, b, c, d, topUp, e), provider);
    assertThat(r.matched()).extracting(m -> m.expected().documentId()).containsExactly("inv_a", "inv_b", "w1", "inv_e");
    assertThat(r.matched().get(3).payments()).extracting(ProviderPayment::reference).containsExactly("pi_7", "pi_8");
    assertThat(r.duplicates()).extracting(ReconciliationReport.Duplicate::reason, x -> x.payment().reference())
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("repeated_reference", "pi_1"),
            org.assertj.core.groups.Tuple.tuple("collected_twice", "pi_3"));
    assertThat(r.amountMismatches()).singleElement().satisfies(m -> {
      assertThat(m.expected()).isEqualTo(c);
      assertThat(m.difference()).isEqualTo(Money.of("INR", "-50.00"));
    });
    assertThat(r.unmatchedProvider()).extracting(ProviderPayment::reference).containsExactly("pi_6");
    assertThat(r.unmatchedExpected()).containsExactly(d);
    assertThat(r.clean()).isFalse();
  }

  /** Every provider row lands in exactly one place, and each expectation in exactly one. */
  @Test
  void nothingIsLostOrCountedTwice() {
    qt().forAll(lists().of(integers().between(1, 5)).ofSizeBetween(0, 8), lists().of(integers().between(0, 6))
        .ofSizeBetween(0, 12)).checkAssert((amounts, targets) -> {
          List<ExpectedPayment> expected = new ArrayList<>();
          for (int i = 0; i < amounts.size(); i++) {
            expected.add(ExpectedPayment.invoice("inv_" + i, Money.of("INR", BigDecimal.valueOf(amounts.get(i)) + ".00")));
          }
          List<ProviderPayment> provider = new ArrayList<>();
          for (int j = 0; j < targets.size(); j++) {
            int t = targets.get(j);
            provider.add(pay("pi_" + (j % 10), (1 + j % 3) + ".00", j, Map.of("invoice_id", "inv_" + t)));
          }
          ReconciliationReport r = Reconciliation.reconcile(expected, provider);
          long rows = r.matched().stream().mapToLong(m -> m.payments().size()).sum()
              + r.amountMismatches().stream().mapToLong(m -> m.payments().size()).sum()
              + r.duplicates().size() + r.unmatchedProvider().size();
          assertThat(rows).isEqualTo(provider.size());
          assertThat(r.matched().size() + r.amountMismatches().size() + r.unmatchedExpected().size())
              .isEqualTo(expected.size());
        });
  }
}
