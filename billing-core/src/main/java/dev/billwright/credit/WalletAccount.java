package dev.billwright.credit;

import dev.billwright.money.Money;
import java.util.Currency;

/**
 * The fixed settings of a wallet: its id, currency and overdraft limit. The host stores them;
 * movements live in the {@link WalletLedger}.
 *
 * @param walletId the wallet id (often the customer id), not blank
 * @param currency the wallet currency, not null
 * @param overdraftLimit how far below zero the wallet may go, at least zero, in the currency
 */
public record WalletAccount(String walletId, Currency currency, Money overdraftLimit) {
  /**
   * Creates and validates the settings.
   *
   * @param walletId the wallet id
   * @param currency the currency
   * @param overdraftLimit the overdraft limit
   * @throws dev.billwright.error.BillingException as for {@link WalletState#empty}
   */
  public WalletAccount {
    WalletState.empty(walletId, currency, overdraftLimit);
  }

  /**
   * Returns a wallet with no overdraft: it never goes below zero.
   *
   * @param walletId the wallet id, not blank
   * @param currency the currency, not null
   * @return the settings, never null
   * @throws dev.billwright.error.BillingException if a value is missing or blank
   */
  public static WalletAccount of(String walletId, Currency currency) {
    return new WalletAccount(walletId, currency, Money.zero(currency));
  }
}
