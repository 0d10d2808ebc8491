package dev.billwright.credit;

import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds wallet states for property tests from small integer codes. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String[] CODES = {"api_calls", "sms", "storage"};

  private Fixtures() {}

  static Money inr(String amount) {
    return Money.of("INR", amount);
  }

  static Money paise(long p) {
    return Money.of(Money.currency("INR"), BigDecimal.valueOf(p, 2));
  }

  /**
   * Decodes one grant: amount 0.01..50.00, priority 0..2, effective T0 or T0+1h, expiry none,
   * T0+2h or T0+4h, scope any or one of the codes, kind paid or promotional.
   */
  static CreditGrant grant(int code, int index) {
    int c = code & Integer.MAX_VALUE;
    long amount = 1 + c % 5000;
    c /= 5000;
    int priority = c % 3;
    c /= 3;
    Instant effective = c % 2 == 0 ? T0 : T0.plusSeconds(3600);
    c /= 2;
    Instant expires = c % 3 == 0 ? null : T0.plusSeconds(c % 3 == 1 ? 7200 : 14400);
    c /= 3;
    GrantScope scope = c % 4 >= 2 ? GrantScope.ANY : GrantScope.of(CODES[c % 3]);
    c /= 4;
    GrantKind kind = c % 2 == 0 ? GrantKind.PAID : GrantKind.PROMOTIONAL;
    return new CreditGrant("g" + index, "w", kind, paise(amount), null, priority, effective,
        expires, scope);
  }

  static WalletState state(List<Integer> codes, long overdraftPaise) {
    List<GrantBalance> grants = new ArrayList<>();
    for (int i = 0; i < codes.size(); i++) {
      CreditGrant g = grant(codes.get(i), i);
      grants.add(new GrantBalance(g, g.amount()));
    }
    return new WalletState("w", Money.currency("INR"), paise(overdraftPaise), grants, paise(0));
  }
}
