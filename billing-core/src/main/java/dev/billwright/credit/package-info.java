/**
 * Prepaid credit: wallets, credit grants, the append-only wallet ledger, real-time deduction,
 * net-off against invoices, and quotas (allowances per meter per period).
 *
 * <p>The core is pure: {@link dev.billwright.credit.DeductionCalculator} turns a
 * {@link dev.billwright.credit.WalletState} and a request into a result and a new state;
 * {@link dev.billwright.credit.LedgerFold} rebuilds the state from ledger entries;
 * {@link dev.billwright.credit.Wallet} is a stateless service over the host's
 * {@link dev.billwright.credit.WalletLedger} SPI. Amounts are {@link dev.billwright.money.Money};
 * charges and meters are named by plain string codes so that rating and invoicing can call in.
 */
@NullMarked
package dev.billwright.credit;

import org.jspecify.annotations.NullMarked;
