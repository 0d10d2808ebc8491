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
import dev.billwright.credit.ExpiryResult;
import dev.billwright.credit.GrantKind;
import dev.billwright.credit.GrantScope;
import dev.billwright.credit.LedgerEntry;
import dev.billwright.credit.LedgerEntryType;
import dev.billwright.credit.LedgerFold;
import dev.billwright.credit.NetOffResult;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.credit.WalletState;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalletTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final WalletAccount ACCOUNT =
      new WalletAccount("w", Money.currency("INR"), Money.of("INR", "5"));

  private static Money inr(String a) {
    return Money.of("INR", a);
  }

  private static DeductionRequest req(String id, String amount, CapMode mode) {
    return new DeductionRequest(id, inr(amount), "api_calls", T0.plusSeconds(60), mode);
  }

  @Test
  void topUpIsIdempotentByGrantIdAndRejectsConflicts() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    CreditGrant g = CreditGrant.paid("g1", "w", inr("100"), T0);
    wallet.topUp(ACCOUNT, g);
    WalletState again = wallet.topUp(ACCOUNT, g);
    assertThat(again.ledgerBalance()).isEqualTo(inr("100"));
    assertThat(ledger.entries("w")).hasSize(1);
    assertThatThrownBy(() -> wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("50"), T0)))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY));
    CreditGrant promo = new CreditGrant("p", "w", GrantKind.PROMOTIONAL, inr("10"), null, 1, T0,
        null, GrantScope.ANY);
    assertThatThrownBy(() -> wallet.topUp(ACCOUNT, promo)).isInstanceOf(BillingException.class);
    assertThat(wallet.grant(ACCOUNT, promo).ledgerBalance()).isEqualTo(inr("110"));
  }

  @Test
  void repeatedDeductionReturnsOriginalResult() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("10"), T0));
    DeductionResult first = wallet.deduct(ACCOUNT, req("e1", "12", CapMode.HARD));
    assertThat(first.outcome()).isEqualTo(DeductionOutcome.FLAGGED);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g2", "w", inr("50"), T0));
    DeductionResult repeat = wallet.deduct(ACCOUNT, req("e1", "12", CapMode.HARD));
    assertThat(repeat.allocations()).isEqualTo(first.allocations());
    assertThat(repeat.overdraftUsed()).isEqualTo(first.overdraftUsed());
    assertThat(repeat.balanceAfter()).isEqualTo(first.balanceAfter());
    assertThat(repeat.outcome()).isEqualTo(first.outcome());
    assertThat(repeat.state()).isEqualTo(first.state());
    assertThat(ledger.entries("w")).filteredOn(e -> e.type() == LedgerEntryType.DEDUCTION).hasSize(2);
    assertThatThrownBy(() -> wallet.deduct(ACCOUNT, new DeductionRequest("e1", inr("12"), "sms",
        T0.plusSeconds(60), CapMode.HARD)))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY));
    assertThatThrownBy(() -> wallet.deduct(ACCOUNT, req("e1", "11.99", CapMode.HARD)))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY));
  }

  @Test
  void refusedDeductionWritesNothing() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("10"), T0));
    assertThat(wallet.deduct(ACCOUNT, req("e1", "15.01", CapMode.HARD)).outcome())
        .isEqualTo(DeductionOutcome.REFUSED);
    assertThat(ledger.entries("w")).hasSize(1);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g2", "w", inr("10"), T0));
    assertThat(wallet.deduct(ACCOUNT, req("e1", "15.01", CapMode.HARD)).outcome())
        .isEqualTo(DeductionOutcome.ALLOWED);
  }

  @Test
  void reversalsAreIdempotentAndBounded() {
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("10"), T0));
    wallet.deduct(ACCOUNT, req("e1", "8", CapMode.HARD));
    wallet.reverse(ACCOUNT, "cn-1", "e1", inr("3"), T0.plusSeconds(120));
    wallet.reverse(ACCOUNT, "cn-1", "e1", inr("3"), T0.plusSeconds(120));
    assertThat(wallet.state(ACCOUNT).ledgerBalance()).isEqualTo(inr("5"));
    assertThatThrownBy(() -> wallet.reverse(ACCOUNT, "cn-1", "e1", inr("4"), T0))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY));
    wallet.reverse(ACCOUNT, "cn-2", "e1", inr("5"), T0.plusSeconds(120));
    assertThat(wallet.state(ACCOUNT).ledgerBalance()).isEqualTo(inr("10"));
    assertThatThrownBy(() -> wallet.reverse(ACCOUNT, "cn-3", "e1", inr("0.01"), T0))
        .isInstanceOfSatisfying(BillingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CREDIT_EXCEEDS_REMAINING));
    assertThatThrownBy(() -> wallet.reverse(ACCOUNT, "cn-4", "nope", inr("1"), T0))
        .isInstanceOf(BillingException.class);
  }

  @Test
  void refundNetOffAndExpiry() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    Instant expiry = T0.plusSeconds(86_400);
    wallet.topUp(ACCOUNT, CreditGrant.paid("paid", "w", inr("100"), T0));
    wallet.grant(ACCOUNT, new CreditGrant("promo", "w", GrantKind.PROMOTIONAL, inr("20"), null, 1,
        T0, expiry, GrantScope.of("api_calls")));
    wallet.refund(ACCOUNT, "r1", "paid", inr("30"), T0.plusSeconds(10));
    wallet.refund(ACCOUNT, "r1", "paid", inr("30"), T0.plusSeconds(10));
    assertThat(wallet.state(ACCOUNT).ledgerBalance()).isEqualTo(inr("90"));

    List<DueLine> lines = List.of(new DueLine("api_calls", inr("15")), new DueLine(null, inr("80")));
    NetOffResult n = wallet.netOff(ACCOUNT, "inv-1", lines, T0.plusSeconds(20));
    assertThat(n.appliedPerLine()).containsExactly(inr("15"), inr("70"));
    assertThat(n.amountDue()).isEqualTo(inr("10"));
    NetOffResult again = wallet.netOff(ACCOUNT, "inv-1", lines, T0.plusSeconds(20));
    assertThat(again).isEqualTo(n);

    ExpiryResult x = wallet.expire(ACCOUNT, expiry);
    assertThat(x.expired()).extracting(a -> a.amount()).containsExactly(inr("5"));
    assertThat(wallet.expire(ACCOUNT, expiry).expired()).isEmpty();
    assertThat(wallet.state(ACCOUNT).ledgerBalance()).isEqualTo(inr("0"));
    assertThat(LedgerFold.sum(ACCOUNT.currency(), ledger.entries("w"))).isEqualTo(inr("0"));
  }

  /**
   * Random operation sequences: the balance equals the fold (and the sum) of the ledger; what is
   * deducted plus what is uncovered equals what was rated; the balance never goes below minus
   * the overdraft limit.
   */
  @Test
  void balanceIsTheFoldOfTheLedger() {
    qt().forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 30))
        .checkAssert(ops -> {
          InMemoryWalletLedger ledger = new InMemoryWalletLedger();
          Wallet wallet = new Wallet(ledger);
          Money rated = inr("0");
          Money deductedPlusUncovered = inr("0");
          WalletState last = wallet.state(ACCOUNT);
          for (int i = 0; i < ops.size(); i++) {
            int op = ops.get(i);
            Money amount = Money.of(ACCOUNT.currency(), BigDecimal.valueOf(1 + (op / 8) % 4000, 2));
            Instant at = T0.plusSeconds(60L * i);
            switch (op % 8) {
              case 0:
                last = wallet.topUp(ACCOUNT, CreditGrant.paid("t" + i, "w", amount, at));
                break;
              case 1:
                last = wallet.grant(ACCOUNT, new CreditGrant("p" + i, "w", GrantKind.PROMOTIONAL,
                    amount, null, op % 3, at, at.plusSeconds(300), op % 2 == 0 ? GrantScope.ANY
                        : GrantScope.of("api_calls")));
                break;
              case 2:
                last = wallet.expire(ACCOUNT, at).state();
                break;
              case 3:
                NetOffResult n = wallet.netOff(ACCOUNT, "inv" + i,
                    List.of(new DueLine("api_calls", amount)), at);
                assertThat(n.creditsApplied().plus(n.amountDue())).isEqualTo(amount);
                last = n.state();
                break;
              default:
                DeductionRequest rq = new DeductionRequest("e" + i, amount,
                    op % 2 == 0 ? "api_calls" : "sms", at, op % 3 == 0 ? CapMode.HARD : CapMode.SOFT);
                DeductionResult r = wallet.deduct(ACCOUNT, rq);
                if (r.outcome().isAllowed()) {
                  rated = rated.plus(amount);
                  deductedPlusUncovered = deductedPlusUncovered.plus(r.deducted()).plus(r.uncovered());
                }
                assertThat(r.balanceAfter()).isGreaterThanOrEqualTo(ACCOUNT.overdraftLimit().negated());
                last = r.state();
                break;
            }
            List<LedgerEntry> entries = ledger.entries("w");
            WalletState folded = LedgerFold.fold("w", ACCOUNT.currency(), ACCOUNT.overdraftLimit(),
                entries);
            assertThat(folded).isEqualTo(last);
            assertThat(folded.ledgerBalance()).isEqualTo(LedgerFold.sum(ACCOUNT.currency(), entries));
          }
          assertThat(deductedPlusUncovered).isEqualTo(rated);
        });
  }
}
