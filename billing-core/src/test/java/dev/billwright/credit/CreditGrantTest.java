package dev.billwright.credit;

import static dev.billwright.credit.Fixtures.T0;
import static dev.billwright.credit.Fixtures.inr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditGrantTest {
  private static BillingException error(Runnable r) {
    try {
      r.run();
    } catch (BillingException e) {
      return e;
    }
    throw new AssertionError("expected a BillingException");
  }

  @Test
  void validatesFields() {
    assertThat(error(() -> new CreditGrant("g", "w", GrantKind.PAID, inr("0"), null, 1, T0, null,
        GrantScope.ANY)).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(error(() -> new CreditGrant("g", "w", GrantKind.PAID, inr("1"), null, 1, T0, T0,
        GrantScope.ANY)).getMessage()).contains("grant.expires_at");
    assertThat(error(() -> new CreditGrant("g", "w", GrantKind.PAID, inr("1"), BigDecimal.ZERO, 1,
        T0, null, GrantScope.ANY)).getMessage()).contains("conversion_rate");
    assertThat(error(() -> new CreditGrant(" ", "w", GrantKind.PAID, inr("1"), null, 1, T0, null,
        GrantScope.ANY)).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(error(() -> new CreditGrant("g", "w", null, inr("1"), null, 1, T0, null,
        GrantScope.ANY)).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
    assertThat(error(() -> GrantScope.of()).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(error(() -> GrantScope.of("sms", " ")).code()).isEqualTo(ErrorCode.INVALID_VALUE);
  }

  @Test
  void conversionRateCountsCredits() {
    // 10 credits per rupee (Lago's rate_amount would be 0.10 per credit)
    CreditGrant g = new CreditGrant("g", "w", GrantKind.PAID, inr("25.50"), BigDecimal.TEN, 1, T0,
        null, GrantScope.ANY);
    assertThat(g.toCredits(g.amount())).isEqualByComparingTo("255");
    assertThat(CreditGrant.paid("p", "w", inr("1"), T0).toCredits(inr("3"))).isEqualByComparingTo("3");
  }

  @Test
  void scopeCovers() {
    assertThat(GrantScope.ANY.covers(null)).isTrue();
    assertThat(GrantScope.of("sms").covers("sms")).isTrue();
    assertThat(GrantScope.of("sms").covers("api_calls")).isFalse();
    assertThat(GrantScope.of("sms").covers(null)).isFalse();
  }

  @Test
  void walletStateRejectsForeignGrants() {
    WalletState s = WalletState.empty("w", Money.currency("INR"), inr("0"));
    assertThatThrownBy(() -> s.withGrant(CreditGrant.paid("g", "other", inr("1"), T0)))
        .isInstanceOf(BillingException.class);
    assertThat(error(() -> s.withGrant(CreditGrant.paid("g", "w", Money.of("USD", "1"), T0))).code())
        .isEqualTo(ErrorCode.CURRENCY_MISMATCH);
    WalletState one = s.withGrant(CreditGrant.paid("g", "w", inr("1"), T0));
    assertThat(error(() -> one.withGrant(CreditGrant.paid("g", "w", inr("2"), T0))).code())
        .isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(one.grants()).isEqualTo(List.of(new GrantBalance(one.grants().get(0).grant(), inr("1"))));
  }

  @Test
  void factoriesAndWithersNameWhatThePositionalConstructorTook() {
    CreditGrant promo = CreditGrant.promotional("promo-1", "w1", inr("100"), T0)
        .expiringAt(T0.plusSeconds(86_400)).withScope(GrantScope.of("sms")).withPriority(2)
        .withConversionRate(new BigDecimal("10"));
    assertThat(promo).isEqualTo(new CreditGrant("promo-1", "w1", GrantKind.PROMOTIONAL, inr("100"),
        new BigDecimal("10"), 2, T0, T0.plusSeconds(86_400), GrantScope.of("sms")));
    assertThat(CreditGrant.promotional("p", "w1", inr("1"), T0).priority())
        .isLessThan(CreditGrant.paid("t", "w1", inr("1"), T0).priority());
    assertThat(CreditGrant.paid("t", "w1", inr("1"), T0).withScope(GrantScope.of("api")).kind())
        .isEqualTo(GrantKind.PAID);
    assertThatThrownBy(() -> promo.expiringAt(T0)).isInstanceOf(BillingException.class)
        .hasMessageContaining("grant.expires_at");
    assertThatThrownBy(() -> promo.withScope(null)).isInstanceOf(BillingException.class)
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
  }
}
