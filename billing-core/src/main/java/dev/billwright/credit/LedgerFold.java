package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.money.Money;
import java.util.Currency;
import java.util.List;

/**
 * Rebuilds a {@link WalletState} from ledger entries: the balance is a fold of the ledger.
 *
 * <p>Rules, entry by entry in append order: a top-up or grant adds its grant (an unscoped one
 * first pays back the overdraft in use, see {@link WalletState#withGrant}); an overdraft entry
 * changes the overdraft in use by minus its amount; any other entry changes its grant's
 * remaining amount by its amount. So {@link WalletState#ledgerBalance()} of the result equals
 * the sum of the entries' amounts.
 */
public final class LedgerFold {
  private LedgerFold() {}

  /**
   * Folds entries into a state.
   *
   * @param walletId the wallet id, not blank
   * @param currency the wallet currency, not null
   * @param overdraftLimit the overdraft limit, at least zero
   * @param entries the wallet's entries in append order, not null
   * @return the state, never null
   * @throws BillingException if an entry names an unknown grant, would take a grant below zero
   *     or above its amount, or is in another currency (a corrupt ledger)
   */
  public static WalletState fold(String walletId, Currency currency, Money overdraftLimit,
      List<LedgerEntry> entries) {
    WalletState state = WalletState.empty(walletId, currency, overdraftLimit);
    for (LedgerEntry e : entries) {
      state = apply(state, e);
    }
    return state;
  }

  /**
   * Applies one entry to a state.
   *
   * @param state the state, not null
   * @param entry the entry of this wallet, not null
   * @return the new state, never null
   * @throws BillingException as for {@link #fold}
   */
  public static WalletState apply(WalletState state, LedgerEntry entry) {
    switch (entry.type()) {
      case TOP_UP:
      case GRANT:
        return state.withGrant(entry.grant());
      default:
        if (entry.isOverdraft()) {
          return state.withOverdraftChange(entry.amount().negated());
        }
        return state.withGrantChange(entry.grantId(), entry.amount());
    }
  }

  /**
   * Sums the signed amounts of entries: equals the ledger balance of their fold.
   *
   * @param currency the wallet currency, not null
   * @param entries the entries, not null
   * @return the sum, never null
   * @throws BillingException with {@link dev.billwright.error.ErrorCode#CURRENCY_MISMATCH} if an
   *     entry is in another currency
   */
  public static Money sum(Currency currency, List<LedgerEntry> entries) {
    return Money.total(currency, entries.stream().map(LedgerEntry::amount).toList());
  }
}
