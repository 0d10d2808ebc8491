package dev.billwright.testkit.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.alert.AlertEvaluator;
import dev.billwright.alert.AlertRule;
import dev.billwright.alert.AlertState;
import dev.billwright.alert.Observation;
import dev.billwright.credit.CapMode;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DeductionRequest;
import dev.billwright.credit.DeductionResult;
import dev.billwright.credit.DueLine;
import dev.billwright.credit.GrantScope;
import dev.billwright.credit.NetOffResult;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.money.Money;
import dev.billwright.testkit.alert.InMemoryAlertSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/prepaid.md, kept compiling and checked. */
class PrepaidExampleTest {
  @Test
  void docsExample() {
    // --- docs/prepaid.md example starts
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    WalletAccount account = new WalletAccount("cust-42", Money.currency("INR"),
        Money.of("INR", "0"));                                    // no overdraft
    Wallet wallet = new Wallet(new InMemoryWalletLedger());       // your WalletLedger in production

    // 1. Top up INR 1000 (paid) and grant INR 100 of promotional credit for SMS, expiring in 30 days.
    wallet.topUp(account, CreditGrant.paid("topup-1", "cust-42", Money.of("INR", "1000"), now));
    wallet.grant(account, CreditGrant.promotional("promo-1", "cust-42", Money.of("INR", "100"), now)
        .expiringAt(now.plusSeconds(30L * 86_400)).withScope(GrantScope.of("sms")));   // priority 1

    // 2. Deduct each rated event in real time (idempotent by event id); hard cap refuses.
    DeductionResult r = wallet.deduct(account, new DeductionRequest("evt-0001",
        Money.of("INR", "950"), "sms", now.plusSeconds(5), CapMode.HARD));
    // promo-1 pays first (priority 1 < 50), then topup-1; r.balanceAfter() = INR 150.00
    boolean letThrough = r.outcome().isAllowed();                 // false = block the request

    // 3. Low-balance alert: fires once when the balance drops to INR 200 or below,
    //    re-arms above INR 250.
    AlertRule low = new AlertRule.BalanceBelow("low-balance", Money.of("INR", "200"),
        Money.of("INR", "50"));
    InMemoryAlertSink sink = new InMemoryAlertSink();             // your AlertSink in production
    Observation seen = Observation.at(now.plusSeconds(5)).withWallet(r.state());
    Map<String, AlertState> alertStates =
        AlertEvaluator.DEFAULT.evaluateAll(List.of(low), Map.of(), seen, sink);

    // 4. At invoicing, net the wallet off against the invoice.
    NetOffResult netOff = wallet.netOff(account, "inv-2026-03", List.of(
        new DueLine(null, Money.of("INR", "500"))), now.plusSeconds(86_400));
    // netOff.creditsApplied() = INR 150.00, netOff.amountDue() = INR 350.00
    // --- docs/prepaid.md example ends

    assertThat(letThrough).isTrue();
    assertThat(r.allocations()).extracting(a -> a.grantId()).containsExactly("promo-1", "topup-1");
    assertThat(r.balanceAfter()).isEqualTo(Money.of("INR", "150"));
    assertThat(sink.alerts()).hasSize(1);
    assertThat(alertStates.get("low-balance").armed()).isFalse();
    assertThat(netOff.creditsApplied()).isEqualTo(Money.of("INR", "150"));
    assertThat(netOff.amountDue()).isEqualTo(Money.of("INR", "350"));
  }
}
