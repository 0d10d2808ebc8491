package dev.billwright.testkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.credit.CapMode;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DeductionOutcome;
import dev.billwright.credit.DeductionRequest;
import dev.billwright.credit.DeductionResult;
import dev.billwright.credit.DueLine;
import dev.billwright.credit.LedgerEntry;
import dev.billwright.credit.LedgerFold;
import dev.billwright.credit.NetOffResult;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.memory.InMemoryWalletLedger;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: replayed idempotency keys, with the same or with different content, against
 * an independent model of the wallet.
 *
 * <p>The model holds one number, the balance {@code b} in paise, and the content each key was
 * first recorded with. With unscoped paid grants only, credit is {@code max(b, 0)} and the
 * overdraft in use {@code max(-b, 0)}, so: a top-up adds; a hard-capped deduction of {@code a}
 * goes through whole iff {@code a <= b + L} (L the overdraft limit), else it is refused; a soft
 * one takes {@code min(a, b + L)}; a net-off takes {@code min(a, max(b, 0))}. An operation that
 * moves nothing records nothing (docs/prepaid.md), so its key stays free. A used key with the
 * same content must give back the first result and change nothing; with other content it must
 * fail with {@code credit.conflicting_ledger_entry} and change nothing.
 */
class WalletReplayPropertyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** What a key was first recorded with, in the model's own terms. */
  private record Content(int kind, long cents, boolean hard, long second) {}

  private static Money paise(long cents) {
    return Money.of(Money.currency("INR"), BigDecimal.valueOf(cents, 2));
  }

  @Test
  void balanceIsEachDistinctKeyAppliedOnceAndAHardCapIsNeverPassed() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 40),
            integers().between(0, 1500))
        .checkAssert((ops, limit) -> {
          WalletAccount account = new WalletAccount("w", Money.currency("INR"), paise(limit));
          InMemoryWalletLedger ledger = new InMemoryWalletLedger();
          Wallet wallet = new Wallet(ledger);
          long b = 0;
          Map<String, Content> recorded = new HashMap<>();
          Map<String, Object> firstResult = new HashMap<>();
          for (int op : ops) {
            int kind = op % 4; // 0 top-up, 1-2 deduction, 3 net-off
            int slot = (op / 4) % 4; // few keys, so keys are replayed often
            long cents = 100L * (1 + (op / 16) % 3) + (kind == 0 ? 200 : 0);
            boolean hard = (op / 48) % 2 == 0;
            long second = (op / 96) % 2;
            Content content = new Content(kind == 2 ? 1 : kind, cents,
                kind == 1 || kind == 2 ? hard : false, kind == 0 ? 0 : second);
            String key = (content.kind() == 0 ? "g" : content.kind() == 1 ? "e" : "inv") + slot;
            Instant at = T0.plusSeconds(content.second());
            List<LedgerEntry> before = ledger.entries("w");
            Content first = recorded.get(key);
            if (first != null && !first.equals(content)) {
              assertThatThrownBy(() -> call(wallet, account, key, content, at))
                  .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY);
                    assertThat(e.getMessage()).contains(key);
                  });
              assertThat(ledger.entries("w")).isEqualTo(before);
            } else if (first != null) {
              Object again = call(wallet, account, key, content, at);
              if (content.kind() != 0) {
                assertThat(again).isEqualTo(firstResult.get(key));
              }
              assertThat(ledger.entries("w")).isEqualTo(before);
            } else {
              Object result = call(wallet, account, key, content, at);
              long moved;
              if (content.kind() == 0) {
                moved = -cents;
              } else if (content.kind() == 1) {
                DeductionResult r = (DeductionResult) result;
                if (hard) {
                  boolean fits = cents <= b + limit;
                  assertThat(r.outcome().isAllowed()).isEqualTo(fits);
                  assertThat(r.uncovered()).isEqualTo(paise(0));
                  moved = fits ? cents : 0;
                } else {
                  moved = Math.min(cents, Math.max(0, b + limit));
                  assertThat(r.uncovered()).isEqualTo(paise(cents - moved));
                }
                assertThat(r.deducted()).isEqualTo(paise(moved));
                if (r.outcome() == DeductionOutcome.REFUSED) {
                  assertThat(moved).isZero();
                }
              } else {
                NetOffResult n = (NetOffResult) result;
                moved = Math.min(cents, Math.max(b, 0));
                assertThat(n.creditsApplied()).isEqualTo(paise(moved));
                assertThat(n.amountDue()).isEqualTo(paise(cents - moved));
              }
              b -= moved;
              if (moved != 0) {
                recorded.put(key, content);
                firstResult.put(key, result);
              } else {
                assertThat(ledger.entries("w")).isEqualTo(before);
              }
            }
            assertThat(wallet.state(account).ledgerBalance()).isEqualTo(paise(b));
            assertThat(b).isGreaterThanOrEqualTo(-limit);
            assertThat(LedgerFold.sum(account.currency(), ledger.entries("w"))).isEqualTo(paise(b));
          }
        });
  }

  private static Object call(Wallet wallet, WalletAccount account, String key, Content c,
      Instant at) {
    switch (c.kind()) {
      case 0:
        return wallet.topUp(account, CreditGrant.paid(key, "w", paise(c.cents()), T0));
      case 1:
        return wallet.deduct(account, new DeductionRequest(key, paise(c.cents()), null, at,
            c.hard() ? CapMode.HARD : CapMode.SOFT));
      default:
        return wallet.netOff(account, key, List.of(new DueLine(null, paise(c.cents()))), at);
    }
  }
}
