package dev.billwright.testkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.credit.ConvertedNetOff;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.DueLine;
import dev.billwright.credit.LedgerEntryType;
import dev.billwright.credit.Wallet;
import dev.billwright.credit.WalletAccount;
import dev.billwright.credit.WalletCurrency;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AppliedCredit;
import dev.billwright.invoice.CreditConversion;
import dev.billwright.money.ExchangeRate;
import dev.billwright.money.Money;
import dev.billwright.memory.FixedExchangeRates;
import dev.billwright.memory.InMemoryWalletLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A wallet in INR netting off an invoice in USD ({@code wallet_currency}): refused by default (as
 * peers keep balances per currency), converted at the dated rate with {@link WalletCurrency#CONVERT}.
 * INR/USD 0.011976 is published at {@link #T0}; a USD 10.00 line is covered by
 * 10.00 / 0.011976 = 835.0033… → INR 835.01 (rounded up to the paisa, so the line is paid in full),
 * which converts back to 835.01 × 0.011976 = 10.00015… → USD 10.00.
 */
class WalletCurrencyTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Currency INR = Money.currency("INR");
  static final Currency USD = Money.currency("USD");
  static final WalletAccount ACCOUNT = WalletAccount.of("w", INR);

  static Money inr(String a) {
    return Money.of("INR", a);
  }

  static Money usd(String a) {
    return Money.of("USD", a);
  }

  static FixedExchangeRates rates() {
    return new FixedExchangeRates("ecb").published(INR, USD, new BigDecimal("0.011976"), T0);
  }

  static Wallet funded(InMemoryWalletLedger ledger) {
    Wallet wallet = new Wallet(ledger);
    wallet.topUp(ACCOUNT, CreditGrant.paid("g1", "w", inr("1000"), T0));
    return wallet;
  }

  @Test
  void byDefaultANetOffInAnotherCurrencyIsRefusedAndTheWalletUnchanged() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = funded(ledger);
    Instant at = T0.plusSeconds(60);
    assertThatThrownBy(() -> wallet.netOff(ACCOUNT, "inv-usd", List.of(new DueLine(null, usd("10.00"))), at,
        rates(), WalletCurrency.REFUSE))
        .isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
          assertThat(e.getMessage()).contains("net_off.lines[0].amount.currency", "USD", "INR");
        });
    assertThat(ledger.entries("w")).hasSize(1);
    assertThat(WalletCurrency.parse("refuse", "wallet_currency")).isEqualTo(WalletCurrency.REFUSE);
    assertThatThrownBy(() -> WalletCurrency.parse("auto", "wallet_currency")).hasMessageContaining("wallet_currency");
  }

  /**
   * Converted: the first invoice's USD 10.00 line is paid in full for INR 835.01; the second's
   * USD 20.00 would need INR 1670.01 but 164.99 is left, which converts to 164.99 × 0.011976 =
   * 1.97592… → USD 1.98, leaving USD 18.02 due. Each applied credit states the wallet amount and
   * the rate; repeating a net-off returns the same result and writes nothing more.
   */
  @Test
  void convertedNetOffPaysInTheInvoiceCurrencyAndStatesTheConversion() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = funded(ledger);
    Instant at = T0.plusSeconds(60);
    ConvertedNetOff first = wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, usd("10.00"))), at, rates(),
        WalletCurrency.CONVERT);
    assertThat(first.wallet().creditsApplied()).isEqualTo(inr("835.01"));
    assertThat(first.creditsApplied()).isEqualTo(usd("10.00"));
    assertThat(first.amountDue()).isEqualTo(usd("0.00"));
    AppliedCredit credit = AppliedCredit.of("wallet:w", first).orElseThrow();
    assertThat(credit.amount()).isEqualTo(usd("10.00"));
    assertThat(credit.conversion()).hasValueSatisfying(c -> {
      assertThat(c.walletAmount()).isEqualTo(inr("835.01"));
      assertThat(c.rate().rate()).isEqualByComparingTo("0.011976");
      assertThat(c.rate().source()).isEqualTo("ecb");
    });
    assertThat(wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, usd("10.00"))), at, rates(),
        WalletCurrency.CONVERT)).isEqualTo(first);

    ConvertedNetOff second = wallet.netOff(ACCOUNT, "inv-2", List.of(new DueLine(null, usd("20.00"))),
        at.plusSeconds(60), rates(), WalletCurrency.CONVERT);
    assertThat(second.wallet().creditsApplied()).isEqualTo(inr("164.99"));
    assertThat(second.creditsApplied()).isEqualTo(usd("1.98"));
    assertThat(second.amountDue()).isEqualTo(usd("18.02"));
    assertThat(ledger.entries("w")).filteredOn(e -> e.type() == LedgerEntryType.NET_OFF).hasSize(2);
    assertThat(wallet.state(ACCOUNT).balance(at.plusSeconds(120))).isEqualTo(inr("0.00"));
  }

  @Test
  void aMissingRateIsAnErrorAndTheWalletUnchanged() {
    InMemoryWalletLedger ledger = new InMemoryWalletLedger();
    Wallet wallet = funded(ledger);
    assertThatThrownBy(() -> wallet.netOff(ACCOUNT, "inv-1", List.of(new DueLine(null, usd("10.00"))),
        T0.minusSeconds(1), rates(), WalletCurrency.CONVERT))
        .isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.EXCHANGE_RATE_MISSING);
          assertThat(e.getMessage()).contains("net_off.exchange_rate", "INR/USD");
        });
    assertThat(ledger.entries("w")).hasSize(1);
  }

  @Test
  void anAppliedCreditCannotClaimMoreThanItsWalletAmountConverts() {
    ExchangeRate rate = new ExchangeRate(INR, USD, new BigDecimal("0.011976"), "ecb", T0);
    assertThatThrownBy(() -> new AppliedCredit("wallet:w", usd("10.01"),
        Optional.of(new CreditConversion(inr("835.01"), rate))))
        .hasMessageContaining("credits_applied.wallet:w.conversion");
    assertThat(new AppliedCredit("wallet:w", usd("10.00"), Optional.of(new CreditConversion(inr("835.01"), rate)))
        .conversion()).isPresent();
  }
}
