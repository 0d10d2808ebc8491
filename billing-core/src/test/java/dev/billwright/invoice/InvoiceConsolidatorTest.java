package dev.billwright.invoice;

import static dev.billwright.invoice.InvoiceFixtures.ISSUED;
import static dev.billwright.invoice.InvoiceFixtures.draft;
import static dev.billwright.invoice.InvoiceFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvoiceConsolidatorTest {
  private static final InvoiceConsolidator C = InvoiceConsolidator.DEFAULT;

  private static Invoice subB() {
    return draft("inv_b", "sub_b", List.of(
        line("sub_b", "zeta", LineKind.USAGE, "10"),
        line("sub_b", "alpha", LineKind.RECURRING_FEE, "20")));
  }

  private static Invoice subA() {
    return draft("inv_a", "sub_a", List.of(line("sub_a", "base", LineKind.RECURRING_FEE, "100")));
  }

  @Test
  void mergesLinesBySubscriptionThenCharge() {
    Invoice merged = C.consolidate("inv_c", "cus_1", Set.of(), List.of(subB(), subA()), ISSUED);
    assertThat(merged.key()).isEqualTo(InvoiceKey.of("cus_1", InvoiceFixtures.OCTOBER, InvoiceKind.CONSOLIDATED));
    assertThat(merged.lines()).extracting(l -> l.subscriptionId().orElseThrow() + ":" + l.chargeCode())
        .containsExactly("sub_a:base", "sub_b:alpha", "sub_b:zeta");
    assertThat(merged.subscriptionIds()).containsExactly("sub_a", "sub_b");
    assertThat(merged.totals().subtotal())
        .isEqualTo(subA().totals().subtotal().plus(subB().totals().subtotal()))
        .isEqualTo(Money.of("INR", "130"));
    assertThat(merged.metadata()).containsEntry("consolidated_from", "inv_a,inv_b");
    assertThat(merged.status()).isEqualTo(InvoiceStatus.DRAFT);
  }

  @Test
  void childAccountsOnlyWhenAsked() {
    Invoice child = Invoice.builder()
        .id("inv_child").key(InvoiceKey.of("sub_c", InvoiceFixtures.OCTOBER, InvoiceKind.PERIOD))
        .customerId("cus_child").addSubscriptionIds("sub_c").currency(Money.currency("INR"))
        .addLines(line("sub_c", "base", LineKind.RECURRING_FEE, "5")).issuedAt(ISSUED).build();
    assertThatThrownBy(() -> C.consolidate("inv_c", "cus_1", Set.of(), List.of(subA(), child), ISSUED))
        .hasMessageContaining("customer_id");
    assertThat(C.consolidate("inv_c", "cus_1", Set.of("cus_child"), List.of(subA(), child), ISSUED).lines())
        .hasSize(2);
  }

  @Test
  void rejectsNonDraftsOtherPeriodsAndCurrencies() {
    Invoice fin = InvoiceLifecycle.finalize(subA(), "N1", ISSUED);
    assertThatThrownBy(() -> C.consolidate("inv_c", "cus_1", Set.of(), List.of(fin, subB()), ISSUED))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    Invoice usd = Invoice.builder()
        .id("inv_u").key(InvoiceKey.of("sub_u", InvoiceFixtures.OCTOBER, InvoiceKind.PERIOD))
        .customerId("cus_1").currency(Money.currency("USD")).issuedAt(ISSUED).build();
    assertThatThrownBy(() -> C.consolidate("inv_c", "cus_1", Set.of(), List.of(subA(), usd), ISSUED))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
    assertThatThrownBy(() -> C.consolidate("inv_c", "cus_1", Set.of(), List.of(subA(), subA()), ISSUED))
        .hasMessageContaining("unique line ids");
  }
}
