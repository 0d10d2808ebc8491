package dev.billwright.credit;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.Locale;

/**
 * What a wallet netting off an invoice in another currency does (option {@code wallet_currency}).
 *
 * <ul>
 *   <li>{@link #REFUSE} (default): refused with {@link ErrorCode#CURRENCY_MISMATCH}, the wallet
 *       unchanged. Peers keep balances per currency: Lago requires a customer's wallets to be in
 *       its one currency, and Stripe's customer balance applies to invoices in its own currency.</li>
 *   <li>{@link #CONVERT}: the wallet's credit is converted at the dated rate from the wallet
 *       currency to the invoice currency, in effect at the invoice's issue instant
 *       ({@link Wallet#netOff(WalletAccount, String, java.util.List, java.time.Instant,
 *       dev.billwright.money.ExchangeRateProvider, WalletCurrency)}).</li>
 * </ul>
 */
public enum WalletCurrency {
  /** Refuse a net-off in another currency (default). */
  REFUSE,
  /** Convert the wallet's credit at the dated rate. */
  CONVERT;

  /**
   * Returns the JSON name: {@code refuse} or {@code convert}.
   *
   * @return the name, never null
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON name.
   *
   * @param text {@code refuse} or {@code convert}, not null
   * @param field the field named in an error
   * @return the rule, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} for another text
   */
  public static WalletCurrency parse(String text, String field) {
    for (WalletCurrency w : values()) {
      if (w.jsonName().equals(text)) {
        return w;
      }
    }
    throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, text, "refuse or convert");
  }
}
