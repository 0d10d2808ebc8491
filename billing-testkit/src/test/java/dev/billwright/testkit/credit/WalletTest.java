package dev.billwright.testkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.billwright.credit.CapMode;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DeductionCalculator;
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
import dev.billwright.memory.InMemoryWalletLedger;
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

  private static void assertConflict(Runnable call, String key, String recorded, String asked) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(BillingException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.CONFLICTING_LEDGER_ENTRY);
      assertThat(e.getMessage()).contains("'idempotency_key'", "'" + key + "'", recorded, asked);
    });
  }

  /** Issue 13 item 3: a larger replay under a hard cap was FLAGGED, allowed and recorded nothing. */
  @Test
  void deductionReplayedWithALargerAmountIsAConflictNotAPassedHardCap() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("10"), T0));
    DeductionResult first = wallet.deduct(ACCOUNT, req("e1", "8", CapMode.HARD));
    assertThat(first.outcome()).isEqualTo(DeductionOutcome.ALLOWED);
    List<LedgerEntry> before = ledger.entries("w");
    // 10 + 5 overdraft - 8 leaves 7: a fresh deduction of 50 under HARD would be refused
    assertConflict(() -> wallet.deduct(ACCOUNT, req("e1", "50", CapMode.HARD)), "deduct:e1",
        "amount=INR 8.00", "amount=INR 50.00");
    assertConflict(() -> wallet.deduct(ACCOUNT, req("e1", "8.01", CapMode.SOFT)), "deduct:e1",
        "cap_mode=hard", "cap_mode=soft");
    assertConflict(() -> wallet.deduct(ACCOUNT, new DeductionRequest("e1", inr("8"), "api_calls",
        T0.plusSeconds(61), CapMode.HARD)), "deduct:e1", "at=" + T0.plusSeconds(60),
        "at=" + T0.plusSeconds(61));
    assertThat(ledger.entries("w")).isEqualTo(before);
    assertThat(wallet.deduct(ACCOUNT, req("e1", "8", CapMode.HARD))).isEqualTo(first);
  }

  /** A soft-capped deduction left partly uncovered: a hard replay must not inherit its result. */
  @Test
  void softDeductionWithUncoveredPartReplaysOnlyWithTheSameRequest() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("10"), T0));
    DeductionResult soft = wallet.deduct(ACCOUNT, req("e1", "20", CapMode.SOFT));
    // 10 from the grant, 5 from the overdraft, 5 uncovered
    assertThat(soft.uncovered()).isEqualTo(inr("5"));
    assertThat(wallet.deduct(ACCOUNT, req("e1", "20", CapMode.SOFT))).isEqualTo(soft);
    assertConflict(() -> wallet.deduct(ACCOUNT, req("e1", "20", CapMode.HARD)), "deduct:e1",
        "cap_mode=soft", "cap_mode=hard");
    assertConflict(() -> wallet.deduct(ACCOUNT, req("e1", "25", CapMode.SOFT)), "deduct:e1",
        "amount=INR 20.00", "amount=INR 25.00");
  }

  /** Issue 13 item 3: a net-off replayed with another amount silently applied the first one. */
  @Test
  void netOffReplayedWithOtherLinesIsAConflict() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("100"), T0));
    Instant at = T0.plusSeconds(20);
    NetOffResult n = wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("15"))), at);
    assertThat(n.amountDue()).isEqualTo(inr("0"));
    List<LedgerEntry> before = ledger.entries("w");
    assertConflict(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("40"))), at),
        "netoff:inv-1", "amount=INR 15.00", "amount=INR 40.00");
    assertConflict(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("10")),
        new DueLine(null, inr("5"))), at), "netoff:inv-1", "amount=INR 15.00", "amount=INR 5.00");
    assertConflict(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine("sms", inr("15"))),
        at), "netoff:inv-1", "code=null", "code=\"sms\"");
    assertConflict(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("15"))),
        at.plusSeconds(1)), "netoff:inv-1", "at=" + at, "at=" + at.plusSeconds(1));
    assertThat(ledger.entries("w")).isEqualTo(before);
    assertThat(wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("15"))), at))
        .isEqualTo(n);
  }

  /** Refunds, reversals and grants: the same rule, with the recorded and the new request named. */
  @Test
  void everyKeyedOperationReportsAConflictNamingBothRequests() {
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("100"), T0));
    assertConflict(() -> wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("50"), T0)),
        "grant:g1", "amount=INR 100.00", "amount=INR 50.00");
    wallet.refund(ACCOUNT, "r1", "g1", inr("30"), T0.plusSeconds(10));
    assertConflict(() -> wallet.refund(ACCOUNT, "r1", "g1", inr("30"), T0.plusSeconds(11)),
        "refund:r1", "at=" + T0.plusSeconds(10), "at=" + T0.plusSeconds(11));
    wallet.deduct(ACCOUNT, req("e1", "8", CapMode.HARD));
    wallet.reverse(ACCOUNT, "cn-1", "e1", inr("3"), T0.plusSeconds(120));
    // before the fix only the amount was compared: another time was replayed silently
    assertConflict(() -> wallet.reverse(ACCOUNT, "cn-1", "e1", inr("3"), T0.plusSeconds(121)),
        "reversal:cn-1", "at=" + T0.plusSeconds(120), "at=" + T0.plusSeconds(121));
    assertThat(wallet.state(ACCOUNT).ledgerBalance()).isEqualTo(inr("65"));
  }

  /**
   * Entries written without request text (another writer): a hard-capped replay must still match
   * what was deducted exactly, and no net-off line may have taken more than it now asks.
   */
  @Test
  void entriesWithoutRequestTextStillRefuseAPassedHardCap() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    CreditGrant g = CreditGrant.paid("g1", "w", inr("10"), T0);
    ledger.append("w", "grant:g1", 0, List.of(new LedgerEntry("w", "grant:g1", 0,
        LedgerEntryType.TOP_UP, "g1", g.amount(), T0, null, g)));
    ledger.append("w", "deduct:e1", 1, List.of(new LedgerEntry("w", "deduct:e1", 0,
        LedgerEntryType.DEDUCTION, "g1", inr("-8"), T0.plusSeconds(60), "api_calls", null)));
    ledger.append("w", "netoff:inv-1", 2, List.of(new LedgerEntry("w", "netoff:inv-1", 0,
        LedgerEntryType.NET_OFF, "g1", inr("-2"), T0.plusSeconds(60), "inv-1#0", null)));
    Wallet wallet = new Wallet(ledger);
    assertConflict(() -> wallet.deduct(ACCOUNT, req("e1", "50", CapMode.HARD)), "deduct:e1",
        "with no request text", "amount=INR 50.00");
    assertThat(wallet.deduct(ACCOUNT, req("e1", "8", CapMode.HARD)).deducted()).isEqualTo(inr("8"));
    assertConflict(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("1"))),
        T0.plusSeconds(60)), "netoff:inv-1", "with no request text", "amount=INR 1.00");
    assertThat(ledger.entries("w")).hasSize(3);
  }

  /** Issue 13 item 18: a deduction in another currency named no field. */
  @Test
  void anAmountInAnotherCurrencyNamesTheFieldAndBothCurrencies() {
    Wallet wallet = new Wallet(new InMemoryWalletLedger());
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("10"), T0));
    Money usd = Money.of("USD", "1");
    assertThatThrownBy(() -> wallet.deduct(ACCOUNT, new DeductionRequest("e1", usd, null, T0,
        CapMode.HARD))).isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
          assertThat(e.getMessage()).contains("'deduction.amount.currency'", "'USD'", "INR", "'w'");
        });
    assertThatThrownBy(() -> DeductionCalculator.DEFAULT.deduct(wallet.state(ACCOUNT),
        new DeductionRequest("e1", usd, null, T0, CapMode.HARD)))
        .hasMessageContaining("'deduction.amount.currency'").hasMessageContaining("INR");
    assertThatThrownBy(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, inr("1")),
        new DueLine(null, usd)), T0)).isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
          assertThat(e.getMessage()).contains("'net_off.lines[1].amount.currency'", "'USD'", "INR");
        });
    assertThatThrownBy(() -> wallet.topUp(ACCOUNT, CreditGrant.paid("g2", "w", usd, T0)))
        .hasMessageContaining("'grant.amount.currency'");
    assertThatThrownBy(() -> wallet.refund(ACCOUNT, "r1", "g1", usd, T0))
        .hasMessageContaining("'refund.amount.currency'");
    assertThat(wallet.state(ACCOUNT).ledgerBalance()).isEqualTo(inr("10"));
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
